import { dotRow } from "./dot.js";
import { appendRow, cacheIsFinite } from "./kvCache.js";
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

  /** q (unrounded, after RoPE) and the cached k, v (after RoPE, rounded to the state format) of one position t. */
  project(f: ModelOps, x: Float64Array, t: number, toState: (x: number) => number): { q: Float64Array; k: Float64Array; v: Float64Array } {
    return { q: this.query(f, x, t), ...this.keyValue(f, x, t, toState) };
  }

  /** q of position t: linear(wq, x), rotated per head when RoPE is on. */
  private query(f: ModelOps, x: Float64Array, t: number): Float64Array {
    const { width: d, heads } = this.p;
    const q = linear(f, this.p.wq, d, d, x);
    if (this.rope) for (let h = 0; h < heads; h++) this.rope.rotate(f, q, h * this.headDim, t);
    return q;
  }

  /** k and v of position t, k rotated per head when RoPE is on, both rounded to the state format. */
  private keyValue(f: ModelOps, x: Float64Array, t: number, toState: (x: number) => number): { k: Float64Array; v: Float64Array } {
    const { width: d, heads } = this.p;
    const k = linear(f, this.p.wk, d, d, x);
    const v = linear(f, this.p.wv, d, d, x);
    if (this.rope) for (let h = 0; h < heads; h++) this.rope.rotate(f, k, h * this.headDim, t);
    for (let i = 0; i < d; i++) {
      k[i] = toState(k[i]);
      v[i] = toState(v[i]);
    }
    return { k, v };
  }

  /** score = round(dot(q_h, k_h) / c) for head h, k read from `kv` at `kOff` (a cache row: k then v). */
  score(f: ModelOps, q: Float64Array, kv: Float64Array, kOff: number, h: number): number {
    const off = h * this.headDim;
    return f.div(dotRow(f, q, off, kv, kOff + off, this.headDim), this.scale);
  }

  step(f: ModelOps, state: Float64Array, x: Float64Array, toState: (x: number) => number): { state: Float64Array; y: Float64Array } {
    const { q, k, v } = this.project(f, x, this.position(state), toState);
    const next = this.append(state, k, v);
    return { state: next, y: this.output(f, this.attend(f, q, next)) };
  }

  /** The next cache alone: the output at this position is not read (it feeds only the last hidden vector). */
  advance(f: ModelOps, state: Float64Array, x: Float64Array, toState: (x: number) => number): Float64Array {
    const { k, v } = this.keyValue(f, x, this.position(state), toState);
    return this.append(state, k, v);
  }

  /** The output y at the last position of `next` (what step returned beside it), for the same input x. */
  respond(f: ModelOps, next: Float64Array, x: Float64Array): Float64Array {
    return this.output(f, this.attend(f, this.query(f, x, this.position(next) - 1), next));
  }

  private append(state: Float64Array, k: Float64Array, v: Float64Array): Float64Array {
    const d = this.p.width;
    const row = new Float64Array(2 * d);
    row.set(k);
    row.set(v, d);
    return appendRow(state, row);
  }

  /** concat_h o_h over the cache `next` (the query's own row last). */
  private attend(f: ModelOps, q: Float64Array, next: Float64Array): Float64Array {
    return f.zeroSkipExact === true && cacheIsFinite(next) ? this.attendSkippingZeros(f, q, next) : this.attendInOrder(f, q, next);
  }

  /** The definition above, term by term. */
  private attendInOrder(f: ModelOps, q: Float64Array, next: Float64Array): Float64Array {
    const { width: d, heads } = this.p;
    const dh = this.headDim;
    const n = next.length / (2 * d);
    const scores = scratch(n);
    const o = new Float64Array(d);
    for (let h = 0; h < heads; h++) {
      const off = h * dh;
      let m = -Infinity;
      for (let s = 0; s < n; s++) {
        const sc = this.score(f, q, next, s * 2 * d, h);
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
    return o;
  }

  /**
   * The same values with every zero addend left out, for ops whose sums never reach −0
   * (KernelOps.zeroSkipExact) over a finite cache: a product with a zero factor is ±0 and a sum
   * that is not −0 is unchanged by adding ±0. So the scores run over q_h's nonzero coordinates,
   * Z skips e_s = 0, and the weighted sums skip rows of zero weight and zero values; each sum
   * still runs in increasing s, row by row rather than coordinate by coordinate. A Z that is not
   * finite (NaN weights, whose products with 0 are NaN) sends the whole step to attendInOrder.
   */
  private attendSkippingZeros(f: ModelOps, q: Float64Array, next: Float64Array): Float64Array {
    const { width: d, heads } = this.p;
    const dh = this.headDim;
    const stride = 2 * d;
    const n = next.length / stride;
    const scores = scratch(n);
    const nonzero = new Int32Array(dh);
    const o = new Float64Array(d);
    for (let h = 0; h < heads; h++) {
      const off = h * dh;
      let nz = 0;
      for (let i = off; i < off + dh; i++) if (q[i] !== 0) nonzero[nz++] = i;
      let m = -Infinity;
      for (let s = 0; s < n; s++) {
        const base = s * stride;
        let acc = 0;
        if (nz === dh) acc = dotRow(f, q, off, next, base + off, dh); // a dense query: the specialised loop
        else
          for (let u = 0; u < nz; u++) {
            const i = nonzero[u];
            acc = f.add(acc, f.mul(q[i], next[base + i]));
          }
        const sc = f.div(acc, this.scale);
        scores[s] = sc;
        if (sc > m || s === 0) m = sc;
      }
      let z = 0;
      for (let s = 0; s < n; s++) {
        const e = f.exp(f.sub(scores[s], m));
        scores[s] = e;
        if (e !== 0) z = f.add(z, e);
      }
      // A NaN score or e_s, or Z overflowing, makes weights NaN, and NaN·0 is not a zero addend.
      if (z - z !== 0) return this.attendInOrder(f, q, next);
      for (let s = 0; s < n; s++) {
        const w = scores[s] === 0 ? 0 : f.div(scores[s], z);
        if (w === 0) continue;
        const base = s * stride + d + off;
        for (let j = 0; j < dh; j++) {
          const v = next[base + j];
          if (v !== 0) o[off + j] = f.add(o[off + j], f.mul(w, v));
        }
      }
    }
    return o;
  }

  /** y = linear(wo, concat_h o_h). */
  output(f: ModelOps, o: Float64Array): Float64Array {
    return linear(f, this.p.wo, this.p.width, this.p.width, o);
  }

  /**
   * One party's partial softmax sums for head h over its own positions (rows of `rows`, each a
   * k-then-v cache row, in increasing position order), against its own maximum:
   *   m_P = max score_j;  e_j = exp(round(score_j − m_P));
   *   Z_P = Σ e_j,  N_P[i] = Σ round(e_j·v_j,h[i])  (left to right from 0).
   * The partition-order evaluation (../transformerPartition.ts) combines two of them.
   */
  partialSums(f: ModelOps, q: Float64Array, rows: readonly Float64Array[], h: number): AttentionPartial {
    const { width: d } = this.p;
    const dh = this.headDim;
    const off = h * dh;
    const scores = rows.map((r) => this.score(f, q, r, 0, h));
    let max = -Infinity;
    scores.forEach((sc, s) => {
      if (sc > max || s === 0) max = sc;
    });
    let denominator = 0;
    const numerator = new Float64Array(dh);
    rows.forEach((r, s) => {
      const e = f.exp(f.sub(scores[s], max));
      denominator = f.add(denominator, e);
      for (let i = 0; i < dh; i++) numerator[i] = f.add(numerator[i], f.mul(e, r[d + off + i]));
    });
    return { numerator, denominator, max };
  }

  /**
   * Two parties' partials of head h combined, first's before second's:
   *   m = max(m_A, m_B);  r_P = exp(round(m_P − m));
   *   Z = round(round(r_A·Z_A) + round(r_B·Z_B));  N[i] = round(round(r_A·N_A[i]) + round(r_B·N_B[i]));
   *   o_h[i] = round(N[i] / Z).
   */
  combinePartials(f: ModelOps, a: AttentionPartial, b: AttentionPartial): Float64Array {
    const m = b.max > a.max ? b.max : a.max;
    const ra = f.exp(f.sub(a.max, m));
    const rb = f.exp(f.sub(b.max, m));
    const z = f.add(f.mul(ra, a.denominator), f.mul(rb, b.denominator));
    return a.numerator.map((na, i) => f.div(f.add(f.mul(ra, na), f.mul(rb, b.numerator[i])), z));
  }

  get headSize(): number {
    return this.headDim;
  }

  get headCount(): number {
    return this.p.heads;
  }
}

/** One party's partial softmax sums of one head: d_h numerator values, the denominator, its maximum score. */
export interface AttentionPartial {
  readonly numerator: Float64Array;
  readonly denominator: number;
  readonly max: number;
}

/** A scores buffer of at least n entries, reused across calls (attention never re-enters itself). */
let scores = new Float64Array(1024);
function scratch(n: number): Float64Array {
  if (scores.length < n) scores = new Float64Array(Math.max(n, 2 * scores.length));
  return scores;
}
