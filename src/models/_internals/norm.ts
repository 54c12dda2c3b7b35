import type { Format } from "../../numeric/format.js";
import type { ModelOps } from "./modelOps.js";

export type NormKind = "rmsnorm" | "layernorm";
export const NORM_KINDS: readonly NormKind[] = ["rmsnorm", "layernorm"];

/** `*.weight` [d]; LayerNorm also `*.bias` [d]. */
export interface NormParams {
  readonly weight: Float64Array;
  readonly bias?: Float64Array;
}

/** The twins' default ε (SHARED-NAMES.md: normEps). */
export const DEFAULT_NORM_EPS = 1e-5;

/**
 * ε in the compute format: round(normEps), or the format's smallest positive value where that
 * rounds to 0 (every fixed format with fewer than 17 fraction bits at 1e−5), so that
 * mean + ε > 0 and rsqrt never sees 0. `replaced` says which happened (describe() reports it).
 */
export function normEpsilon(format: Format, normEps: number): { value: number; replaced: boolean } {
  const r = format.round(normEps);
  return r > 0 ? { value: r, replaced: false } : { value: format.minPositive, replaced: true };
}

/**
 * RMSNorm and LayerNorm exactly as src/float/python/blocks.py computes them, every operation
 * rounded to the compute format, sums left to right from 0:
 *   RMSNorm:   ms = round(Σ round(x_i²) / d);  r = rsqrt(round(ms + ε));  y_i = round(round(x_i·r)·w_i)
 *   LayerNorm: μ = round(Σ x_i / d);  c_i = round(x_i − μ);  var = round(Σ round(c_i²) / d) (biased);
 *              r = rsqrt(round(var + ε));  y_i = round(round(round(c_i·r)·w_i) + b_i)
 * d divides as an exact integer (the real quotient, rounded once), so it need not be a format value.
 */
export function applyNorm(
  f: ModelOps,
  kind: NormKind,
  p: NormParams,
  x: Float64Array,
  eps: number,
  xOff = 0,
  width = p.weight.length,
): Float64Array {
  const out = new Float64Array(width);
  if (kind === "rmsnorm") {
    let ss = 0;
    for (let i = 0; i < width; i++) ss = f.add(ss, f.mul(x[xOff + i], x[xOff + i]));
    const r = f.rsqrt(f.add(f.div(ss, width), eps));
    for (let i = 0; i < width; i++) out[i] = f.mul(f.mul(x[xOff + i], r), p.weight[i]);
    return out;
  }
  let s = 0;
  for (let i = 0; i < width; i++) s = f.add(s, x[xOff + i]);
  const mu = f.div(s, width);
  const c = new Float64Array(width);
  let ss = 0;
  for (let i = 0; i < width; i++) {
    c[i] = f.sub(x[xOff + i], mu);
    ss = f.add(ss, f.mul(c[i], c[i]));
  }
  const r = f.rsqrt(f.add(f.div(ss, width), eps));
  const b = p.bias!;
  for (let i = 0; i < width; i++) out[i] = f.add(f.mul(f.mul(c[i], r), p.weight[i]), b[i]);
  return out;
}

/** Tensor names of a norm called `prefix` (e.g. `final_norm`). */
export function normShapes(prefix: string, kind: NormKind, width: number): [string, number[]][] {
  const out: [string, number[]][] = [[`${prefix}.weight`, [width]]];
  if (kind === "layernorm") out.push([`${prefix}.bias`, [width]]);
  return out;
}
