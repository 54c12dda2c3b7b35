import { describe, expect, it } from "vitest";
import { modelFromTensors } from "../../src/models/weights/modelFromTensors.js";
import { parseFormat } from "../../src/numeric/index.js";
import { censusChecks, commonMixerChecks, matchesReference, seeded, type MixerCase, type MixerModel } from "./_helpers/mixerChecks.js";

const CASES: MixerCase[] = [
  { width: 2, layers: 1, vocabSize: 5 },
  { width: 4, layers: 2, vocabSize: 6, heads: 2, norm: "layernorm", ffnSize: 3 },
  { width: 6, layers: 1, vocabSize: 7, heads: 3 },
];

describe("linear-attention", () => {
  matchesReference("linear-attention", CASES);
  censusChecks("linear-attention", 1 * (8 * 8 + 8), [["--d-state", "4"], ["--d-conv", "2"], ["--positions", "rope"], ["--expand", "2"]]);
  commonMixerChecks("linear-attention", CASES, (c) => {
    const H = Number(c.heads ?? 1);
    const dh = c.width / H;
    return H * (dh * dh + dh);
  });

  it("normaliser eps 1e−6 becomes minPositive where it rounds to 0, and is reported", () => {
    expect(seeded("linear-attention", CASES[0], "fixed:2.6").describe().params).toMatchObject({ normaliserEps: 1e-6, normaliserEpsInFormat: 2 ** -6 });
    expect(seeded("linear-attention", CASES[0], "fp64").describe().params.normaliserEpsInFormat).toBe(1e-6);
    expect(seeded("linear-attention", CASES[0], "fp16").describe().params.normaliserEpsInFormat).toBe(parseFormat("fp16").round(1e-6));
    expect(seeded("linear-attention", CASES[0], "bf16").describe().params.normaliserEpsInFormat).toBe(parseFormat("bf16").round(1e-6));
  });

  it("memory per head: S = Σ φ(k)vᵀ then z = Σ φ(k), φ = elu + 1 (hand-checked at fp64)", () => {
    const t = (shape: number[], data: number[]) => ({ shape, data: Float64Array.from(data) });
    const I = [1, 0, 0, 1];
    const m = modelFromTensors(
      "linear-attention",
      { width: 2, layers: 1, vocabSize: 2, ffnSize: 1 },
      {
        "embedding.weight": t([2, 2], [3, -1, -2, 4]),
        "layers.0.norm.weight": t([2], [1, 1]),
        "layers.0.mixer.wq.weight": t([2, 2], I),
        "layers.0.mixer.wk.weight": t([2, 2], I),
        "layers.0.mixer.wv.weight": t([2, 2], [2, 0, 0, 2]),
        "layers.0.mixer.wo.weight": t([2, 2], I),
        "layers.0.mlp_norm.weight": t([2], [1, 1]),
        "layers.0.mlp.w_gate.weight": t([1, 2], [0, 0]),
        "layers.0.mlp.w_up.weight": t([1, 2], [0, 0]),
        "layers.0.mlp.w_down.weight": t([2, 1], [0, 0]),
        "final_norm.weight": t([2], [1, 1]),
        "readout.weight": t([2, 2], I),
        "readout.bias": t([2], [0, 0]),
      },
      parseFormat("fp64"),
      "hand",
    ).model as MixerModel;
    const s = m.step(m.step(m.init(), 0, 0), 1, 1);
    // token 0 folded (token 1 waits): u = rmsnorm([3, −1]) = [3, −1]/√(5 + 1e−5); k = u, v = 2u
    const r = 1 / Math.sqrt(5 + 1e-5);
    const u = [3 * r, -r];
    const phi = u.map((x) => (x > 0 ? x : Math.expm1(x)) + 1);
    const v = u.map((x) => 2 * x);
    const expected = [phi[0] * v[0], phi[0] * v[1], phi[1] * v[0], phi[1] * v[1], phi[0], phi[1]];
    expect(s.mem[0].length).toBe(6);
    s.mem[0].forEach((x, k) => expect(x).toBeCloseTo(expected[k], 14));
  });

  it("the one 0/0 a decoded state can reach (z cancelling eps in a fixed format) is a one-line user error", () => {
    const base = seeded("linear-attention", { width: 2, layers: 1, vocabSize: 2, ffnSize: 1 }, "fixed:2.6");
    // q = k = v = 0: φ(q) = φ(k) = 1, S stays 0, z ← z + 1, den = round(z_0 + z_1 + 2) + eps
    const tensors = Object.fromEntries(
      Object.entries(base.tensors()).map(([n, t]) => [n, /mixer\.w[qkv]\./.test(n) ? { shape: t.shape, data: new Float64Array(t.data.length) } : t]),
    );
    const m = modelFromTensors("linear-attention", base.config, tensors, parseFormat("fixed:2.6"), "t").model as MixerModel;
    const s = { mem: [Float64Array.from([0, 0, 0, 0, -1 - 2 ** -6, -1])], pending: 0 };
    const decoded = m.decode(m.encode(s));
    expect(() => m.logits(decoded)).toThrow(/^linear-attention\(.*\): fixed:2\.6: .*NaN/);
  });

  it("heads that do not divide the width are a user error", () => {
    expect(() => seeded("linear-attention", { width: 6, layers: 1, vocabSize: 3, heads: 4 }, "fp16")).toThrow(/heads 4 does not divide width 6/);
    expect(() => seeded("linear-attention", { width: 6, layers: 1, vocabSize: 3, dState: 4 }, "fp16")).toThrow(/Unrecognized key: "dState"/);
  });
});
