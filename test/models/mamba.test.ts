import { describe, expect, it } from "vitest";
import { modelFromTensors } from "../../src/models/weights/modelFromTensors.js";
import { parseFormat } from "../../src/numeric/index.js";
import { censusChecks, commonMixerChecks, matchesReference, seeded, type MixerCase, type MixerModel } from "./_helpers/mixerChecks.js";

const CASES: MixerCase[] = [
  { width: 2, layers: 1, vocabSize: 5, dState: 2, dConv: 2, expand: 1, dtRank: 1 },
  { width: 4, layers: 2, vocabSize: 6, norm: "layernorm", dState: 3, dConv: 4 },
  { width: 3, layers: 1, vocabSize: 7, dState: 1, dConv: 1, expand: 2, dtRank: 2 },
];

describe("mamba", () => {
  matchesReference("mamba", CASES);
  censusChecks("mamba", 2 * 8 * (16 + 4 - 1), [["--heads", "2"], ["--ffn-size", "16"], ["--positions", "rope"], ["--base", "lstm"]]);
  commonMixerChecks("mamba", CASES, (c) => Number(c.expand ?? 2) * c.width * (Number(c.dState ?? 16) + Number(c.dConv ?? 4) - 1));

  it("defaults as the twin: dState 16, dConv 4, expand 2, dtRank ⌈width/16⌉, no MLP", () => {
    const m = seeded("mamba", { width: 17, layers: 1, vocabSize: 3 }, "fp16");
    expect(m.config).toMatchObject({ dState: 16, dConv: 4, expand: 2, dtRank: 2 });
    const names = Object.keys(m.tensors());
    expect(names).toContain("layers.0.mixer.conv1d.weight");
    expect(names.some((n) => n.includes("mlp"))).toBe(false);
    expect(m.tensors()["layers.0.mixer.in_proj.weight"].shape).toEqual([68, 17]);
    expect(m.tensors()["layers.0.mixer.x_proj.weight"].shape).toEqual([2 + 32, 34]);
  });

  it("the conv window holds the last dConv−1 folded conv inputs, oldest first; the last token waits", () => {
    // width 1, expand 1, dState 1, dConv 3 at fp64: in_proj = [a; 0] so x_t = a·u_t and z = 0
    const t = (shape: number[], data: number[]) => ({ shape, data: Float64Array.from(data) });
    const cfg = { width: 1, layers: 1, vocabSize: 2, dState: 1, dConv: 3, expand: 1, dtRank: 1 };
    const m = modelFromTensors(
      "mamba",
      cfg,
      {
        "embedding.weight": t([2, 1], [1, -1]),
        "layers.0.norm.weight": t([1], [1]),
        "layers.0.mixer.in_proj.weight": t([2, 1], [0.5, 0]),
        "layers.0.mixer.conv1d.weight": t([1, 1, 3], [100, 10, 1]),
        "layers.0.mixer.conv1d.bias": t([1], [0]),
        "layers.0.mixer.x_proj.weight": t([3, 1], [0, 0, 0]),
        "layers.0.mixer.dt_proj.weight": t([1, 1], [0]),
        "layers.0.mixer.dt_proj.bias": t([1], [0]),
        "layers.0.mixer.A_log": t([1, 1], [0]),
        "layers.0.mixer.D": t([1], [1]),
        "layers.0.mixer.out_proj.weight": t([1, 1], [1]),
        "final_norm.weight": t([1], [1]),
        "readout.weight": t([2, 1], [1, 0]),
        "readout.bias": t([2], [0, 0]),
      },
      parseFormat("fp64"),
      "hand",
    ).model as MixerModel;
    // rmsnorm of a 1-vector u = ±1/√(1 + 1e−5); x_t = 0.5·u_t
    let s = m.init();
    for (const [tok, t0] of [[0, 0], [1, 1], [0, 2]] as const) s = m.step(s, tok, t0);
    // after tokens 0, 1, 0 the first two are folded: memory = h (1 scalar), then the window
    const u = 1 / Math.sqrt(1 + 1e-5);
    expect(s.mem[0].length).toBe(3);
    expect(s.mem[0][1]).toBeCloseTo(0.5 * u, 12); // token 0
    expect(s.mem[0][2]).toBeCloseTo(-0.5 * u, 12); // token 1
    expect(s.pending).toBe(0);
  });

  it("a weights file whose dState contradicts its tensors is a one-line user error", () => {
    const m = seeded("mamba", CASES[0], "fp16");
    const tensors = m.tensors();
    expect(() => modelFromTensors("mamba", { width: 2, layers: 1, vocabSize: 5, dState: 3, dConv: 2, expand: 1, dtRank: 1 }, tensors, parseFormat("fp16"), "f")).toThrow(
      /^f: tensor 'layers\.0\.mixer\.x_proj\.weight' has shape \[5, 2\], expected \[7, 2\]$/,
    );
    expect(() => modelFromTensors("retnet", { width: 2, layers: 1, vocabSize: 5 }, tensors, parseFormat("fp16"), "f")).toThrow(/unexpected tensor/);
    expect(() => modelFromTensors("mamba", { width: 2, layers: 1, vocabSize: 5, heads: 2, dState: 2, dConv: 2, expand: 1, dtRank: 1 }, tensors, parseFormat("fp16"), "f")).not.toThrow();
    
  });
});
