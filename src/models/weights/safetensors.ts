import { z } from "zod";
import { UserError } from "../../util/errors.js";
import { zodProblem } from "../spec.js";
import { DTYPES, DTYPE_BYTES, readValues, writeValues, type Dtype } from "./dtypes.js";
import { numel, type NamedTensors } from "../_internals/params.js";

/**
 * The safetensors container (huggingface/safetensors): an 8-byte little-endian header length N,
 * N bytes of JSON header {name: {dtype, shape, data_offsets: [begin, end]}, "__metadata__":
 * {string: string}}, then the data buffer, which the tensors cover exactly (no holes, no overlap,
 * nothing after). Our own reader and writer; dtypes F64, F32, F16, BF16.
 */

/** Headers beyond this are refused before reading them (a corrupt length must not allocate GBs). */
const MAX_HEADER_BYTES = 100_000_000;

export interface SafetensorsContent {
  readonly metadata: Readonly<Record<string, string>>;
  readonly tensors: NamedTensors;
  /** dtype of each tensor as stored */
  readonly dtypes: Readonly<Record<string, Dtype>>;
}

const entrySchema = z.strictObject({
  dtype: z.string(),
  shape: z.array(z.number().int().min(0)),
  data_offsets: z.tuple([z.number().int().min(0), z.number().int().min(0)]),
});

/** Parses a safetensors file; every problem is a one-line UserError naming `file`. */
export function readSafetensors(bytes: Uint8Array, file: string): SafetensorsContent {
  const fail = (problem: string): never => {
    throw new UserError(`${file}: ${problem}`);
  };
  if (bytes.length < 8) fail(`truncated header: ${bytes.length} bytes, fewer than the 8-byte header length`);
  const lengthView = new DataView(bytes.buffer, bytes.byteOffset, 8);
  const n = Number(lengthView.getBigUint64(0, true));
  if (n > MAX_HEADER_BYTES) fail(`header length ${n} is not sane (limit ${MAX_HEADER_BYTES})`);
  if (8 + n > bytes.length) fail(`truncated header: header length ${n} but only ${bytes.length - 8} bytes follow`);
  let header: unknown;
  try {
    header = JSON.parse(new TextDecoder("utf-8", { fatal: true }).decode(bytes.subarray(8, 8 + n)));
  } catch {
    return fail("header is not valid UTF-8 JSON");
  }
  if (!header || typeof header !== "object" || Array.isArray(header)) fail("header is not a JSON object");
  const data = bytes.subarray(8 + n);
  const metadata: Record<string, string> = {};
  const tensors: NamedTensors = {};
  const dtypes: Record<string, Dtype> = {};
  const spans: [number, number, string][] = [];
  for (const [name, raw] of Object.entries(header as Record<string, unknown>)) {
    if (name === "__metadata__") {
      const m = z.record(z.string(), z.string()).safeParse(raw);
      if (!m.success) fail(zodProblem("__metadata__", m.error));
      Object.assign(metadata, m.data);
      continue;
    }
    const e = entrySchema.safeParse(raw);
    if (!e.success) return fail(`tensor '${name}': ${zodProblem("header entry", e.error)}`);
    const { dtype, shape, data_offsets: [begin, end] } = e.data;
    if (!DTYPES.includes(dtype as Dtype)) fail(`tensor '${name}': unsupported dtype ${dtype} (supported: ${DTYPES.join(", ")})`);
    const dt = dtype as Dtype;
    const count = numel(shape);
    if (end < begin) fail(`tensor '${name}': data_offsets [${begin}, ${end}] end before begin`);
    if (end - begin !== count * DTYPE_BYTES[dt]) {
      fail(`tensor '${name}': shape [${shape.join(", ")}] of ${dt} needs ${count * DTYPE_BYTES[dt]} bytes, data_offsets give ${end - begin}`);
    }
    if (end > data.length) fail(`truncated data: tensor '${name}' ends at byte ${end} of a ${data.length}-byte buffer`);
    spans.push([begin, end, name]);
    tensors[name] = { shape, data: readValues(data, begin, count, dt) };
    dtypes[name] = dt;
  }
  spans.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
  let pos = 0;
  for (const [begin, end, name] of spans) {
    if (begin !== pos) fail(`tensor '${name}' starts at byte ${begin}, expected ${pos} (holes or overlapping tensors)`);
    pos = end;
  }
  if (pos !== data.length) fail(`${data.length - pos} bytes after the last tensor`);
  return { metadata, tensors, dtypes };
}

/** Serialises tensors (in the given order) as one dtype; returns the file bytes and how many values narrowing changed. */
export function writeSafetensors(
  tensors: NamedTensors,
  metadata: Readonly<Record<string, string>>,
  dtype: Dtype,
): { bytes: Uint8Array; changed: number } {
  const header: Record<string, unknown> = { __metadata__: metadata };
  let offset = 0;
  for (const [name, t] of Object.entries(tensors)) {
    const size = t.data.length * DTYPE_BYTES[dtype];
    header[name] = { dtype, shape: [...t.shape], data_offsets: [offset, offset + size] };
    offset += size;
  }
  const json = JSON.stringify(header);
  let headerBytes = new TextEncoder().encode(json);
  // Pad with spaces to a multiple of 8, as the reference writer does (aligned data buffer).
  const pad = (8 - (headerBytes.length % 8)) % 8;
  if (pad) headerBytes = new TextEncoder().encode(json + " ".repeat(pad));
  const bytes = new Uint8Array(8 + headerBytes.length + offset);
  new DataView(bytes.buffer).setBigUint64(0, BigInt(headerBytes.length), true);
  bytes.set(headerBytes, 8);
  let changed = 0;
  let at = 8 + headerBytes.length;
  for (const t of Object.values(tensors)) {
    changed += writeValues(t.data, dtype, bytes, at);
    at += t.data.length * DTYPE_BYTES[dtype];
  }
  return { bytes, changed };
}
