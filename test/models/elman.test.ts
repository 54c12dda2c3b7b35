import { describe, expect, it } from "vitest";
import { modelFromTensors } from "../../src/models/recurrentIndex.js";
import { expectMatchesReference } from "./_helpers/compareWithReference.js";
import { fmt } from "./_helpers/models.js";

/** width 1, vocab 2, handpicked fixed:4.4 weights (values k/16). */
function handElman(nonlinearity: "tanh" | "relu") {
  const t = (shape: number[], data: number[]) => ({ shape, data: Float64Array.from(data) });
  return modelFromTensors(
    "elman",
    { width: 1, layers: 1, vocabSize: 2, inputSize: 1, nonlinearity },
    {
      "embedding.weight": t([2, 1], [0.5, -1]),
      "rnn.weight_ih_l0": t([1, 1], [1.5]),
      "rnn.weight_hh_l0": t([1, 1], [0.75]),
      "rnn.bias_ih_l0": t([1], [0.125]),
      "rnn.bias_hh_l0": t([1], [-0.0625]),
      "readout.weight": t([2, 1], [2, -1]),
      "readout.bias": t([2], [0, 0.25]),
    },
    fmt("fixed:4.4"),
    "hand",
  ).model;
}

describe("elman", () => {
  it("hand-checked width-1 case in fixed:4.4", () => {
    const m = handElman("tanh");
    // token 0: pre = (1.5·0.5 + 0.125) + (0.75·0 − 0.0625) = 0.8125; tanh = 0.67096… → 11/16
    const s1 = m.step(m.init(), 0, 0);
    expect(Array.from(s1)).toEqual([0.6875]);
    // token 1: (1.5·−1 + 0.125) + (round(0.75·0.6875 = 8.25/16) = 0.5 − 0.0625) = −0.9375; tanh = −0.7344… → −12/16
    const s2 = m.step(s1, 1, 1);
    expect(Array.from(s2)).toEqual([-0.75]);
    // logits: 2·−0.75 + 0 = −1.5; −1·−0.75 + 0.25 = 1
    expect(Array.from(m.logits(s2))).toEqual([-1.5, 1]);
    // token 1 again: pre = −1.375 + (round(−0.5625) − 0.0625) = −2 → tanh(−2) = −0.964… → −15/16
    expect(Array.from(m.step(s2, 1, 2))).toEqual([-0.9375]);
  });

  it("relu: h' = max(pre, 0), exact", () => {
    const m = handElman("relu");
    const s1 = m.step(m.init(), 0, 0);
    expect(Array.from(s1)).toEqual([0.8125]);
    // pre = −1.375 + (round(0.75·0.8125 = 9.75/16) = 10/16 − 1/16) = −0.8125 → 0
    expect(Array.from(m.step(s1, 1, 1))).toEqual([0]);
  });

  it("matches an exact rational reference bit for bit (tanh and relu, 2 layers)", () => {
    expectMatchesReference("elman", 2, 6, 1);
    expectMatchesReference("elman", 4, 4, 2);
    expectMatchesReference("elman", 3, 5, 3, true);
  });

  it("a non-elman option is refused", () => {
    expect(() =>
      modelFromTensors("elman", { width: 1, layers: 1, vocabSize: 2, inputSize: 1, nonlinearity: "gelu" }, {}, fmt("fp32"), "x"),
    ).toThrow(/nonlinearity/);
  });
});
