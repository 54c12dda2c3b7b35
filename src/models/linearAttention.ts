import type { Format } from "../numeric/format.js";
import { headShapes, resolveHeads } from "./_internals/heads.js";
import { linear } from "./_internals/linear.js";
import type { MixerArchitecture, MixerLayer } from "./_internals/mixerArchitecture.js";
import { mixerDescriptor } from "./_internals/mixerDescriptor.js";
import type { ModelOps } from "./_internals/modelOps.js";
import { normEpsilon } from "./_internals/norm.js";

/** The twin's normaliser eps (LinearAttentionMixer.EPS). */
export const LINEAR_ATTENTION_EPS = 1e-6;

/**
 * Causal linear attention with φ(x) = elu(x) + 1 (the twin's LinearAttentionMixer), in its
 * recurrent form. H heads of d_h = width/H contiguous slices; u the normalised block input;
 * every operation rounded to the compute format, σ_s rounding to the state format:
 *   q = wq u, k = wk u, v = wv u;  φq_i = round(elu(q_i) + 1), φk_i = round(elu(k_i) + 1)
 *   S_ij ← σ_s(round(S_ij + round(φk_i·v_j))),  z_i ← σ_s(round(z_i + φk_i))   (i: key, j: value dim)
 *   num_j = Σ_i round(φq_i·S_ij),  den = round(Σ_i round(φq_i·z_i) + eps)      (the new, stored S, z)
 *   o_j = round(num_j / den);  out = wo(concat_h o)     (wo after the heads are joined, no bias)
 * eps = round(1e−6), or the format's minPositive where that is 0 (so den > 0 on every state
 * reachable from init; a decoded state can reach 0/0, which in a fixed format is the format's
 * one-line user error, SequenceModel's underFormatPolicy). The twin computes
 * (a@v)/(a.sum + eps) over past positions instead; the two agree in exact arithmetic.
 * Memory per layer, per head: S [d_h, d_h] row-major, then z [d_h].
 */
export interface LinearAttentionParams {
  readonly wq: Float64Array;
  readonly wk: Float64Array;
  readonly wv: Float64Array;
  readonly wo: Float64Array;
  readonly d: number;
  readonly heads: number;
}

export class LinearAttentionMixer implements MixerLayer {
  readonly grows = false;
  private readonly dh: number;
  private readonly length: number;
  private readonly eps: { value: number; replaced: boolean };
  private readonly one: number;

  constructor(
    private readonly p: LinearAttentionParams,
    compute: Format,
  ) {
    this.dh = p.d / p.heads;
    this.length = p.heads * (this.dh * this.dh + this.dh);
    this.eps = normEpsilon(compute, LINEAR_ATTENTION_EPS);
    this.one = compute.round(1);
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
    for (let i = 0; i < d; i++) {
      q[i] = f.add(f.elu(q[i]), this.one);
      k[i] = f.add(f.elu(k[i]), this.one);
    }
    const next = new Float64Array(this.length);
    const o = new Float64Array(d);
    for (let h = 0; h < heads; h++) {
      const base = h * (dh * dh + dh);
      const zOff = base + dh * dh;
      const c = h * dh;
      for (let i = 0; i < dh; i++) {
        for (let j = 0; j < dh; j++) {
          next[base + i * dh + j] = toState(f.add(mem[base + i * dh + j], f.mul(k[c + i], v[c + j])));
        }
        next[zOff + i] = toState(f.add(mem[zOff + i], k[c + i]));
      }
      let den = 0;
      for (let i = 0; i < dh; i++) den = f.add(den, f.mul(q[c + i], next[zOff + i]));
      den = f.add(den, this.eps.value);
      for (let j = 0; j < dh; j++) {
        let num = 0;
        for (let i = 0; i < dh; i++) num = f.add(num, f.mul(q[c + i], next[base + i * dh + j]));
        o[c + j] = f.div(num, den);
      }
    }
    return { state: next, y: linear(f, this.p.wo, d, d, o) };
  }

  describe(): Record<string, unknown> {
    return { normaliserEps: LINEAR_ATTENTION_EPS, normaliserEpsInFormat: this.eps.value };
  }
}

const MIXER: MixerArchitecture = {
  name: "linear-attention",
  hasMlp: true,
  ownKeys: ["heads"],
  inertKeys: [],
  memoryFormula: "heads·(d_h² + d_h)",
  formulaValues: (c) => ({ heads: c.heads, d_h: c.width / c.heads }),
  resolve: resolveHeads,
  shapes: (c) => headShapes(c, ["wq", "wk", "wv", "wo"]),
  initRule: (_name, shape) => ({ kind: "uniform", bound: 1 / Math.sqrt(shape[shape.length - 1]) }),
  memoryLength: (c) => c.heads * ((c.width / c.heads) ** 2 + c.width / c.heads),
  build: (t, c, _f, compute) =>
    new LinearAttentionMixer({ wq: t["wq.weight"], wk: t["wk.weight"], wv: t["wv.weight"], wo: t["wo.weight"], d: c.width, heads: c.heads }, compute),
};

export const LINEAR_ATTENTION = mixerDescriptor(MIXER);
