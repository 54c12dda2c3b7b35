/**
 * A signed two's-complement fixed-point format `fixed:I.F` (B = I + F ≤ 32 bits, values k·2^−F)
 * as a Format over doubles. No NaN, no infinities, no signed zero.
 */
import type { FixedSpec, OverflowPolicy } from "../format.js";
import { pow2, shiftRoundHalfEven } from "./bits.js";
import { RoundedFormat } from "./roundedFormat.js";

const TWO52 = 4503599627370496;

export class FixedGrid extends RoundedFormat {
  readonly bits: number;
  readonly maxFinite: number;
  readonly minPositive: number;
  readonly precision: number;
  protected readonly minFinite: number;
  protected readonly policy: OverflowPolicy;
  protected readonly fastAddSub = true; // |k1 ± k2| ≤ 2^32: exact in double
  protected readonly fastMul: boolean;
  protected readonly fastDivSqrt: boolean;
  private readonly F: number;
  private readonly scale: number;
  private readonly kmax: number;
  private readonly kmin: number;

  constructor(
    readonly name: string,
    readonly spec: FixedSpec,
  ) {
    super();
    const B = spec.intBits + spec.fracBits;
    this.F = spec.fracBits;
    this.bits = B;
    this.precision = B;
    this.policy = spec.overflow;
    this.scale = pow2(this.F);
    this.kmax = pow2(B - 1) - 1;
    this.kmin = -pow2(B - 1);
    this.maxFinite = this.kmax * pow2(-this.F);
    this.minFinite = this.kmin * pow2(-this.F);
    this.minPositive = pow2(-this.F);
    // docs/formats.md: products of B-bit integers are exact in double for B ≤ 27; one
    // double quotient or root rounds to the right grid point for B ≤ 26.
    this.fastMul = B <= 27;
    this.fastDivSqrt = B <= 26;
  }

  protected roundRaw(x: number): number {
    const y = x * this.scale;
    let ay = y < 0 ? -y : y;
    if (ay >= TWO52) return y < 0 ? -Infinity : Infinity;
    ay = ay + TWO52 - TWO52; // round half to even to an integer
    const k = y < 0 ? -ay : ay;
    if (k > this.kmax || k < this.kmin) return k > 0 ? Infinity : -Infinity;
    return k / this.scale + 0; // + 0 turns −0 into +0
  }

  roundExact(neg: boolean, m: bigint, e: number, sticky: boolean): number {
    const shift = -this.F - e;
    const q = shiftRoundHalfEven(m, shift, sticky);
    if (q > BigInt(neg ? -this.kmin : this.kmax)) return neg ? -Infinity : Infinity;
    const v = Number(q) / this.scale;
    return neg && v !== 0 ? -v : v;
  }

  quantumFloor(): number {
    return -this.F;
  }

  protected nonFinite(x: number, op: string): number {
    if (x !== x) throw new RangeError(`${this.name}: ${op} has no value (NaN) in a fixed-point format`);
    return this.overflow(x > 0, op);
  }

  protected zero(): number {
    return 0;
  }

  isValue(x: number): boolean {
    const k = x * this.scale;
    return Number.isInteger(k) && k >= this.kmin && k <= this.kmax && !Object.is(x, -0);
  }

  encode(x: number): number {
    if (!this.isValue(x)) throw new RangeError(`${this.name}: ${x} is not a value of the format`);
    const k = x * this.scale;
    return k < 0 ? k + pow2(this.bits) : k;
  }

  decode(code: number | bigint): number {
    const c = typeof code === "bigint" ? Number(code) : code;
    if (!Number.isInteger(c) || c < 0 || c >= pow2(this.bits)) throw new RangeError(`${this.name}: code ${code} out of range`);
    const k = c > this.kmax ? c - pow2(this.bits) : c;
    return k / this.scale;
  }
}
