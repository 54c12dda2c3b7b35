import { dotRow } from "./dot.js";
import { linear } from "./linear.js";
import type { Mixer } from "./block.js";
import type { ModelOps } from "./modelOps.js";
import type { RopeAngles } from "./positions.js";

/** `{prefix}.{wq,wk,wv,wo}.weight` [d, d], no biases. */
export interface AttentionParams {
  readonly wq: Float64Array;
  readonly wk: Float64Array;
  readonly wv: Float64Array;
  readonly wo: Float64Array;
  readonly width: number;
  readonly heads: number;
}

export function attentionShapes(prefix: string, width: number): [string, number[]][] {
  return ["wq", "wk", "wv", "wo"].map((n) => [`${prefix}.${n}.weight`, [width, width]] as [string, number[]]);
}

/**
 * Causal softmax self-attention as a streaming mixer whose state is the KV cache: position s
 * holds k_s (after RoPE) then v_s, 2d state-format scalars, so stateLength(t) = 2·d·t. At
 * position t (= the cache length) with normalised input x:
 *   q, k, v = linear(wq, x), linear(wk, x), linear(wv, x); head h is the contiguous slice
 *   [h·d_h, (h+1)·d_h) of each (d_h = d/H); RoPE rotates q and k per head (when enabled);
 *   k and v are rounded to the state format and appended to the cache;
 *   per head: score_s = round(dot(q_h, k_s,h) / c), c = √d_h (fp64, rounded to the compute format);
 *   m = max_s score_s; e_s = exp(round(score_s − m)); Z = Σ_s e_s (left to right from 0);
 *   o_h[j] = Σ_s round(round(e_s / Z)·v_s,h[j]) (left to right from 0);
 *   y = linear(wo, concat_h o_h).
 * Only past positions exist, so the twin's causal mask (−∞, or an additive −100) never enters.
 */
export class AttentionMixer implements Mixer {
  readonly grows = true;
  private readonly headDim: number;
  private readonly scale: number;

  constructor(
    private readonly p: AttentionParams,
    computeRound: (x: number) => number,
    private readonly rope: RopeAngles | null,
  ) {
    this.headDim = p.width / p.heads;
    this.scale = computeRound(Math.sqrt(this.headDim));
  }

  stateLength(t: number): number {
    return 2 * this.p.width * t;
  }

  init(): Float64Array {
    return new Float64Array(0);
  }

  position(state: Float64Array): number {
    return state.length / (2 * this.p.width);
  }

  step(f: ModelOps, state: Float64Array, x: Float64Array, toState: (x: number) => number): { state: Float64Array; y: Float64Array } {
    const { width: d, heads } = this.p;
    const dh = this.headDim;
    const t = state.length / (2 * d);
    const q = linear(f, this.p.wq, d, d, x);
    const k = linear(f, this.p.wk, d, d, x);
    const v = linear(f, this.p.wv, d, d, x);
    if (this.rope) {
      for (let h = 0; h < heads; h++) {
        this.rope.rotate(f, q, h * dh, t);
        this.rope.rotate(f, k, h * dh, t);
      }
    }
    const next = new Float64Array(state.length + 2 * d);
    next.set(state);
    const base = state.length;
    for (let i = 0; i < d; i++) {
      next[base + i] = toState(k[i]);
      next[base + d + i] = toState(v[i]);
    }
    const n = t + 1;
    const scores = new Float64Array(n);
    const o = new Float64Array(d);
    for (let h = 0; h < heads; h++) {
      const off = h * dh;
      let m = -Infinity;
      for (let s = 0; s < n; s++) {
        const sc = f.div(dotRow(f, q, off, next, s * 2 * d + off, dh), this.scale);
        scores[s] = sc;
        if (sc > m || s === 0) m = sc;
      }
      let z = 0;
      for (let s = 0; s < n; s++) {
        scores[s] = f.exp(f.sub(scores[s], m));
        z = f.add(z, scores[s]);
      }
      for (let s = 0; s < n; s++) scores[s] = f.div(scores[s], z);
      for (let j = 0; j < dh; j++) {
        let acc = 0;
        for (let s = 0; s < n; s++) acc = f.add(acc, f.mul(scores[s], next[s * 2 * d + d + off + j]));
        o[off + j] = acc;
      }
    }
    return { state: next, y: linear(f, this.p.wo, d, d, o) };
  }
}
