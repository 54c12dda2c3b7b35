import type { Format } from "../../numeric/format.js";
import { SaturatingFixedOps } from "../../numeric/_internals/fixedKernel.js";
import { Binary32Ops, isBinary32Preset, isFastFloat, SmallFloatOps } from "../../numeric/_internals/floatKernels.js";

/** The format operations a step kernel uses: each returns exactly what the Format method does. */
export interface KernelOps {
  add(a: number, b: number): number;
  sub(a: number, b: number): number;
  mul(a: number, b: number): number;
  div(a: number, b: number): number;
  sqrt(a: number): number;
  neg(a: number): number;
  rsqrt(a: number): number;
  exp(a: number): number;
  expm1(a: number): number;
  log(a: number): number;
  tanh(a: number): number;
  sigmoid(a: number): number;
  softplus(a: number): number;
  silu(a: number): number;
  elu(a: number): number;
  sin(a: number): number;
  cos(a: number): number;
  round(x: number): number;
  /**
   * Optional: dotRow's sum (dot.ts) written out by a specialisation, so that its inner loop
   * calls no method through a possibly polymorphic KernelOps. Same result as dotRow's loop.
   */
  dotRow?(w: Float64Array, wOff: number, v: Float64Array, vOff: number, n: number): number;
  /**
   * True when a sum that starts at +0 never becomes −0 (floats rounding half to even with
   * subnormals: a nonzero exact sum of format values is at least the smallest subnormal, and
   * x + (−x) = +0; fixed formats have no −0), so that leaving out a ±0 addend never changes a
   * sum (attention's zero-skipping path).
   */
  readonly zeroSkipExact?: boolean;
  /**
   * True when no operation can raise (no `error` overflow policy, no 0/0 without a NaN): a value
   * nobody reads may then be left uncomputed without hiding an error (the last block's output
   * at positions whose logits are not read).
   */
  readonly neverRaises?: boolean;
}

/** One specialisation per format (their tables are filled lazily and shared by every model). */
const cache = new WeakMap<Format, KernelOps>();

/**
 * The fastest exact operations for a format (docs/formats.md, "Kernels"): saturating fixed
 * formats of ≤ 26 bits (src/numeric/_internals/fixedKernel.ts); fp32 by Math.fround and the
 * other fast floats (p ≤ 25, exponents within ±500, subnormals on, no `error` policy: fp16,
 * bf16, fp8e4m3fn, fp8e5m2 among them) by one double operation and one rounding
 * (floatKernels.ts); every other format is its own KernelOps.
 */
export function kernelOps(format: Format): KernelOps {
  let ops = cache.get(format);
  if (ops) return ops;
  const s = format.spec;
  if (s.kind === "fixed" && s.overflow === "saturate" && s.intBits + s.fracBits <= 26) {
    ops = new SaturatingFixedOps(format, s.intBits, s.fracBits);
  } else if (s.kind === "float" && isBinary32Preset(s)) ops = new Binary32Ops(format);
  else if (s.kind === "float" && isFastFloat(s)) ops = new SmallFloatOps(format, s);
  else ops = format;
  cache.set(format, ops);
  return ops;
}
