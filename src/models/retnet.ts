import type { Format } from "../numeric/format.js";
import { headShapes, resolveHeads } from "./_internals/heads.js";
import { inverseSqrtOfCount } from "./_internals/inverseSqrt.js";
import { linear } from "./_internals/linear.js";
import type { MixerArchitecture, MixerLayer } from "./_internals/mixerArchitecture.js";
import { mixerDescriptor } from "./_internals/mixerDescriptor.js";
import type { ModelOps } from "./_internals/modelOps.js";
import { normEpsilon } from "./_internals/norm.js";

/** The twin's group-norm eps (RetentionMixer). */
export const RETNET_GROUP_NORM_EPS = 1e-5;

/**
 * RetNet multi-scale retention without xPos (the twin's RetentionMixer), recurrent form. H heads
 * of d_h = width/H contiguous slices, head h (from 0) decays with γ_h = round(1 − 2^(−5−h));
 * c = round(1/√d_h) (correctly rounded, computed once); u the normalised block input; every
 * operation rounded to the compute format, σ_s rounding to the state format:
 *   q = wq u, k = wk u, v = wv u, g = wg u
 *   S_ij ← σ_s(round(round(γ_h·S_ij) + round(k_i·v_j)))          (i: key dim, j: value dim)
 *   o_j = Σ_i round(round(q_i·c)·S_ij)                            (the new, stored S)
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
}

export class RetentionMixer implements MixerLayer {
  readonly grows = false;
  private readonly dh: number;
  private readonly length: number;
  readonly gamma: Float64Array;
  readonly scale: number;
  private readonly eps: number;

  constructor(
    private readonly p: RetnetParams,
    compute: Format,
  ) {
    this.dh = p.d / p.heads;
    this.length = p.heads * this.dh * this.dh;
    this.gamma = Float64Array.from({ length: p.heads }, (_, h) => compute.round(1 - 2 ** (-5 - h)));
    this.scale = inverseSqrtOfCount(compute, this.dh);
    this.eps = normEpsilon(compute, RETNET_GROUP_NORM_EPS).value;
  }

  stateLength(): number {
    return this.length;
  }

  init(): Float64Array {
    return new Float64Array(this.length);
  }

  step(f: ModelOps, mem: Float64Array, u: Float64Array, toState: (x: number) => number): { state: Float64Array; y: Float64Array } {
    const { d, heads } = this.p;
    const dh = this.dh;
    const q = linear(f, this.p.wq, d, d, u);
    const k = linear(f, this.p.wk, d, d, u);
    const v = linear(f, this.p.wv, d, d, u);
    const g = linear(f, this.p.wg, d, d, u);
    for (let i = 0; i < d; i++) q[i] = f.mul(q[i], this.scale);
    const next = new Float64Array(this.length);
    const o = new Float64Array(d);
    for (let h = 0; h < heads; h++) {
      const base = h * dh * dh;
      const c = h * dh;
      const gamma = this.gamma[h];
      for (let i = 0; i < dh; i++) {
        for (let j = 0; j < dh; j++) {
          const at = base + i * dh + j;
          next[at] = toState(f.add(f.mul(gamma, mem[at]), f.mul(k[c + i], v[c + j])));
        }
      }
      let sum = 0;
      for (let j = 0; j < dh; j++) {
        let acc = 0;
        for (let i = 0; i < dh; i++) acc = f.add(acc, f.mul(q[c + i], next[base + i * dh + j]));
        o[c + j] = acc;
        sum = f.add(sum, acc);
      }
      const mu = f.div(sum, dh);
      let ss = 0;
      for (let j = 0; j < dh; j++) {
        const e = f.sub(o[c + j], mu);
        o[c + j] = e;
        ss = f.add(ss, f.mul(e, e));
      }
      const r = f.rsqrt(f.add(f.div(ss, dh), this.eps));
      for (let j = 0; j < dh; j++) o[c + j] = f.mul(f.silu(g[c + j]), f.mul(o[c + j], r));
    }
    return { state: next, y: linear(f, this.p.wo, d, d, o) };
  }

  describe(): Record<string, unknown> {
    return { gamma: Array.from(this.gamma), scale: this.scale, groupNormEps: RETNET_GROUP_NORM_EPS, groupNormEpsInFormat: this.eps };
  }
}

const MIXER: MixerArchitecture = {
  name: "retnet",
  hasMlp: true,
  ownKeys: ["heads"],
  inertKeys: [],
  memoryFormula: "heads·d_h²",
  formulaValues: (c) => ({ heads: c.heads, d_h: c.width / c.heads }),
  resolve: resolveHeads,
  shapes: (c) => headShapes(c, ["wq", "wk", "wv", "wo", "wg"]),
  initRule: (_name, shape) => ({ kind: "uniform", bound: 1 / Math.sqrt(shape[shape.length - 1]) }),
  memoryLength: (c) => c.heads * (c.width / c.heads) ** 2,
  build: (t, c, _f, compute) =>
    new RetentionMixer({ wq: t["wq.weight"], wk: t["wk.weight"], wv: t["wv.weight"], wg: t["wg.weight"], wo: t["wo.weight"], d: c.width, heads: c.heads }, compute),
};

export const RETNET = mixerDescriptor(MIXER);
