import { describe, expect, it } from "vitest";
import { readSafetensors, writeSafetensors } from "../../../src/models/weights/safetensors.js";
import { UserError } from "../../../src/util/errors.js";

/** A file laid out by hand, as the reference implementation lays it out. */
function handFile(header: object, data: number[]): Uint8Array {
  const h = new TextEncoder().encode(JSON.stringify(header));
  const out = new Uint8Array(8 + h.length + data.length);
  new DataView(out.buffer).setBigUint64(0, BigInt(h.length), true);
  out.set(h, 8);
  out.set(data, 8 + h.length);
  return out;
}

const f32le = (...xs: number[]) => {
  const b = new Uint8Array(4 * xs.length);
  xs.forEach((x, k) => new DataView(b.buffer).setFloat32(4 * k, x, true));
  return Array.from(b);
};

describe("safetensors", () => {
  it("reads a hand-laid-out file", () => {
    const file = handFile(
      {
        __metadata__: { architecture: "lstm" },
        b: { dtype: "F32", shape: [2], data_offsets: [8, 16] },
        a: { dtype: "F32", shape: [1, 2], data_offsets: [0, 8] },
      },
      [...f32le(1.5, -2), ...f32le(0.25, 3)],
    );
    const c = readSafetensors(file, "hand.safetensors");
    expect(c.metadata).toEqual({ architecture: "lstm" });
    expect(c.tensors.a.shape).toEqual([1, 2]);
    expect(Array.from(c.tensors.a.data)).toEqual([1.5, -2]);
    expect(Array.from(c.tensors.b.data)).toEqual([0.25, 3]);
    expect(c.dtypes).toEqual({ a: "F32", b: "F32" });
  });

  it("writes what it reads, for every dtype, with an 8-byte-aligned header", () => {
    const tensors = {
      "x.weight": { shape: [2, 3], data: Float64Array.from([0.5, -1, 2, 0.25, -0, 3]) },
      "x.bias": { shape: [3], data: Float64Array.from([1, 2, 4]) },
      empty: { shape: [0], data: new Float64Array(0) },
    };
    for (const dtype of ["F64", "F32", "F16", "BF16"] as const) {
      const { bytes, changed } = writeSafetensors(tensors, { k: "v" }, dtype);
      expect(changed).toBe(0);
      const n = Number(new DataView(bytes.buffer).getBigUint64(0, true));
      expect(n % 8).toBe(0);
      const c = readSafetensors(bytes, "t.safetensors");
      expect(c.metadata).toEqual({ k: "v" });
      for (const [name, t] of Object.entries(tensors)) {
        expect(c.tensors[name].shape).toEqual(t.shape);
        expect(Array.from(c.tensors[name].data)).toEqual(Array.from(t.data));
        expect(c.dtypes[name]).toBe(dtype);
      }
      expect(Object.is(c.tensors["x.weight"].data[4], -0)).toBe(true);
    }
  });

  const bad: [string, Uint8Array, RegExp][] = [
    ["fewer than 8 bytes", new Uint8Array(5), /truncated header/],
    [
      "header longer than the file",
      (() => {
        const f = handFile({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, f32le(1));
        return f.subarray(0, 20);
      })(),
      /truncated header: header length \d+ but only 12 bytes follow/,
    ],
    [
      "insane header length",
      (() => {
        const f = new Uint8Array(16);
        new DataView(f.buffer).setBigUint64(0, 2n ** 60n, true);
        return f;
      })(),
      /not sane/,
    ],
    ["header not JSON", (() => { const f = handFile({}, []); f[8] = 0x7a; return f; })(), /not valid UTF-8 JSON/],
    ["truncated data", handFile({ a: { dtype: "F32", shape: [2], data_offsets: [0, 8] } }, f32le(1)), /truncated data/],
    ["byte count ≠ shape", handFile({ a: { dtype: "F32", shape: [3], data_offsets: [0, 8] } }, f32le(1, 2)), /needs 12 bytes/],
    ["unsupported dtype", handFile({ a: { dtype: "I32", shape: [1], data_offsets: [0, 4] } }, f32le(1)), /unsupported dtype I32/],
    ["hole", handFile({ a: { dtype: "F32", shape: [1], data_offsets: [4, 8] } }, f32le(1, 2)), /holes or overlapping/],
    [
      "overlap",
      handFile(
        { a: { dtype: "F32", shape: [2], data_offsets: [0, 8] }, b: { dtype: "F32", shape: [1], data_offsets: [4, 8] } },
        f32le(1, 2),
      ),
      /holes or overlapping/,
    ],
    ["trailing bytes", handFile({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4] } }, f32le(1, 2)), /4 bytes after the last tensor/],
    ["unknown entry key", handFile({ a: { dtype: "F32", shape: [1], data_offsets: [0, 4], extra: 1 } }, f32le(1)), /tensor 'a'/],
    ["metadata not strings", handFile({ __metadata__: { a: 1 } }, []), /__metadata__/],
  ];
  for (const [what, bytes, message] of bad) {
    it(`refuses a file with ${what} (one-line UserError naming the file)`, () => {
      let error: unknown;
      try {
        readSafetensors(bytes, "bad.safetensors");
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(UserError);
      const msg = (error as Error).message;
      expect(msg).toMatch(/^bad\.safetensors: /);
      expect(msg).toMatch(message);
      expect(msg).not.toContain("\n");
    });
  }
});
