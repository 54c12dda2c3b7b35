import { describe, expect, it } from "vitest";
import { modelFromTensors } from "../../src/models/weights/modelFromTensors.js";
import { parseFormat } from "../../src/numeric/index.js";
import { censusChecks, commonMixerChecks, matchesReference, seeded, type MixerCase, type MixerModel } from "./_helpers/mixerChecks.js";

const CASES: MixerCase[] = [
  { width: 2, layers: 1, vocabSize: 5 },
  { width: 4, layers: 2, vocabSize: 6, dState: 3, norm: "layernorm", ffnSize: 5 },
  { width: 3, layers: 1, vocabSize: 7, dState: 1 },
];

describe("diagonal-rnn", () => {
  matchesReference("diagonal-rnn", CASES);
  censusChecks("diagonal-rnn", 8, [["--heads", "2"], ["--d-conv", "2"], ["--positions", "learned"], ["--dt-rank", "2"]]);
  commonMixerChecks("diagonal-rnn", CASES, (c) => Number(c.dState ?? c.width));

  it("h ← λ⊙h + in_proj u on the normalised input (hand-checked in fixed:4.4)", () => {
    const t = (shape: number[], data: number[]) => ({ shape, data: Float64Array.from(data) });
    const m = modelFromTensors(
      "diagonal-rnn",
      { width: 1, layers: 1, vocabSize: 2, dState: 1, ffnSize: 1 },
      {
        "embedding.weight": t([2, 1], [0.5, -2]),
        "layers.0.norm.weight": t([1], [0.75]),
        "layers.0.mixer.in_proj.weight": t([1, 1], [0.5]),
        "layers.0.mixer.decay_logit": t([1], [0]),
        "layers.0.mixer.out_proj.weight": t([1, 1], [1]),
        "layers.0.mixer.D": t([1], [2]),
        "layers.0.mlp_norm.weight": t([1], [1]),
        "layers.0.mlp.w_gate.weight": t([1, 1], [0]),
        "layers.0.mlp.w_up.weight": t([1, 1], [0]),
        "layers.0.mlp.w_down.weight": t([1, 1], [0]),
        "final_norm.weight": t([1], [1]),
        "readout.weight": t([2, 1], [1, -1]),
        "readout.bias": t([2], [0, 0.0625]),
      },
      parseFormat("fixed:4.4"),
      "hand",
    ).model as MixerModel;
    // eps → 1/16 in fixed:4.4. Token 0: x = 0.5, ms = 0.25 (0.5² = 4/16), r = rsqrt(0.25 + 0.0625)
    // = rsqrt(5/16) = 1.788… → 29/16; u = round(round(0.5·29/16)·0.75) = round(15/16·0.75 = 11.25/16) = 11/16
    // λ = σ(0) = 0.5; h = 0.5·0 + round(0.5·11/16) = 6/16 (5.5 → 6, ties to even)
    const s1 = m.step(m.step(m.init(), 0, 0), 1, 1);
    expect(Array.from(s1.mem[0])).toEqual([5 / 16]);
    expect(s1.pending).toBe(1);
  });

  it("describe reports dState; heads (which train writes) is accepted and inert", () => {
    expect(seeded("diagonal-rnn", CASES[1], "fp16").describe().params).toMatchObject({ dState: 3, ffnSize: 5 });
    const m = seeded("diagonal-rnn", CASES[0], "fp16");
    expect(() => modelFromTensors("diagonal-rnn", { width: 2, layers: 1, vocabSize: 5, heads: 2 }, m.tensors(), parseFormat("fp16"), "f")).not.toThrow();
  });
});
