import { epsIn, type MixerArchitecture } from "./_internals/mixerArchitecture.js";
import { headShapes, resolveHeads } from "./_internals/heads.js";
import { linear } from "./_internals/mixerPieces.js";
import { UserError } from "../util/errors.js";

/** The twin's normaliser eps (LinearAttentionMixer.EPS). */
export const LINEAR_ATTENTION_EPS = 1e-6;

/**
 * Causal linear attention with φ(x) = elu(x) + 1 (the twin's LinearAttentionMixer), in its
 * recurrent form. H heads of d_h = width/H contiguous slices; u the normalised block input:
 *   q = wq u, k = wk u, v = wv u;  φq_i = round(elu(q_i) + 1), φk_i = round(elu(k_i) + 1)
 *   S_ij ← round(S_ij + round(φk_i·v_j)),  z_i ← round(z_i + φk_i)      (i: key dim, j: value dim)
 *   num_j = Σ_i round(φq_i·S_ij),  den = round(Σ_i round(φq_i·z_i) + eps)
 *   o_j = round(num_j / den);  out = wo(concat_h o)     (wo after the heads are joined, no bias)
 * eps = round(1e−6), or the format's minPositive where that is 0. The twin sums (a@v)/(a.sum + eps)
 * over past positions instead; the two agree in exact arithmetic.
 * Memory per layer, per head: S [d_h, d_h] row-major, then z [d_h].
 */
export interface LinearAttentionParams {
  readonly wq: Float64Array;
  readonly wk: Float64Array;
  readonly wv: Float64Array;
  readonly wo: Float64Array;
  readonly d: number;
  readonly heads: number;
  readonly eps: number;
  readonly one: number;
}

interface Scratch {
  readonly q: Float64Array;
  readonly k: Float64Array;
  readonly v: Float64Array;
  readonly o: Float64Array;
}

export const LINEAR_ATTENTION: MixerArchitecture<LinearAttentionParams, Scratch> = {
  name: "linear-attention",
  hasMlp: true,
  ownKeys: ["heads"],
  memoryFormula: "heads·(d_h² + d_h), d_h = width/heads",
  resolve: resolveHeads,
  shapes: (c) => headShapes(c, ["wq", "wk", "wv", "wo"]),
  initValue: (_name, shape, _c, rng) => rng.uniform(-1 / Math.sqrt(shape[1]), 1 / Math.sqrt(shape[1])),

  prepare(t, c, _f, format) {
    return {
      wq: t["wq.weight"],
      wk: t["wk.weight"],
      wv: t["wv.weight"],
      wo: t["wo.weight"],
      d: c.width,
      heads: c.heads,
      eps: epsIn(format, LINEAR_ATTENTION_EPS),
      one: format.round(1),
    };
  },

  scratch(c) {
    const n = c.width;
    return { q: new Float64Array(n), k: new Float64Array(n), v: new Float64Array(n), o: new Float64Array(n) };
  },

  memoryLength: (c) => c.heads * ((c.width / c.heads) ** 2 + c.width / c.heads),

  step(p, f, s, mem, next, off, u, out) {
    const { d, heads, eps, one } = p;
    const dh = d / heads;
    const { q, k, v, o } = s;
    linear(f, p.wq, d, d, u, 0, q, 0);
    linear(f, p.wk, d, d, u, 0, k, 0);
    linear(f, p.wv, d, d, u, 0, v, 0);
    for (let i = 0; i < d; i++) {
      q[i] = f.add(f.elu(q[i]), one);
      k[i] = f.add(f.elu(k[i]), one);
    }
    for (let h = 0; h < heads; h++) {
      const base = off + h * (dh * dh + dh);
      const zOff = base + dh * dh;
      const c = h * dh;
      for (let i = 0; i < dh; i++) {
        for (let j = 0; j < dh; j++) {
          next[base + i * dh + j] = f.add(mem[base + i * dh + j], f.mul(k[c + i], v[c + j]));
        }
        next[zOff + i] = f.add(mem[zOff + i], k[c + i]);
      }
      let den = 0;
      for (let i = 0; i < dh; i++) den = f.add(den, f.mul(q[c + i], next[zOff + i]));
      den = f.add(den, eps);
      for (let j = 0; j < dh; j++) {
        let num = 0;
        for (let i = 0; i < dh; i++) num = f.add(num, f.mul(q[c + i], next[base + i * dh + j]));
        o[c + j] = divide(f, num, den, h);
      }
    }
    linear(f, p.wo, d, d, o, 0, out, 0);
  },

  describe: (p) => ({ normaliserEps: LINEAR_ATTENTION_EPS, normaliserEpsInFormat: p.eps }),
};

/** num/den; 0/0 has no value in a fixed format (only a state decoded from arbitrary bits reaches it). */
function divide(f: { div(a: number, b: number): number }, num: number, den: number, head: number): number {
  try {
    return f.div(num, den);
  } catch (e) {
    if (e instanceof RangeError && num === 0 && den === 0) {
      throw new UserError(`linear-attention head ${head}: the normaliser is 0 (0/0); the state's z is not reachable from a start state`);
    }
    throw e;
  }
}
