import { dotRow } from "./dot.js";
import type { MixerOps } from "./mixerOps.js";

/**
 * The pieces around the sequence mixers (linear maps, RMSNorm/LayerNorm, SwiGLU), each in one
 * documented order of rounded operations (docs/models.md, "Sequence mixers").
 */

/** out[o] = dot(W[o], x) for W [rows, cols] row-major (no bias). */
export function linear(
  f: MixerOps,
  w: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  xOff: number,
  out: Float64Array,
  outOff: number,
): void {
  for (let o = 0; o < rows; o++) out[outOff + o] = dotRow(f, w, o * cols, x, xOff, cols);
}

/** round(s / n) for a whole count n: one rounding of the exact quotient (see docs/models.md). */
export function divideByCount(f: MixerOps, s: number, n: number): number {
  return f.round(s / n);
}

export type NormKind = "rmsnorm" | "layernorm";

export interface NormParams {
  readonly kind: NormKind;
  readonly weight: Float64Array;
  /** layernorm only */
  readonly bias: Float64Array | null;
  /** eps in the format (minPositive where 1e−5 rounds to 0) */
  readonly eps: number;
}

/**
 * rmsnorm: ms = round(Σ round(x_i²) / d); r = rsqrt(round(ms + eps)); y_i = round(round(x_i·r)·w_i)
 * layernorm: μ = round(Σx_i / d); c_i = round(x_i − μ); v = round(Σ round(c_i²) / d);
 *            r = rsqrt(round(v + eps)); y_i = round(round(round(c_i·r)·w_i) + b_i)
 * Sums run left to right from 0, rounding after every addition. x and y may not alias.
 */
export function norm(f: MixerOps, p: NormParams, x: Float64Array, y: Float64Array, d: number): void {
  if (p.kind === "rmsnorm") {
    let ss = 0;
    for (let i = 0; i < d; i++) ss = f.add(ss, f.mul(x[i], x[i]));
    const r = f.rsqrt(f.add(divideByCount(f, ss, d), p.eps));
    for (let i = 0; i < d; i++) y[i] = f.mul(f.mul(x[i], r), p.weight[i]);
    return;
  }
  let s = 0;
  for (let i = 0; i < d; i++) s = f.add(s, x[i]);
  const mu = divideByCount(f, s, d);
  let ss = 0;
  for (let i = 0; i < d; i++) {
    const c = f.sub(x[i], mu);
    y[i] = c;
    ss = f.add(ss, f.mul(c, c));
  }
  const r = f.rsqrt(f.add(divideByCount(f, ss, d), p.eps));
  const b = p.bias!;
  for (let i = 0; i < d; i++) y[i] = f.add(f.mul(f.mul(y[i], r), p.weight[i]), b[i]);
}

export interface SwigluParams {
  /** w_gate [F, d], w_up [F, d], w_down [d, F] */
  readonly gate: Float64Array;
  readonly up: Float64Array;
  readonly down: Float64Array;
  readonly hidden: number;
}

/** y = w_down(a), a_j = round(silu(dot(w_gate[j], x)) · dot(w_up[j], x)); `a` is scratch [F]. */
export function swiglu(f: MixerOps, p: SwigluParams, x: Float64Array, y: Float64Array, d: number, a: Float64Array): void {
  const F = p.hidden;
  for (let j = 0; j < F; j++) {
    a[j] = f.mul(f.silu(dotRow(f, p.gate, j * d, x, 0, d)), dotRow(f, p.up, j * d, x, 0, d));
  }
  linear(f, p.down, d, F, a, 0, y, 0);
}
