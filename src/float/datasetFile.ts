import { readFileSync, renameSync, writeFileSync } from "node:fs";
import { UserError } from "../util/errors.js";

/**
 * A dataset split on disk, in the safetensors layout (docs/float.md): 8-byte little-endian
 * header length, a JSON header naming each array's dtype, shape and byte range, then the raw
 * little-endian arrays. `__metadata__.format` is "streambound-dataset" and `__metadata__.info`
 * a JSON string (task, n, mode, split, seed, vocabSize, padId, hash).
 */
export interface DatasetArrays {
  /** [count, length] token ids, padded with padId after each sequence's end. */
  readonly tokens: Int32Array;
  /** [count, length] 1 where the token is a supervised target. */
  readonly mask: Uint8Array;
  /** [count] the answer token of each sequence. */
  readonly labels: Int32Array;
  /** [count] each sequence's real length. */
  readonly lengths: Int32Array;
  readonly count: number;
  readonly length: number;
}

export const DATASET_FORMAT = "streambound-dataset";

interface TensorEntry {
  dtype: "I32" | "U8";
  shape: number[];
  data_offsets: [number, number];
}

function bytesOf(a: Int32Array | Uint8Array): Uint8Array {
  // the hosts we run on are little-endian, which is what the format stores
  return new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
}

/** The file's bytes: header then arrays (tokens, mask, labels, lengths, in that order). */
export function encodeDataset(arrays: DatasetArrays, info: Record<string, unknown>): Buffer {
  const parts: [string, "I32" | "U8", number[], Int32Array | Uint8Array][] = [
    ["tokens", "I32", [arrays.count, arrays.length], arrays.tokens],
    ["mask", "U8", [arrays.count, arrays.length], arrays.mask],
    ["labels", "I32", [arrays.count], arrays.labels],
    ["lengths", "I32", [arrays.count], arrays.lengths],
  ];
  const header: Record<string, TensorEntry | Record<string, string>> = {
    __metadata__: { format: DATASET_FORMAT, info: JSON.stringify(info) },
  };
  let offset = 0;
  for (const [name, dtype, shape, data] of parts) {
    header[name] = { dtype, shape, data_offsets: [offset, offset + data.byteLength] };
    offset += data.byteLength;
  }
  let json = JSON.stringify(header);
  json += " ".repeat((8 - (json.length % 8)) % 8);
  const headerBytes = Buffer.from(json, "utf8");
  const len = Buffer.alloc(8);
  len.writeBigUInt64LE(BigInt(headerBytes.length));
  return Buffer.concat([len, headerBytes, ...parts.map((p) => bytesOf(p[3]))]);
}

/** Writes atomically (temporary file, then rename), so a killed run never leaves half a file. */
export function writeDatasetFile(path: string, arrays: DatasetArrays, info: Record<string, unknown>): void {
  writeFileSync(path + ".tmp", encodeDataset(arrays, info));
  renameSync(path + ".tmp", path);
}

export function readDatasetFile(path: string): { arrays: DatasetArrays; info: Record<string, unknown> } {
  let blob: Buffer;
  try {
    blob = readFileSync(path);
  } catch {
    throw new UserError(`cannot read dataset file ${path}`);
  }
  if (blob.length < 8) throw new UserError(`${path}: truncated dataset file`);
  const n = Number(blob.readBigUInt64LE(0));
  if (8 + n > blob.length) throw new UserError(`${path}: header length ${n} exceeds the file size`);
  let header: Record<string, unknown>;
  try {
    header = JSON.parse(blob.subarray(8, 8 + n).toString("utf8")) as Record<string, unknown>;
  } catch {
    throw new UserError(`${path}: dataset header is not valid JSON`);
  }
  const meta = header.__metadata__ as Record<string, string> | undefined;
  if (meta?.format !== DATASET_FORMAT) throw new UserError(`${path}: not a streambound dataset file`);
  const body = blob.subarray(8 + n);
  const view = (name: string): { data: Buffer; shape: number[] } => {
    const e = header[name] as TensorEntry | undefined;
    if (!e) throw new UserError(`${path}: dataset lacks the array '${name}'`);
    const [b, end] = e.data_offsets;
    if (end > body.length) throw new UserError(`${path}: array '${name}' runs past the end of the file`);
    return { data: Buffer.from(body.subarray(b, end)), shape: e.shape };
  };
  const tok = view("tokens");
  const i32 = (d: Buffer) => new Int32Array(d.buffer, d.byteOffset, d.byteLength / 4);
  const arrays: DatasetArrays = {
    tokens: i32(tok.data),
    mask: new Uint8Array(view("mask").data),
    labels: i32(view("labels").data),
    lengths: i32(view("lengths").data),
    count: tok.shape[0],
    length: tok.shape[1],
  };
  return { arrays, info: JSON.parse(meta.info ?? "{}") as Record<string, unknown> };
}
