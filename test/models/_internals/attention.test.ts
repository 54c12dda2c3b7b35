/**
 * Attention's zero-skipping path and the shared KV-cache storage give exactly the documented
 * order's values. The models here are built to reach every skip: sparse weights (zero query
 * coordinates and zero values), a large query gain (scores whose e_s underflow to 0, so rows of
 * zero weight), and overflowing ones (an infinite cache, which must take the in-order path). The
 * reference is the independent from-scratch forward of _helpers/attentionReference.ts, on the
 * format's own methods; logits are compared with Object.is, signed zeros and NaN included.
 */
import { describe, expect, it } from "vitest";
import { createModel, modelFromTensors, type ExactModel } from "../../../src/models/recurrentIndex.js";
import type { NamedTensors } from "../../../src/models/_internals/params.js";
import { appendRow, cacheIsFinite } from "../../../src/models/_internals/kvCache.js";
import { Rng } from "../../../src/util/rng.js";
import { referenceTransformerLogits } from "../_helpers/attentionReference.js";
import { fmt, tokens } from "../_helpers/models.js";

const config = { width: 8, layers: 2, vocabSize: 5, heads: 2, positions: "learned", maxLen: 24, norm: "rmsnorm" };

/** createModel's seeded weights with 60% of every matrix set to 0 and the queries scaled by `gain`. */
function sparseModel(format: string, seed: number, gain: number): ExactModel {
  const f = fmt(format);
  const dense = createModel("transformer", config, f, seed);
  const rng = new Rng(seed + 1000);
  const tensors: NamedTensors = {};
  for (const [name, t] of Object.entries(dense.tensors())) {
    const data = Float64Array.from(t.data, (v) => (/norm/.test(name) || rng.uniform(0, 1) >= 0.6 ? v : 0));
    if (/wq\.weight$/.test(name)) for (let i = 0; i < data.length; i++) data[i] *= gain;
    tensors[name] = { ...t, data };
  }
  return modelFromTensors("transformer", dense.config, tensors, f, "sparse test model").model as ExactModel;
}

const same = (got: ArrayLike<number>, want: readonly number[]): boolean =>
  got.length === want.length && want.every((w, i) => Object.is(got[i], w));

describe("attention: zero skipping equals the documented order", () => {
  for (const format of ["fp32", "fp16", "bf16", "fp8e4m3fn", "fp8e5m2", "fixed:6.10"])
    for (const gain of [1, 64])
      it(`${format}, query gain ${gain}: logits at every position equal the from-scratch forward`, () => {
        for (const seed of [1, 2, 3]) {
          const m = sparseModel(format, seed, gain);
          const toks = tokens(seed, 5, 20);
          let s = m.init();
          toks.forEach((tok, t) => {
            s = m.step(s, tok, t);
            const want = referenceTransformerLogits(fmt(format), m.tensors(), m.config as never, toks.slice(0, t + 1));
            expect(same(m.logits(s), want), `${format} seed ${seed} t ${t}: ${Array.from(m.logits(s))} vs ${want}`).toBe(true);
          });
        }
      });

  /** m's weights with one change per named matrix of layer 0 (a row scaled or set). */
  function edited(m: ExactModel, edits: Record<string, (data: Float64Array) => void>): ExactModel {
    const tensors: NamedTensors = {};
    for (const [name, t] of Object.entries(m.tensors())) {
      const data = Float64Array.from(t.data);
      for (const [suffix, edit] of Object.entries(edits)) if (name === `layers.0.attn.${suffix}.weight`) edit(data);
      tensors[name] = { ...t, data };
    }
    return modelFromTensors("transformer", m.config, tensors, fmt("fp16"), "edited").model as ExactModel;
  }
  const row = (data: Float64Array, r: number, by: number) => {
    for (let k = 0; k < config.width; k++) data[r * config.width + k] *= by;
  };

  it.each([
    // q_0 = 0 always and k_0 = ±∞: every score is 0·∞ = NaN in the reference, so a skipped coordinate would show.
    ["an infinite key where the query is 0", { wq: (d: Float64Array) => row(d, 0, 0), wk: (d: Float64Array) => row(d, 0, 1e6) }],
    // finite q and k whose products overflow: scores ±∞, e_s = NaN, and v = 0, where NaN·0 must stay NaN.
    ["scores overflowing to ∞ over zero values", { wq: (d: Float64Array) => d.forEach((_, i) => (d[i] *= 300)), wk: (d: Float64Array) => d.forEach((_, i) => (d[i] *= 300)), wv: (d: Float64Array) => d.fill(0) }],
  ])("fp16, %s: the in-order path's NaN and ∞, as the reference has them", (_label, edits) => {
    const model = edited(createModel("transformer", config, fmt("fp16"), 4), edits);
    const toks = tokens(5, 5, 12);
    let s = model.init();
    let nan = 0;
    toks.forEach((tok, t) => {
      s = model.step(s, tok, t);
      const got = model.logits(s);
      const want = referenceTransformerLogits(fmt("fp16"), model.tensors(), model.config as never, toks.slice(0, t + 1));
      if (want.some((v) => Number.isNaN(v))) nan++;
      expect(same(got, want), `t ${t}: ${Array.from(got)} vs ${want}`).toBe(true);
    });
    expect(nan).toBeGreaterThan(0);
  });

  it("a state stepped twice, and stepped again after its children: every branch equals the reference, the parent is unchanged", () => {
    const f = fmt("fp32");
    const m = sparseModel("fp32", 6, 64);
    const prefix = tokens(6, 5, 8);
    let s = m.init();
    prefix.forEach((tok, t) => (s = m.step(s, tok, t)));
    const before = m.encode(s);
    for (const branch of [[1, 2, 3], [4, 0], [1, 2, 3, 4, 0, 1], [2]]) {
      let b = s;
      branch.forEach((tok, k) => (b = m.step(b, tok, prefix.length + k)));
      const want = referenceTransformerLogits(f, m.tensors(), m.config as never, [...prefix, ...branch]);
      expect(same(m.logits(b), want), `branch ${branch}`).toBe(true);
      expect(m.encode(s)).toBe(before);
    }
    // A decoded state (storage appendRow did not make) continues the same way.
    let d = m.decode(before);
    [3, 3, 1].forEach((tok, k) => (d = m.step(d, tok, prefix.length + k)));
    expect(same(m.logits(d), referenceTransformerLogits(f, m.tensors(), m.config as never, [...prefix, 3, 3, 1]))).toBe(true);
  });
});

describe("kvCache: appendRow shares storage only where nothing can see it", () => {
  it("appends in place at the frontier, copies a branch, never changes an earlier view", () => {
    let a = new Float64Array(0);
    const views: Float64Array[] = [];
    for (let k = 0; k < 200; k++) {
      a = appendRow(a, Float64Array.of(k, -k));
      views.push(a);
    }
    // In place between geometric growths: 200 appends from an empty cache use 10 buffers (an exact
    // one for the first row, then each half again as large as what it holds, at least 4 rows more).
    expect(new Set(views.map((v) => v.buffer)).size).toBe(10);
    const branch = appendRow(views[100], Float64Array.of(7, 7));
    expect(branch.buffer).not.toBe(views[100].buffer);
    expect(branch.buffer.byteLength).toBe(branch.length * 8); // a branch is copied exactly
    expect(Array.from(branch.subarray(200))).toEqual([100, -100, 7, 7]);
    views.forEach((v, k) => {
      expect(v.length).toBe(2 * (k + 1));
      expect(v[2 * k]).toBe(k);
      expect(Object.is(v[2 * k + 1], -k)).toBe(true);
    });
    expect(cacheIsFinite(views[199])).toBe(true);
    const bad = appendRow(views[199], Float64Array.of(Infinity, 0));
    expect(cacheIsFinite(bad)).toBe(false);
    expect(cacheIsFinite(Float64Array.of(1, NaN))).toBe(false);
    expect(cacheIsFinite(Float64Array.of(1, 2))).toBe(true);
  });
});
