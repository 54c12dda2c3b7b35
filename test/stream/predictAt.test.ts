import { describe, expect, it } from "vitest";
import { createModel } from "../../src/models/createModel.js";
import { parseFormat } from "../../src/numeric/index.js";
import { predict, predictAt, type StreamingModel } from "../../src/stream/model.js";
import { Rng } from "../../src/util/rng.js";

const subjects: [string, Record<string, unknown>, string][] = [
  ["lstm", { width: 4, layers: 1, vocabSize: 9 }, "fp32"],
  ["gru", { width: 4, layers: 1, vocabSize: 9 }, "fixed:2.6"],
  ["elman", { width: 3, layers: 1, vocabSize: 7 }, "fp8e4m3fn"],
  ["transformer", { width: 4, layers: 1, vocabSize: 9 }, "fp16"],
  ["mamba", { width: 4, layers: 1, vocabSize: 9 }, "bf16"],
  ["retnet", { width: 4, layers: 1, vocabSize: 9 }, "fp32"],
  ["hybrid", { width: 4, layers: 1, vocabSize: 9, base: "gru" }, "fixed:2.6"],
];

describe("logitsFor scores a subset by the same operations as logits", () => {
  for (const [arch, config, format] of subjects) {
    it(`${arch} at ${format}: every picked score is logits' own, and predictAt = predict`, () => {
      const model = createModel(arch, config, parseFormat(format), 7) as StreamingModel<unknown>;
      expect(model.logitsFor).toBeTypeOf("function");
      const V = model.vocabSize;
      const rng = new Rng(11);
      let state = model.init();
      for (let t = 0; t <= 12; t++) {
        const full = model.logits(state);
        const picked = Array.from({ length: 1 + rng.int(0, 4) }, () => rng.int(0, V - 1));
        const scores = model.logitsFor!(state, picked);
        expect(scores.length).toBe(picked.length);
        for (let i = 0; i < picked.length; i++) expect(Object.is(scores[i], full[picked[i]])).toBe(true);
        expect(predictAt(model, state, picked)).toBe(predict(full, picked));
        expect(predictAt(model, state)).toBe(predict(full));
        state = model.step(state, rng.int(0, V - 1), t);
      }
    });
  }

  it("a token outside the vocabulary is a bug, not a silent score", () => {
    const model = createModel("lstm", { width: 2, layers: 1, vocabSize: 3 }, parseFormat("fp32"), 1) as StreamingModel<unknown>;
    expect(() => model.logitsFor!(model.init(), [3])).toThrow(RangeError);
  });
});

describe("predictAt keeps predict's scan over the allowed list", () => {
  // A model whose scores are fixed, to reach ties, NaN and order effects.
  const scoresOf = [2, 5, 5, Number.NaN, -0, 0, 5];
  const fixed: StreamingModel<null> = {
    name: "fixed",
    vocabSize: scoresOf.length,
    format: null,
    init: () => null,
    step: () => null,
    logits: () => Float64Array.from(scoresOf),
    logitsFor: (_s, tokens) => Float64Array.from(tokens, (t) => scoresOf[t]),
    encode: () => "",
    decode: () => null,
    stateBits: () => 0,
    describe: () => ({ architecture: "fixed", format: null, stateBitsFormula: "0", params: {} }),
  };
  const lists = [[6, 2, 1], [1, 6], [3, 0, 1], [0, 3, 1], [4, 5], [5, 4], [2, 2, 6], [0], [6, 0, 4, 3]];
  for (const allowed of lists) {
    it(`allowed [${allowed}]`, () => {
      expect(predictAt(fixed, null, allowed)).toBe(predict(fixed.logits(null), allowed));
    });
  }
  it("ties go to the lowest id", () => expect(predictAt(fixed, null, [6, 2, 1])).toBe(1));
});
