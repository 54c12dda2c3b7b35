import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  arrayCodec,
  decodeWith,
  eliasGammaBits,
  encodeWith,
  listCodec,
  productCodec,
  uintCodec,
  vectorCodec,
} from "../../src/stream/codec.js";
import { parseFormat } from "../../src/numeric/index.js";

describe("bit-string codecs", () => {
  it("round-trip unsigned integers at their exact width", () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 31 }), fc.nat(), (k, v) => {
        const value = v % 2 ** k;
        const c = uintCodec(k);
        const bits = encodeWith(c, value);
        expect(bits).toHaveLength(k);
        expect(decodeWith(c, bits)).toBe(value);
      }),
    );
  });
  it("Elias gamma is self-delimiting and 2⌊log₂ m⌋ + 1 bits long", () => {
    fc.assert(
      fc.property(fc.array(fc.nat({ max: 5000 }), { maxLength: 20 }), (xs) => {
        const c = listCodec(uintCodec(13));
        const bits = encodeWith(c, xs);
        expect(bits.length).toBe(c.bitLength(xs));
        expect(decodeWith(c, bits)).toEqual(xs);
      }),
    );
    for (const m of [1, 2, 3, 4, 7, 8, 1000]) expect(eliasGammaBits(m)).toHaveLength(2 * Math.floor(Math.log2(m)) + 1);
  });
  it("products and arrays are the concatenation of their parts", () => {
    const c = productCodec<[number, number[]]>([uintCodec(3), arrayCodec(uintCodec(2), 4)]);
    const bits = encodeWith(c, [5, [0, 1, 2, 3]]);
    expect(bits).toBe("101" + "00011011");
    expect(decodeWith(c, bits)).toEqual([5, [0, 1, 2, 3]]);
  });
  it("vectors of a format take length·bits bits and decode to the same values", () => {
    for (const name of ["fixed:2.6", "fp16", "bf16", "fp8e4m3fn", "fp32", "fp64"]) {
      const f = parseFormat(name);
      fc.assert(
        fc.property(fc.array(fc.double({ min: -1, max: 1, noNaN: true }), { minLength: 3, maxLength: 3 }), (xs) => {
          const v = Float64Array.from(xs, (x) => f.round(x));
          const c = vectorCodec(f, 3);
          const bits = encodeWith(c, v);
          expect(bits).toHaveLength(3 * f.bits);
          const back = decodeWith(c, bits);
          for (let k = 0; k < 3; k++) expect(Object.is(back[k], v[k])).toBe(true);
        }),
        { numRuns: 200 },
      );
    }
  });
  it("rejects trailing or missing bits", () => {
    expect(() => decodeWith(uintCodec(3), "1010")).toThrow(/trailing/);
    expect(() => decodeWith(uintCodec(3), "10")).toThrow(/too short/);
  });
});
