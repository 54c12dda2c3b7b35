import { epsIn, type MixerArchitecture } from "./_internals/mixerArchitecture.js";
import { headShapes, resolveHeads } from "./_internals/heads.js";
import { divideByCount, linear } from "./_internals/mixerPieces.js";
import { inverseSqrtOfCount } from "./_internals/inverseSqrt.js";

/** The twin's group-norm eps (RetentionMixer). */
export const RETNET_GROUP_NORM_EPS = 1e-5;

/**
 * RetNet multi-scale retention without xPos (the twin's RetentionMixer), recurrent form. H heads
 * of d_h = width/H contiguous slices, head h (from 0) decays with γ_h = round(1 − 2^(−5−h));
 * c = round(1/√d_h) (correctly rounded, computed once); u the normalised block input:
 *   q = wq u, k = wk u, v = wv u, g = wg u
 *   S_ij ← round(round(γ_h·S_ij) + round(k_i·v_j))               (i: key dim, j: value dim)
 *   o_j = Σ_i round(round(q_i·c)·S_ij)
 *   group norm per head (biased variance, no affine): μ = round(Σ_j o_j / d_h),
 *   e_j = round(o_j − μ), var = round(Σ_j round(e_j²) / d_h), r = rsqrt(round(var + eps)),
 *   ô_j = round(e_j·r);  out = wo(round(silu(g_i)·ô_i))
 * eps = round(1e−5), or minPositive where that is 0. Memory per layer, per head: S [d_h, d_h].
 */
export interface RetnetParams {
  readonly wq: Float64Array;
  readonly wk: Float64Array;
  readonly wv: Float64Array;
  readonly wg: Float64Array;
  readonly wo: Float64Array;
  readonly d: number;
  readonly heads: number;
  readonly gamma: Float64Array;
  readonly scale: number;
  readonly eps: number;
}

interface Scratch {
  readonly q: Float64Array;
  readonly k: Float64Array;
  readonly v: Float64Array;
  readonly g: Float64Array;
  readonly o: Float64Array;
}

export const RETNET: MixerArchitecture<RetnetParams, Scratch> = {
  name: "retnet",
  hasMlp: true,
  ownKeys: ["heads"],
  memoryFormula: "heads·d_h², d_h = width/heads",
  resolve: resolveHeads,
  shapes: (c) => headShapes(c, ["wq", "wk", "wv", "wo", "wg"]),
  initValue: (_name, shape, _c, rng) => rng.uniform(-1 / Math.sqrt(shape[1]), 1 / Math.sqrt(shape[1])),

  prepare(t, c, _f, format) {
    const gamma = new Float64Array(c.heads);
    for (let h = 0; h < c.heads; h++) gamma[h] = format.round(1 - 2 ** (-5 - h));
    return {
      wq: t["wq.weight"],
      wk: t["wk.weight"],
      wv: t["wv.weight"],
      wg: t["wg.weight"],
      wo: t["wo.weight"],
      d: c.width,
      heads: c.heads,
      gamma,
      scale: inverseSqrtOfCount(format, c.width / c.heads),
      eps: epsIn(format, RETNET_GROUP_NORM_EPS),
    };
  },

  scratch(c) {
    const n = c.width;
    return { q: new Float64Array(n), k: new Float64Array(n), v: new Float64Array(n), g: new Float64Array(n), o: new Float64Array(n) };
  },

  memoryLength: (c) => c.heads * (c.width / c.heads) ** 2,

  step(p, f, s, mem, next, off, u, out) {
    const { d, heads, scale, eps } = p;
    const dh = d / heads;
    const { q, k, v, g, o } = s;
    linear(f, p.wq, d, d, u, 0, q, 0);
    linear(f, p.wk, d, d, u, 0, k, 0);
    linear(f, p.wv, d, d, u, 0, v, 0);
    linear(f, p.wg, d, d, u, 0, g, 0);
    for (let i = 0; i < d; i++) q[i] = f.mul(q[i], scale);
    for (let h = 0; h < heads; h++) {
      const base = off + h * dh * dh;
      const c = h * dh;
      const gamma = p.gamma[h];
      for (let i = 0; i < dh; i++) {
        for (let j = 0; j < dh; j++) {
          const at = base + i * dh + j;
          next[at] = f.add(f.mul(gamma, mem[at]), f.mul(k[c + i], v[c + j]));
        }
      }
      let sum = 0;
      for (let j = 0; j < dh; j++) {
        let acc = 0;
        for (let i = 0; i < dh; i++) acc = f.add(acc, f.mul(q[c + i], next[base + i * dh + j]));
        o[c + j] = acc;
        sum = f.add(sum, acc);
      }
      const mu = divideByCount(f, sum, dh);
      let ss = 0;
      for (let j = 0; j < dh; j++) {
        const e = f.sub(o[c + j], mu);
        o[c + j] = e;
        ss = f.add(ss, f.mul(e, e));
      }
      const r = f.rsqrt(f.add(divideByCount(f, ss, dh), eps));
      for (let j = 0; j < dh; j++) o[c + j] = f.mul(f.silu(g[c + j]), f.mul(o[c + j], r));
    }
    linear(f, p.wo, d, d, o, 0, out, 0);
  },

  describe: (p) => ({
    gamma: Array.from(p.gamma),
    scale: p.scale,
    groupNormEps: RETNET_GROUP_NORM_EPS,
    groupNormEpsInFormat: p.eps,
  }),
};
