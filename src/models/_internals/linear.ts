import { dotRow } from "./dot.js";
import type { KernelOps } from "./kernelOps.js";

/**
 * A bias-optional linear map over the compute format, PyTorch's y = x Wᵀ + b with W [rows, cols]
 * row-major: out[r] = round(dot(W_r, x) + b_r), the dot in Format.dot's sequential order
 * (acc = 0, then acc = round(acc + round(W_r[k]·x[k])) for k = 0, 1, …), the bias added last.
 * Without a bias, out[r] = dot(W_r, x).
 */
export function linear(
  f: KernelOps,
  W: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  xOff = 0,
  bias?: Float64Array,
): Float64Array {
  const out = new Float64Array(rows);
  for (let r = 0; r < rows; r++) {
    const d = dotRow(f, W, r * cols, x, xOff, cols);
    out[r] = bias ? f.add(d, bias[r]) : d;
  }
  return out;
}

/**
 * The rows `picked` of the same map, out[i] = linear(…)[picked[i]] by the same operations (a
 * readout scored on the answer tokens only). A row outside 0..rows−1 is a bug: it throws.
 */
export function linearRows(
  f: KernelOps,
  W: Float64Array,
  rows: number,
  cols: number,
  x: Float64Array,
  picked: readonly number[],
  xOff = 0,
  bias?: Float64Array,
): Float64Array {
  const out = new Float64Array(picked.length);
  for (let i = 0; i < picked.length; i++) {
    const r = picked[i];
    if (!(Number.isInteger(r) && r >= 0 && r < rows)) throw new RangeError(`row ${r} outside 0..${rows - 1}`);
    const d = dotRow(f, W, r * cols, x, xOff, cols);
    out[i] = bias ? f.add(d, bias[r]) : d;
  }
  return out;
}

/** Elementwise round(a[i] + b[i]): the residual addition. */
export function addVectors(f: KernelOps, a: Float64Array, b: Float64Array): Float64Array {
  const out = new Float64Array(a.length);
  for (let i = 0; i < a.length; i++) out[i] = f.add(a[i], b[i]);
  return out;
}
