import { describe, expect, it } from "vitest";
import { PackedSink, PackedSource, packedWords, packMessage } from "../../../src/census/_internals/packedMessage.js";
import { BitCursor, putEliasGamma, StringSink } from "../../../src/stream/codec.js";
import { Rng } from "../../../src/util/rng.js";

// The sink must write the words packMessage makes of the string, field for field.
describe("PackedSink and PackedSource against the '0'/'1' form", () => {
  for (const seed of [1, 2, 3, 4, 5, 6]) {
    it(`seed ${seed}: random fields of 0..32 bits and gamma codes`, () => {
      const rng = new Rng(seed);
      const fields: { code: number; k: number; gamma: boolean }[] = [];
      for (let i = 0; i < 60; i++) {
        if (rng.int(0, 9) === 0) fields.push({ code: rng.int(1, 2 ** rng.int(0, 20)), k: 0, gamma: true });
        else {
          const k = rng.int(0, 32);
          // Edge codes as often as random ones: 0, all ones, the top bit alone.
          const pick = rng.int(0, 3);
          const code = k === 0 ? 0 : pick === 0 ? 0 : pick === 1 ? 2 ** k - 1 : pick === 2 ? 2 ** (k - 1) : Math.floor(rng.int(0, 2 ** 30) * 2 ** (k - 30 > 0 ? k - 30 : 0)) % 2 ** k;
          fields.push({ code, k, gamma: false });
        }
      }
      const str = new StringSink();
      for (const f of fields) f.gamma ? putEliasGamma(str, f.code) : str.put(f.code, f.k);
      const text = str.text();
      const width = packedWords(text.length) + rng.int(0, 2);
      const expected = new Uint32Array(width + 2).fill(0xdeadbeef);
      packMessage(text, expected, 1, width);
      const got = new Uint32Array(width + 2).fill(0xdeadbeef);
      const sink = new PackedSink(got, 1, width);
      for (const f of fields) f.gamma ? putEliasGamma(sink, f.code) : sink.put(f.code, f.k);
      sink.finish();
      expect(Array.from(got)).toEqual(Array.from(expected));
      const src = new PackedSource(got, 1);
      const cur = new BitCursor(text);
      for (const f of fields) {
        if (f.gamma) {
          expect(src.eliasGamma()).toBe(f.code);
          expect(cur.eliasGamma()).toBe(f.code);
        } else {
          expect(src.uint(f.k)).toBe(f.code);
          expect(cur.uint(f.k)).toBe(f.code);
        }
      }
      expect(src.done()).toBe(true);
      expect(() => src.uint(1)).toThrow(RangeError);
    });
  }

  it("a field past the words, or a code wider than its field, is a RangeError", () => {
    const out = new Uint32Array(2);
    const sink = new PackedSink(out, 0, 2);
    sink.put(5, 3);
    expect(() => sink.put(8, 3)).toThrow(RangeError);
    expect(() => sink.put(0, 30)).toThrow(RangeError);
  });
});
