import { describe, expect, it } from "vitest";
import { modelFromTensors } from "../../src/models/recurrentIndex.js";
import { expectMatchesReference } from "./_helpers/compareWithReference.js";
import { fmt } from "./_helpers/models.js";

describe("gru", () => {
  it("hand-checked width-1 case in fixed:4.4 (gate order r, z, n)", () => {
    const t = (shape: number[], data: number[]) => ({ shape, data: Float64Array.from(data) });
    const m = modelFromTensors(
      "gru",
      { width: 1, layers: 1, vocabSize: 2, inputSize: 1 },
      {
        "embedding.weight": t([2, 1], [1, -0.5]),
        "rnn.weight_ih_l0": t([3, 1], [0.5, 1, 1.5]),
        "rnn.weight_hh_l0": t([3, 1], [1, -0.5, 2]),
        "rnn.bias_ih_l0": t([3], [0, 0, 0.25]),
        "rnn.bias_hh_l0": t([3], [0.125, 0.5, -0.25]),
        "readout.weight": t([2, 1], [1, 0.5]),
        "readout.bias": t([2], [0, 0]),
      },
      fmt("fixed:4.4"),
      "hand",
    ).model;
    // token 0, h = 0: gi = (0.5, 1, 1.75), gh = (0.125, 0.5, −0.25)
    // r = σ(0.625) = 0.651… → 10/16; z = σ(1.5) = 0.8176… → 13/16
    // r·gh_n = −0.15625 = −2.5/16 → −2/16 (tie to even); n = tanh(1.625) = 0.9257… → 15/16
    // h' = round(3/16 · 15/16 = 2.8125/16) = 3/16, + z·0 = 0.1875
    const s1 = m.step(m.init(), 0, 0);
    expect(Array.from(s1)).toEqual([0.1875]);
    // token 1: gi = (−0.25, −0.5, −0.5), gh = (0.3125, 0.375, 0.125); r = σ(0.0625) → 8/16,
    // z = σ(−0.125) → 8/16, n = tanh(−0.5 + 0.0625) → −7/16; h' = round(−3.5/16) + round(1.5/16) = −4/16 + 2/16
    expect(Array.from(m.step(s1, 1, 1))).toEqual([-0.125]);
  });

  it("matches an exact rational reference bit for bit (2 layers)", () => {
    expectMatchesReference("gru", 2, 6, 1);
    expectMatchesReference("gru", 4, 4, 2);
  });
});
