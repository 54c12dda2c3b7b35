/**
 * What float and fixed formats share: the overflow policy, the choice between the double fast
 * path and the exact BigInt kernel per operation, Ziv's strategy for the transcendentals, and
 * the accumulation order of sums and dot products. Subclasses supply the grid: `roundRaw` (fast,
 * double in), `roundExact` (BigInt in), special values and the bit encoding.
 */
import type { Accumulation, Format, FormatSpec, OverflowPolicy } from "../format.js";
import { exactAdd, exactDiv, exactDot, exactMul, exactSqrt, type ExactRounder } from "./exactArith.js";
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

  softplus(a: number): number {
    if (a - a !== 0) return this.finish(a > 0 ? a : a < 0 ? 0 : NaN, "softplus");
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
  private ziv(fn: TranscendentalName, a: number, y: number, negative: boolean): number {
    let r: number;
    if (y - y === 0) {
      const d = (y < 0 ? -y : y) * DOUBLE_REL_ERR + DOUBLE_ABS_ERR;
      const lo = this.roundRaw(y - d);
      r = lo === this.roundRaw(y + d) ? lo : roundTranscendental(this, fn, a);
    } else r = roundTranscendental(this, fn, a);
    if (r === 0) return this.zero(negative);
    return this.settle(r, fn);
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
