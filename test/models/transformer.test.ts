import { describe, expect, it } from "vitest";
import { createModel, modelFromTensors, parseRoleFormats, type ExactModel } from "../../src/models/recurrentIndex.js";
import { checkRoundTrip, runModel } from "../../src/stream/interpreter.js";
import { UserError } from "../../src/util/errors.js";
import { Rng } from "../../src/util/rng.js";
import { referenceTransformerLogits } from "./_helpers/attentionReference.js";
import { fmt, tokens } from "./_helpers/models.js";
import { oneLineUserError as failure } from "../_helpers/userError.js";

const base = { width: 8, layers: 2, vocabSize: 6, heads: 2 };
const gammaBits = (m: number) => 2 * Math.floor(Math.log2(m)) + 1;

/** docs/models.md: 2⌊log₂(c+1)⌋ + 1 + 2·layers·width·c·bits + ⌈log₂(V+1)⌉, c = max(t−1, 0). */
function formula(layers: number, width: number, bits: number, V: number, t: number): number {
  const c = Math.max(t - 1, 0);
  return gammaBits(c + 1) + 2 * layers * width * c * bits + Math.ceil(Math.log2(V + 1));
}


describe("transformer: state bits, encoding, round trip", () => {
  for (const name of ["fixed:2.6", "fp16", "bf16", "weights=bf16,compute=fp32,state=bf16"]) {
    it(`stateBits(t) = the formula = encode(state).length at ${name}, t = 0..12`, () => {
      const formats = parseRoleFormats(name);
      const m = createModel("transformer", base, formats, 3);
      let s = m.init();
      const toks = tokens(4, 6, 12);
      for (let t = 0; t <= 12; t++) {
        expect(m.stateBits(t)).toBe(formula(2, 8, formats.state.bits, 6, t));
        expect(m.encode(s).length).toBe(m.stateBits(t));
        if (t < 12) s = m.step(s, toks[t], t);
      }
    });
  }

  it("decode(encode(s)) continues exactly like s (several t, three formats)", () => {
    for (const name of ["fixed:2.6", "fp16", "bf16"]) {
      const m = createModel("transformer", { ...base, positions: "learned", maxLen: 20 }, fmt(name), 5);
      const toks = tokens(8, 6, 14);
      for (const t of [0, 1, 3, 7]) {
        const { state } = runModel(m, toks.slice(0, t));
        expect(checkRoundTrip(m, state, t, toks.slice(t)).ok).toBe(true);
      }
    }
  });

  it("a state-format value is all the state holds (weights=bf16,compute=fp32,state=bf16)", () => {
    const formats = parseRoleFormats("weights=bf16,compute=fp32,state=bf16");
    const m = createModel("transformer", base, formats, 2);
    const { state } = runModel(m, tokens(1, 6, 5)) as { state: { mem: Float64Array[] } };
    for (const seg of state.mem) for (const v of seg) expect(formats.state.isValue(v)).toBe(true);
    for (const t of Object.values(m.tensors())) for (const v of t.data) expect(formats.weights.isValue(v)).toBe(true);
  });

  it("any bit string either decodes to a state that runs, or is a one-line UserError", () => {
    const m = createModel("transformer", { ...base, layers: 1 }, fmt("fixed:2.6"), 1);
    const rng = new Rng(9);
    for (let k = 0; k < 200; k++) {
      const len = m.stateBits(rng.int(0, 4)) + rng.int(-2, 2);
      const bits = Array.from({ length: Math.max(0, len) }, () => rng.bit()).join("");
      try {
        const s = m.decode(bits);
        m.logits(m.step(s, 1, 0));
      } catch (e) {
        expect(e).toBeInstanceOf(UserError);
      }
    }
  });
});

describe("transformer: the documented order, bit for bit", () => {
  const options = [
    { positions: "rope", norm: "rmsnorm" },
    { positions: "learned", norm: "layernorm", maxLen: 12 },
    { positions: "sinusoidal", norm: "rmsnorm", maxLen: 12 },
  ];
  for (const name of ["fixed:4.12", "bf16", "fp16"])
    for (const o of options) {
      it(`streaming KV-cache logits equal a from-scratch forward at ${name}, ${o.positions}/${o.norm}`, () => {
        const f = fmt(name);
        const m = createModel("transformer", { ...base, ...o }, f, 7);
        const toks = tokens(3, 6, 9);
        let s = m.init();
        toks.forEach((tok, t) => {
          s = m.step(s, tok, t);
          const want = referenceTransformerLogits(f, m.tensors(), m.config as never, toks.slice(0, t + 1));
          expect(Array.from(m.logits(s))).toEqual(want);
        });
      });
    }
});

describe("transformer: options and bad input", () => {
  it("ε that rounds to 0 in the compute format is minPositive, and describe() says so", () => {
    const m = createModel("transformer", base, fmt("fixed:2.6"), 1);
    expect(String(m.describe().params.normEpsilon)).toMatch(/0\.015625 \(normEps 0\.00001 rounds to 0 in fixed:2\.6/);
    expect(createModel("transformer", base, fmt("fp16"), 1).describe().params.normEpsilon).toBe(fmt("fp16").round(1e-5));
  });

  it("readoutBias false has no readout.bias; ffnSize sets the MLP; ropeBase changes the logits", () => {
    const m = createModel("transformer", { ...base, readoutBias: false, ffnSize: 5 }, fmt("fp64"), 1);
    expect(Object.keys(m.tensors())).not.toContain("readout.bias");
    expect(m.tensors()["layers.0.mlp.w_gate.weight"].shape).toEqual([5, 8]);
    const toks = tokens(2, 6, 6);
    const a = createModel("transformer", base, fmt("fp64"), 1) as ExactModel;
    const b = createModel("transformer", { ...base, ropeBase: 500 }, fmt("fp64"), 1) as ExactModel;
    expect(Array.from(a.logits(runModel(a, toks).state))).not.toEqual(Array.from(b.logits(runModel(b, toks).state)));
  });

  it("one-line UserErrors: heads not dividing width, odd RoPE head, learned without maxLen, too long a sequence, unknown key", () => {
    expect(failure(() => createModel("transformer", { ...base, heads: 3 }, fmt("fp16"), 1))).toMatch(/heads 3 does not divide width 8/);
    expect(failure(() => createModel("transformer", { ...base, width: 6, heads: 2 }, fmt("fp16"), 1))).toMatch(/even head size/);
    expect(failure(() => createModel("transformer", { ...base, positions: "learned" }, fmt("fp16"), 1))).toMatch(/need maxLen/);
    expect(failure(() => createModel("transformer", { ...base, dState: 4 }, fmt("fp16"), 1))).toMatch(/dState/);
    const m = createModel("transformer", { ...base, positions: "learned", maxLen: 3 }, fmt("fp16"), 1);
    expect(failure(() => m.logits(runModel(m, [1, 2, 3, 4]).state))).toMatch(/past the learned positions' maxLen 3/);
    expect(() => m.logits(runModel(m, [1, 2, 3]).state)).not.toThrow();
  });
});

describe("no input makes a model throw anything but a one-line UserError", () => {
  it("large weights in narrow formats (saturate, inf, fn, ovf=error) over random inputs", () => {
    const rng = new Rng(12);
    for (const name of ["fixed:2.6", "fixed:1.7", "fixed:2.6:ovf=error", "fp8e4m3fn", "fp8e5m2", "fp16", "weights=fp8e4m3fn,compute=fp16,state=fp8e4m3fn"])
      for (const [arch, cfg] of [
        ["transformer", { width: 4, layers: 1, vocabSize: 4, heads: 2, norm: "layernorm" }],
        ["hybrid", { width: 4, layers: 1, vocabSize: 4, base: "gru" }],
      ] as const) {
        const seeded = createModel(arch, cfg, fmt("fp64"), 3);
        const big = Object.fromEntries(
          Object.entries(seeded.tensors()).map(([n, t]) => [n, { shape: t.shape, data: t.data.map((v) => v * 64) }]),
        );
        let m: ExactModel;
        try {
          m = modelFromTensors(arch, seeded.config, big, parseRoleFormats(name), "big").model;
        } catch (e) {
          expect(e).toBeInstanceOf(UserError);
          continue;
        }
        for (let k = 0; k < 10; k++) {
          try {
            const { state } = runModel(m, tokens(rng.int(0, 1000), 4, rng.int(0, 8)));
            m.logits(state);
            m.decode(m.encode(state));
          } catch (e) {
            expect(e, `${arch} at ${name}: ${(e as Error).message}`).toBeInstanceOf(UserError);
            expect((e as Error).message).not.toContain("\n");
          }
        }
      }
  });
});
