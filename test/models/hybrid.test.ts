import { describe, expect, it } from "vitest";
import { createModel, parseRoleFormats, weightsFromBytes, weightsToBytes } from "../../src/models/recurrentIndex.js";
import { checkRoundTrip, runModel } from "../../src/stream/interpreter.js";
import { fmt, tokens } from "./_helpers/models.js";
import { oneLineUserError as failure } from "../_helpers/userError.js";

const gammaBits = (m: number) => 2 * Math.floor(Math.log2(m)) + 1;
/** docs/models.md: 2⌊log₂(c+1)⌋ + 1 + (base scalars + 2·width·c)·bits + ⌈log₂(V+1)⌉. */
function formula(baseScalars: number, width: number, bits: number, V: number, t: number): number {
  const c = Math.max(t - 1, 0);
  return gammaBits(c + 1) + (baseScalars + 2 * width * c) * bits + Math.ceil(Math.log2(V + 1));
}


const BASES = [
  { base: "elman", scalars: (L: number, d: number) => L * d },
  { base: "lstm", scalars: (L: number, d: number) => 2 * L * d },
  { base: "gru", scalars: (L: number, d: number) => L * d },
];

describe("hybrid over elman, lstm, gru", () => {
  for (const { base, scalars } of BASES)
    for (const name of ["fixed:2.6", "fp16", "bf16"]) {
      it(`${base} at ${name}: stateBits(t) = formula = encode length; round trip continues exactly`, () => {
        const f = parseRoleFormats(name);
        const m = createModel("hybrid", { width: 8, layers: 2, vocabSize: 5, base, heads: 2 }, f, 4);
        const toks = tokens(6, 5, 10);
        let s = m.init();
        for (let t = 0; t <= 10; t++) {
          expect(m.stateBits(t)).toBe(formula(scalars(2, 8), 8, f.state.bits, 5, t));
          expect(m.encode(s).length).toBe(m.stateBits(t));
          if (t === 4) expect(checkRoundTrip(m, s, t, toks.slice(t)).ok).toBe(true);
          if (t < 10) s = m.step(s, toks[t], t);
        }
      });
    }

  it("the base's tensors keep the RNN's names; the attention layer is attn_layer.*", () => {
    const names = Object.keys(createModel("hybrid", { width: 4, layers: 1, vocabSize: 5, base: "lstm" }, fmt("fp16"), 1).tensors());
    expect(names).toContain("rnn.weight_ih_l0");
    expect(names).toContain("attn_layer.attn.wq.weight");
    expect(names).toContain("attn_layer.mlp.w_down.weight");
    expect(names).toContain("final_norm.weight");
    expect(names.filter((n) => n.startsWith("layers."))).toEqual([]);
  });

  it("finalNormBeforeAttention changes the order (and the logits), and saves and loads back", () => {
    const cfg = { width: 8, layers: 1, vocabSize: 5, base: "gru", heads: 2 };
    const a = createModel("hybrid", cfg, fmt("fp64"), 2);
    const b = createModel("hybrid", { ...cfg, finalNormBeforeAttention: true }, fmt("fp64"), 2);
    const toks = tokens(3, 5, 6);
    const la = Array.from(a.logits(runModel(a, toks).state));
    const lb = Array.from(b.logits(runModel(b, toks).state));
    expect(lb).not.toEqual(la);
    for (const kind of ["json", "safetensors"] as const) {
      const back = weightsFromBytes(weightsToBytes(b, kind).bytes, `h.${kind}`, { format: fmt("fp64"), architecture: "hybrid" }).model;
      expect(back.config.finalNormBeforeAttention).toBe(true);
      expect(Array.from(back.logits(runModel(back, toks).state))).toEqual(lb);
    }
  });

  it("one-line UserErrors: a hybrid base, a transformer base, an unknown base, heads not dividing width", () => {
    const c = { width: 8, layers: 1, vocabSize: 5 };
    expect(failure(() => createModel("hybrid", { ...c, base: "hybrid" }, fmt("fp16"), 1))).toMatch(/cannot itself be a hybrid/);
    expect(failure(() => createModel("hybrid", { ...c, base: "transformer" }, fmt("fp16"), 1))).toMatch(/must be recurrent/);
    expect(failure(() => createModel("hybrid", { ...c, base: "nope" }, fmt("fp16"), 1))).toMatch(/unknown hybrid base 'nope'/);
    expect(failure(() => createModel("hybrid", { ...c, base: "lstm", heads: 3 }, fmt("fp16"), 1))).toMatch(/heads 3 does not divide width 8/);
    expect(failure(() => createModel("hybrid", { ...c, base: "lstm", dState: 3 }, fmt("fp16"), 1))).toMatch(/dState/);
  });

  it("weights of another architecture are a one-line error", () => {
    const t = createModel("transformer", { width: 4, layers: 1, vocabSize: 5 }, fmt("fp16"), 1);
    const bytes = weightsToBytes(t, "safetensors").bytes;
    expect(failure(() => weightsFromBytes(bytes, "t.safetensors", { format: fmt("fp16"), architecture: "hybrid" }))).toMatch(/architecture is transformer, expected hybrid/);
    expect(failure(() => weightsFromBytes(bytes, "t.safetensors", { format: fmt("fp16"), architecture: "lstm" }))).toMatch(/expected lstm/);
  });
});
