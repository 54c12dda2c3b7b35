/**
 * What float and fixed formats share: the overflow policy, the choice between the double fast
 * path and the exact BigInt kernel per operation, Ziv's strategy for the transcendentals, and
 * the accumulation order of sums and dot products. Subclasses supply the grid: `roundRaw` (fast,
 * double in), `roundExact` (BigInt in), special values and the bit encoding.
 */
import type { Accumulation, Format, FormatSpec, OverflowPolicy } from "../format.js";
import { exactAdd, exactDiv, exactDot, exactMul, exactRsqrt, exactSqrt, type ExactRounder } from "./exactArith.js";
import { roundTranscendental, type TranscendentalName, type ZivRounder } from "./exactTranscendental.js";

/** Relative error bound of the double evaluations below (libm < 1 ulp, ≤ 4 roundings): 2^−43. */
const DOUBLE_REL_ERR = 1.1368683772161603e-13;
/** Absolute error allowance for results in or near the double subnormal range: 2^−1060. */
const DOUBLE_ABS_ERR = 2 ** -1060;

export abstract class RoundedFormat implements Format, ZivRounder {
  abstract readonly name: string;
  abstract readonly spec: FormatSpec;
  abstract readonly bits: number;
  abstract readonly maxFinite: number;
  abstract readonly minPositive: number;
  abstract readonly precision: number;
  /** Largest-magnitude negative value (−maxFinite for floats, −2^(I−1) for fixed). */
  protected abstract readonly minFinite: number;
  protected abstract readonly policy: OverflowPolicy;
  /** Whether a single double op then one rounding is provably exact (docs/formats.md). */
  protected abstract readonly fastAddSub: boolean;
  protected abstract readonly fastMul: boolean;
  protected abstract readonly fastDivSqrt: boolean;

  /** Round a finite double: a format value, or ±Infinity when it overflows (before policy). */
  protected abstract roundRaw(x: number): number;
  abstract roundExact(neg: boolean, m: bigint, e: number, sticky: boolean): number;
  abstract quantumFloor(msb: number): number;
  /** The result for an exact result that is NaN or ±∞. */
  protected abstract nonFinite(x: number, op: string): number;
  /** The format's zero with the sign of a true result whose sign is `negative`. */
  protected abstract zero(negative: boolean): number;
  abstract isValue(x: number): boolean;
  abstract encode(x: number): number | bigint;
  abstract decode(code: number | bigint): number;

  round(x: number): number {
    return this.finish(x, "round");
  }

  /** Round an exact double result and apply the overflow policy. */
  protected finish(x: number, op: string): number {
    if (x - x !== 0) return this.nonFinite(x, op);
    const r = this.roundRaw(x);
    return r - r === 0 ? r : this.overflow(r > 0, op);
  }

  /** Apply the policy to a raw result (±Infinity = overflowed). */
  protected settle(r: number, op: string): number {
    // The exact kernel passes a zero operand through as a double: a signed zero, which only
    // floats have (fixed point maps it to +0).
    if (r === 0) return this.zero(Object.is(r, -0));
    return r - r === 0 ? r : this.overflow(r > 0, op);
  }

  protected overflow(positive: boolean, op: string): number {
    switch (this.policy) {
      case "saturate":
        return positive ? this.maxFinite : this.minFinite;
      case "inf":
        return positive ? Infinity : -Infinity;
      case "nan":
        return NaN;
      case "error":
        throw new RangeError(`${this.name}: ${op} overflowed (result beyond ±${this.maxFinite})`);
    }
  }

  add(a: number, b: number): number {
    if (this.fastAddSub || a - a !== 0 || b - b !== 0) return this.finish(a + b, "add");
    return this.settle(exactAdd(this, a, b), "add");
  }

  sub(a: number, b: number): number {
    if (this.fastAddSub || a - a !== 0 || b - b !== 0) return this.finish(a - b, "sub");
    return this.settle(exactAdd(this, a, -b), "sub");
  }

  mul(a: number, b: number): number {
    if (this.fastMul || a - a !== 0 || b - b !== 0) return this.finish(a * b, "mul");
    return this.settle(exactMul(this, a, b), "mul");
  }

  div(a: number, b: number): number {
    if (this.fastDivSqrt || a - a !== 0 || b - b !== 0 || b === 0) return this.finish(a / b, "div");
    return this.settle(exactDiv(this, a, b), "div");
  }

  sqrt(a: number): number {
    if (this.fastDivSqrt || !(a > 0) || a === Infinity) return this.finish(Math.sqrt(a), "sqrt");
    return this.settle(exactSqrt(this, a), "sqrt");
  }

  neg(a: number): number {
    return this.finish(-a, "neg");
  }

  /**
   * 1/√a. Domain as IEEE rSqrt: rsqrt(+0) = +∞, rsqrt(−0) = −∞ (then the overflow policy where
   * the format has no ∞), rsqrt(+∞) = +0, rsqrt(a < 0) = NaN (a RangeError in fixed point, like √).
   */
  rsqrt(a: number): number {
    if (!(a > 0) || a === Infinity) return this.finish(1 / Math.sqrt(a), "rsqrt");
    // 1/Math.sqrt(a): two roundings, relative error < 2^−51
    let r = this.settledBy(1 / Math.sqrt(a));
    if (r === undefined) r = exactRsqrt(this, a);
    return this.settle(r, "rsqrt");
  }

  /** e^a − 1; expm1(±0) = ±0, expm1(+∞) = +∞, expm1(−∞) = −1. */
  expm1(a: number): number {
    if (a - a !== 0) return this.finish(a > 0 ? a : a < 0 ? -1 : NaN, "expm1");
    if (a === 0) return a;
    return this.ziv("expm1", a, Math.expm1(a), a < 0);
  }

  /** ELU with α = 1: a for a > 0, else expm1(a) (so elu(−0) = −0). */
  elu(a: number): number {
    return a > 0 ? this.finish(a, "elu") : this.expm1(a);
  }

  /** sin(±0) = ±0, sin(±∞) = NaN. */
  sin(a: number): number {
    if (a - a !== 0) return this.finish(NaN, "sin");
    if (a === 0) return a;
    return this.ziv("sin", a, Math.sin(a), null);
  }

  /** cos(±0) = 1, cos(±∞) = NaN. */
  cos(a: number): number {
    if (a - a !== 0) return this.finish(NaN, "cos");
    if (a === 0) return this.finish(1, "cos");
    return this.ziv("cos", a, Math.cos(a), null);
  }

  exp(a: number): number {
    if (a - a !== 0) return this.finish(Math.exp(a), "exp");
    if (a === 0) return this.finish(1, "exp");
    return this.ziv("exp", a, Math.exp(a), false);
  }

  log(a: number): number {
    if (a - a !== 0 || a <= 0) return this.finish(Math.log(a), "log"); // NaN, ±∞, log 0 = −∞, log(<0) = NaN
    if (a === 1) return this.zero(false);
    return this.ziv("log", a, Math.log(a), a < 1);
  }

  tanh(a: number): number {
    if (a - a !== 0) return this.finish(Math.tanh(a), "tanh");
    if (a === 0) return a;
    return this.ziv("tanh", a, Math.tanh(a), a < 0);
  }

  sigmoid(a: number): number {
    if (a - a !== 0) return this.finish(a > 0 ? 1 : a < 0 ? 0 : NaN, "sigmoid");
    if (a === 0) return this.finish(0.5, "sigmoid");
    return this.ziv("sigmoid", a, 1 / (1 + Math.exp(-a)), false);
  }

  /** PyTorch's softplus (threshold 20): a for a > 20, else log(1 + e^a) correctly rounded. */
  softplus(a: number): number {
    if (a > 20) return this.finish(a, "softplus");
    if (a - a !== 0) return this.finish(a < 0 ? 0 : NaN, "softplus");
    const y = a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
    return this.ziv("softplus", a, y, false);
  }

  silu(a: number): number {
    if (a - a !== 0) return this.finish(a > 0 ? a : a < 0 ? -0 : NaN, "silu");
    if (a === 0) return a;
    return this.ziv("silu", a, a / (1 + Math.exp(-a)), a < 0);
  }

  /**
   * Ziv: y is f(a) in double with relative error < 2^−43 (plus 2^−1060 absolute near
   * underflow). If both ends of that error interval round to the same value, it is the correctly
   * rounded result; otherwise the exact evaluator decides.
   */
  private ziv(fn: TranscendentalName, a: number, y: number, negative: boolean | null): number {
    let r = this.settledBy(y);
    if (r === undefined) r = roundTranscendental(this, fn, a);
    // `negative` null: the sign of a zero result is read off r (certain: see settledBy)
    if (r === 0 && negative !== null) return this.zero(negative);
    return this.settle(r, fn);
  }

  /**
   * The raw rounding of a double y whose relative error is < 2^−43 (plus 2^−1060 absolute),
   * when both ends of that error interval round to the same value (signed zeros told apart, so
   * a zero's sign is certain too); undefined when they do not.
   */
  private settledBy(y: number): number | undefined {
    if (y - y !== 0) return undefined;
    const d = (y < 0 ? -y : y) * DOUBLE_REL_ERR + DOUBLE_ABS_ERR;
    const lo = this.roundRaw(y - d);
    return Object.is(lo, this.roundRaw(y + d)) ? lo : undefined;
  }

  dot(a: ArrayLike<number>, b: ArrayLike<number>, init = 0, mode: Accumulation = "sequential"): number {
    if (a.length !== b.length) throw new RangeError(`dot: lengths ${a.length} and ${b.length} differ`);
    if (mode === "exact") return this.exactSum(a, b, init, "dot");
    let acc = init;
    for (let k = 0; k < a.length; k++) acc = this.add(acc, this.mul(a[k], b[k]));
    return acc;
  }

  sum(xs: ArrayLike<number>, mode: Accumulation = "sequential"): number {
    if (mode === "exact") return this.exactSum(xs, null, 0, "sum");
    let acc = 0;
    for (let k = 0; k < xs.length; k++) acc = this.add(acc, xs[k]);
    return acc;
  }

  private exactSum(a: ArrayLike<number>, b: ArrayLike<number> | null, init: number, op: string): number {
    let special = init - init !== 0;
    for (let k = 0; k < a.length && !special; k++) special = a[k] - a[k] !== 0 || (b !== null && b[k] - b[k] !== 0);
    if (special) {
      // NaN/∞ operands: IEEE special arithmetic in double gives the exact (non-finite) result
      let acc = init;
      for (let k = 0; k < a.length; k++) acc += b === null ? a[k] : a[k] * b[k];
      return this.finish(acc, op);
    }
    const ones = b ?? ONES(a.length);
    return this.settle(exactDot(this as ExactRounder, a, ones, init), op);
  }
}

function ONES(n: number): Float64Array {
  return new Float64Array(n).fill(1);
}
