import { describe, expect, it } from "vitest";
import { createLstm, lstmStepFloat64, modelFromTensors } from "../../src/models/recurrentIndex.js";
import { expectMatchesReference } from "./_helpers/compareWithReference.js";
import { fmt, tokens } from "./_helpers/models.js";

describe("lstm", () => {
  it("hand-checked width-1 case in fixed:4.4 (gate order i, f, g, o)", () => {
    const t = (shape: number[], data: number[]) => ({ shape, data: Float64Array.from(data) });
    const m = modelFromTensors(
      "lstm",
      { width: 1, layers: 1, vocabSize: 2, inputSize: 1 },
      {
        "embedding.weight": t([2, 1], [1, 0.5]),
        "rnn.weight_ih_l0": t([4, 1], [0.5, 1, 2, -1]),
        "rnn.weight_hh_l0": t([4, 1], [0.25, 0.5, 1, 0.5]),
        "rnn.bias_ih_l0": t([4], [0, 0.5, 0, 1]),
        "rnn.bias_hh_l0": t([4], [0.0625, 0, -0.5, 0]),
        "readout.weight": t([2, 1], [1, -2]),
        "readout.bias": t([2], [0.5, 0]),
      },
      fmt("fixed:4.4"),
      "hand",
    ).model;
    // token 0 from h = c = 0: pre = (0.5625, 1.5, 1.5, 0)
    // i = σ(0.5625) = 0.637… → 10/16, f = σ(1.5) = 0.8176… → 13/16, g = tanh(1.5) = 0.905… → 14/16, o = 8/16
    // c = 0 + round(10/16·14/16 = 8.75/16) = 9/16; h = round(8/16 · round(tanh(9/16) = 0.5099…) = 8/16) = 4/16
    const s1 = m.step(m.init(), 0, 0);
    expect(Array.from(s1)).toEqual([0.25, 0.5625]); // [h, c]
    // token 1: pre = (0.375, 1.125, 0.75, 0.625) → i = 9/16, f = 12/16, g = 10/16, o = 10/16
    // c = round(12/16·9/16 = 6.75/16) + round(9/16·10/16 = 5.625/16) = 7/16 + 6/16 = 13/16
    // h = round(10/16 · round(tanh(13/16) = 0.6710…) = 11/16) = round(6.875/16) = 7/16
    const s2 = m.step(s1, 1, 1);
    expect(Array.from(s2)).toEqual([0.4375, 0.8125]);
    expect(Array.from(m.logits(s2))).toEqual([0.9375, -0.875]);
  });

  it("matches an exact rational reference bit for bit (2 layers)", () => {
    expectMatchesReference("lstm", 2, 6, 1);
    expectMatchesReference("lstm", 4, 4, 2);
    expectMatchesReference("lstm", 3, 9, 3);
  });

  it("at fp64 it matches lstmStepFloat64 within 1e-12", () => {
    const model = createLstm({ width: 5, layers: 2, inputSize: 3, vocabSize: 7, format: fmt("fp64"), seed: 8 });
    let s = model.init();
    let d = model.init();
    let maxDiff = 0;
    for (const [t, tok] of tokens(4, 7, 60).entries()) {
      s = model.step(s, tok, t);
      d = lstmStepFloat64(model.params, d, tok);
      for (let k = 0; k < s.length; k++) maxDiff = Math.max(maxDiff, Math.abs(s[k] - d[k]));
    }
    expect(maxDiff).toBeLessThanOrEqual(1e-12);
    expect(Math.max(...Array.from(s, Math.abs))).toBeGreaterThan(0.01); // a live state, not all zeros
  });

  it("lstmStepFloat64 is pure and differs from the rounded step at a narrow format", () => {
    const model = createLstm({ width: 4, layers: 1, vocabSize: 5, format: fmt("fixed:2.6"), seed: 2 });
    const s = model.step(model.init(), 1, 0);
    const copy = Array.from(s);
    const d = lstmStepFloat64(model.params, s, 3);
    expect(Array.from(s)).toEqual(copy);
    const r = model.step(s, 3, 1);
    expect(Array.from(d)).not.toEqual(Array.from(r));
    for (let k = 0; k < d.length; k++) expect(Math.abs(d[k] - r[k])).toBeLessThan(0.1);
  });
});
