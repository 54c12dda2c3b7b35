import { getFloat16, setFloat16 } from "@petamoriken/float16";
import { describe, expect, it } from "vitest";
import {
  bfloat16ToNumber,
  halfToNumber,
  numberToBfloat16,
  numberToHalf,
  readValues,
  writeValues,
} from "../../../src/models/weights/dtypes.js";
import { Rng } from "../../../src/util/rng.js";

/** Random doubles over many binades, plus ties and extremes. */
function samples(seed: number, count: number): number[] {
  const rng = new Rng(seed);
  const xs: number[] = [0, -0, 1, -1, 65504, 65519.99, 65520, -65520, 2 ** -24, 2 ** -25, 3 * 2 ** -26, 2 ** -14, 1e-40, 3.4e38, 3.5e38, 1e300];
  for (let k = 0; k < count; k++) xs.push((rng.float() * 2 - 1) * 2 ** rng.int(-140, 130));
  // exact ties between neighbouring halves: (2j + 1)/2 ulps
  for (let k = 0; k < 200; k++) xs.push((2 * rng.int(1024, 2047) + 1) * 2 ** (rng.int(-14, 15) - 11));
  return xs;
}

const same = (a: number, b: number) => Object.is(a, b) || (Number.isNaN(a) && Number.isNaN(b));

describe("safetensors dtypes", () => {
  it("F16 decodes every bit pattern as @petamoriken/float16 does", () => {
    const view = new DataView(new ArrayBuffer(2));
    for (let h = 0; h < 65536; h++) {
      view.setUint16(0, h, true);
      expect(same(halfToNumber(h), getFloat16(view, 0, true))).toBe(true);
    }
  });

  it("F16 encodes with round-to-nearest-even as @petamoriken/float16 does", () => {
    const view = new DataView(new ArrayBuffer(2));
    for (const x of samples(1, 5000)) {
      setFloat16(view, 0, x, true);
      expect(numberToHalf(x), String(x)).toBe(view.getUint16(0, true));
    }
  });

  it("BF16 decodes as the top half of a binary32", () => {
    const view = new DataView(new ArrayBuffer(4));
    for (let b = 0; b < 65536; b += 7) {
      view.setUint32(0, b << 16, true);
      expect(same(bfloat16ToNumber(b), view.getFloat32(0, true))).toBe(true);
    }
  });

  it("BF16 encodes to the nearest bfloat16, ties to an even pattern (checked against a sorted table)", () => {
    const table: { v: number; b: number }[] = [];
    for (let b = 0; b < 0x7f80; b++) table.push({ v: bfloat16ToNumber(b), b });
    const max = table[table.length - 1].v;
    for (const x of samples(2, 5000)) {
      const a = Math.abs(x);
      const got = numberToBfloat16(x);
      const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
      if (a > max) {
        // beyond max + half an ulp → inf, else max
        const halfUlp = 2 ** 119;
        expect(got).toBe(sign | (a >= max + halfUlp ? 0x7f80 : 0x7f7f));
        continue;
      }
      let lo = 0;
      let hi = table.length - 1;
      while (hi - lo > 1) {
        const mid = (lo + hi) >> 1;
        if (table[mid].v <= a) lo = mid;
        else hi = mid;
      }
      const below = table[lo];
      const above = table[hi];
      const dl = a - below.v;
      const du = above.v - a;
      const want = dl < du ? below : du < dl ? above : below.b % 2 === 0 ? below : above;
      expect(got, String(x)).toBe(sign | (a === above.v ? above.b : want.b));
    }
  });

  it("writeValues/readValues round-trip and count the values narrowing changed", () => {
    const xs = [0.5, 1 / 3, -2, 1e-9, 70000];
    for (const [dtype, width, changed] of [["F64", 8, 0], ["F32", 4, 2], ["F16", 2, 3], ["BF16", 2, 3]] as const) {
      const bytes = new Uint8Array(3 + xs.length * width); // odd offset: DataView handles alignment
      expect(writeValues(xs, dtype, bytes, 3), dtype).toBe(changed);
      const back = readValues(bytes, 3, xs.length, dtype);
      expect(back[0]).toBe(0.5);
      expect(back[2]).toBe(-2);
      if (dtype === "F64") expect(Array.from(back)).toEqual(xs);
    }
  });
});
