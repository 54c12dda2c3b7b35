import type { KernelOps } from "./kernelOps.js";

/**
 * Σ_k w[wOff+k]·v[vOff+k] in Format.dot's `sequential` order, written out so rows of a flat
 * weight matrix and slices of a flat state need no subarray views: acc starts at 0 (so a sum of
 * negative zeros is +0, as Format.dot gives), then acc = round(acc + round(w·v)) left to right.
 */
export function dotRow(
  f: KernelOps,
  w: Float64Array,
  wOff: number,
  v: Float64Array,
  vOff: number,
  n: number,
): number {
  if (f.dotRow !== undefined) return f.dotRow(w, wOff, v, vOff, n); // the same loop, specialised
  let acc = 0;
  for (let k = 0; k < n; k++) acc = f.add(acc, f.mul(w[wOff + k], v[vOff + k]));
  return acc;
}

/** The same sum in plain double arithmetic (the float64 baselines). */
export function dotRowFloat64(w: Float64Array, wOff: number, v: Float64Array, vOff: number, n: number): number {
  let acc = 0;
  for (let k = 0; k < n; k++) acc = acc + w[wOff + k] * v[vOff + k];
  return acc;
}
