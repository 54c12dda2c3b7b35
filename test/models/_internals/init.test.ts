import { describe, expect, it } from "vitest";
import { ARCHS, create, fmt, run, tokens } from "../_helpers/models.js";

describe("seeded initialisation", () => {
  it("same seed gives identical weights and encoded states; another seed does not", () => {
    for (const arch of ARCHS) {
      const opts = { width: 4, layers: 2, format: fmt("fixed:2.6"), vocabSize: 8, seed: 42 };
      const a = create(arch, opts);
      const b = create(arch, opts);
      const c = create(arch, { ...opts, seed: 43 });
      for (const [name, t] of Object.entries(a.tensors())) {
        expect(Array.from(b.tensors()[name].data), name).toEqual(Array.from(t.data));
      }
      const toks = tokens(7, 8, 12);
      expect(run(a, toks).map((s) => a.encode(s))).toEqual(run(b, toks).map((s) => b.encode(s)));
      expect(Array.from(c.tensors()["rnn.weight_hh_l0"].data)).not.toEqual(Array.from(a.tensors()["rnn.weight_hh_l0"].data));
    }
  });

  it("vocabSize 10 and 20 share rows 0..9 and every rnn tensor", () => {
    for (const arch of ARCHS) {
      const opts = { width: 3, layers: 2, format: fmt("fp16"), seed: 5 };
      const small = create(arch, { ...opts, vocabSize: 10 }).tensors();
      const big = create(arch, { ...opts, vocabSize: 20 }).tensors();
      for (const [name, t] of Object.entries(small)) {
        const prefix = Array.from(big[name].data.subarray(0, t.data.length));
        expect(prefix, name).toEqual(Array.from(t.data));
      }
      expect(big["embedding.weight"].shape).toEqual([20, 3]);
      // the new rows are not copies of the old ones
      expect(Array.from(big["embedding.weight"].data.subarray(30, 33))).not.toEqual(
        Array.from(big["embedding.weight"].data.subarray(0, 3)),
      );
    }
  });

  it("values are format values: rnn/readout within ±1/√H, embedding roughly N(0,1)", () => {
    const format = fmt("fp32");
    const model = create("lstm", { width: 16, layers: 1, format, vocabSize: 200, inputSize: 16, seed: 1 });
    const t = model.tensors();
    const bound = 1 / Math.sqrt(16);
    for (const [name, tensor] of Object.entries(t)) {
      for (const x of tensor.data) expect(format.isValue(x)).toBe(true);
      if (name !== "embedding.weight") for (const x of tensor.data) expect(Math.abs(x)).toBeLessThanOrEqual(bound);
    }
    const e = Array.from(t["embedding.weight"].data);
    const mean = e.reduce((a, b) => a + b, 0) / e.length;
    const variance = e.reduce((a, b) => a + (b - mean) ** 2, 0) / e.length;
    expect(Math.abs(mean)).toBeLessThan(0.1);
    expect(Math.abs(variance - 1)).toBeLessThan(0.1);
    const w = Array.from(t["rnn.weight_ih_l0"].data);
    expect(Math.min(...w)).toBeLessThan(-0.9 * bound);
    expect(Math.max(...w)).toBeGreaterThan(0.9 * bound);
  });

  it("embedding values beyond a narrow format are clamped to ±maxFinite, not errors", () => {
    const format = fmt("fixed:1.3");
    const model = create("elman", { width: 2, layers: 1, format, vocabSize: 50, seed: 3 });
    const e = Array.from(model.tensors()["embedding.weight"].data);
    expect(Math.max(...e)).toBe(format.maxFinite);
    expect(Math.min(...e)).toBe(-format.maxFinite);
  });
});
