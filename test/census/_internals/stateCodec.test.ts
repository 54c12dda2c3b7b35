import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { packedCodec } from "../../../src/census/_internals/stateCodec.js";
import { packMessage } from "../../../src/census/_internals/packedMessage.js";
import { createGru } from "../../../src/models/gru.js";
import { createLstm } from "../../../src/models/lstm.js";
import { parseFormat } from "../../../src/numeric/index.js";
import { idealModel } from "../../../src/models/ideal.js";
import { indexReduction } from "../../../src/comm/reductions/indexReduction.js";
import type { StreamingModel } from "../../../src/stream/model.js";

function check<S>(model: StreamingModel<S>, tokens: number[]): void {
  const codec = packedCodec(model);
  let state = model.init();
  for (let t = 0; t < tokens.length; t++) {
    state = model.step(state, tokens[t], t);
    const w = codec.width(t + 1);
    const fast = new Uint32Array(w);
    const slow = new Uint32Array(w);
    codec.pack(state, t + 1, fast, 0, w);
    packMessage(model.encode(state), slow, 0, w);
    expect(Array.from(fast)).toEqual(Array.from(slow));
    expect(model.encode(codec.unpack(fast, 0))).toBe(model.encode(state));
  }
}

describe("the census's packed codec is exactly packMessage(encode(state))", () => {
  for (const format of ["fp32", "fp16", "bf16", "fp8e4m3fn", "fp8e5m2", "fixed:2.6", "fixed:4.12", "fixed:3.2", "fp64"]) {
    it(`LSTM and GRU at ${format}, on random token streams`, () => {
      const f = parseFormat(format);
      const models = [createLstm({ width: 3, layers: 2, format: f, vocabSize: 6, seed: 2 }), createGru({ width: 5, layers: 1, format: f, vocabSize: 6, seed: 3 })];
      fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 12 }), (tokens) => models.forEach((m) => check(m, tokens))), { numRuns: 30 });
    });
  }
  it("the generic path (ideal model, growing suffix)", () => {
    const n = 6;
    const model = idealModel({ stateBits: 4, reduction: indexReduction, n });
    check(model, [1, 0, 1, 1, 0, 1, 3, 4]);
  });
});

describe("special values pack as encode() writes them", () => {
  for (const format of ["fp32", "fp16", "bf16", "fp8e4m3fn", "fp8e5m2"]) {
    it(format, () => {
      const f = parseFormat(format);
      const model = createLstm({ width: 4, layers: 1, format: f, vocabSize: 3, seed: 1 });
      const codec = packedCodec(model);
      const specials = [0, -0, NaN, Infinity, -Infinity, f.decode(1), -f.decode(1), f.decode(f.encode(1)), f.decode(f.encode(-1.5))];
      const isValue = (v: number): boolean => {
        try {
          return Number.isNaN(v) ? Number.isNaN(f.decode(f.encode(v))) : Object.is(f.decode(f.encode(v)), v);
        } catch {
          return false; // e.g. no infinities in the fn formats
        }
      };
      const values = specials.filter(isValue);
      for (let start = 0; start < values.length; start += 8) {
        const state = model.init();
        for (let i = 0; i < 8; i++) state[i] = values[(start + i) % values.length];
        const w = codec.width(0);
        const fast = new Uint32Array(w);
        const slow = new Uint32Array(w);
        codec.pack(state, 0, fast, 0, w);
        packMessage(model.encode(state), slow, 0, w);
        expect(Array.from(fast)).toEqual(Array.from(slow));
        expect(model.encode(codec.unpack(fast, 0))).toBe(model.encode(state));
      }
    });
  }
});
