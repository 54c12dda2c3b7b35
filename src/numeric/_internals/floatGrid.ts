/**
 * A binary floating-point format (E exponent bits, M stored mantissa bits, any bias,
 * subnormals on/off, IEEE or "fn" special values) as a Format over doubles.
 */
import type { FloatSpec, OverflowPolicy } from "../format.js";
import { bitLength, exponentOf, pow2, shiftRoundHalfEven } from "./bits.js";
import { RoundedFormat } from "./roundedFormat.js";

const TWO52 = 4503599627370496;

export class FloatGrid extends RoundedFormat {
  readonly bits: number;
  readonly maxFinite: number;
  readonly minPositive: number;
  readonly precision: number;
  protected readonly minFinite: number;
  protected readonly policy: OverflowPolicy;
  protected readonly fastAddSub: boolean;
  protected readonly fastMul: boolean;
  protected readonly fastDivSqrt: boolean;
  private readonly M: number;
  /** Smallest normal exponent (1 − bias) and largest finite exponent. */
  private readonly emin: number;
  private readonly emax: number;
  private readonly subnormals: boolean;
  private readonly ieee: boolean;
  private readonly minNormal: number;
  private readonly halfMinNormal: number;
  /** fp32 with IEEE specials and subnormals: Math.fround is exactly its rounding. */
  private readonly isBinary32: boolean;

  constructor(
    readonly name: string,
    readonly spec: FloatSpec,
  ) {
    super();
    const { expBits: E, mantBits: M, bias } = spec;
    this.M = M;
    this.precision = M + 1;
    this.bits = 1 + E + M;
    this.emin = 1 - bias;
    this.ieee = spec.infNan === "ieee";
    this.emax = (this.ieee ? 2 ** E - 2 : 2 ** E - 1) - bias;
    this.subnormals = spec.subnormals;
    this.policy = spec.overflow;
    // fn: the all-ones mantissa of the top exponent is NaN, so the largest significand is 2 − 2^(1−M)
    this.maxFinite = (2 - pow2(this.ieee ? -M : 1 - M)) * pow2(this.emax);
    this.minFinite = -this.maxFinite;
    this.minNormal = pow2(this.emin);
    this.halfMinNormal = pow2(this.emin - 1);
    this.minPositive = this.subnormals ? pow2(this.emin - M) : this.minNormal;
    // docs/formats.md: one double op then one rounding is exact for p ≤ 25 when every product
    // and quotient of format values stays a normal double (exponents within ±500).
    const fast = this.precision <= 25 && this.emin - M >= -500 && this.emax <= 500;
    this.fastAddSub = this.fastMul = this.fastDivSqrt = fast;
    this.isBinary32 = E === 8 && M === 23 && bias === 127 && this.ieee && this.subnormals;
  }

  protected roundRaw(x: number): number {
    if (this.isBinary32) return Math.fround(x);
    const ax = x < 0 ? -x : x;
    if (ax === 0) return x;
    let e = exponentOf(ax);
    if (e > this.emax) return x < 0 ? -Infinity : Infinity;
    if (e < this.emin) {
      if (!this.subnormals) {
        // flush: nearest of {0, 2^emin}; the tie 2^(emin−1) goes to 0 (even significand)
        const r = ax > this.halfMinNormal ? this.minNormal : 0;
        return x < 0 ? -r : r;
      }
      e = this.emin;
    }
    const qe = e - this.M; // the quantum (ulp) is 2^qe
    let y = qe >= -1023 ? ax * pow2(-qe) : ax * 1.152921504606847e18 * pow2(-qe - 60);
    if (y < TWO52) y = y + TWO52 - TWO52; // round half to even at integer precision
    const r = y * pow2(qe);
    if (r > this.maxFinite) return x < 0 ? -Infinity : Infinity;
    return x < 0 ? -r : r;
  }

  roundExact(neg: boolean, m: bigint, e: number, sticky: boolean): number {
    if (m === 0n) return neg ? -0 : 0;
    const msb = bitLength(m) - 1 + e;
    if (msb > this.emax) return neg ? -Infinity : Infinity;
    if (msb < this.emin && !this.subnormals) {
      let r = 0;
      if (msb === this.emin - 1) {
        const isHalf = !sticky && (m & (m - 1n)) === 0n; // exactly 2^(emin−1): a tie, to 0
        r = isHalf ? 0 : this.minNormal;
      }
      return neg ? -r : r;
    }
    const qe = Math.max(msb, this.emin) - this.M;
    const shift = qe - e;
    const q = shiftRoundHalfEven(m, shift, sticky);
    const v = Number(q) * pow2(qe);
    if (v > this.maxFinite) return neg ? -Infinity : Infinity;
    return neg ? -v : v;
  }

  quantumFloor(msb: number): number {
    return Math.max(msb - 1, this.emin) - this.M;
  }

  protected nonFinite(x: number, op: string): number {
    if (x !== x) return NaN;
    return this.ieee ? x : this.overflow(x > 0, op);
  }

  protected zero(negative: boolean): number {
    return negative ? -0 : 0;
  }

  isValue(x: number): boolean {
    if (x !== x) return true;
    if (x === Infinity || x === -Infinity) return this.ieee;
    return this.roundRaw(x) === x;
  }

  encode(x: number): number | bigint {
    const { E, M } = { E: this.spec.expBits, M: this.M };
    let sign = 0;
    let field: number;
    let mant: number;
    if (x !== x) {
      // PyTorch's NaN: positive, quiet (top mantissa bit); fn formats have the one all-ones NaN
      field = 2 ** E - 1;
      mant = this.ieee ? pow2(M - 1) : pow2(M) - 1;
    } else {
      if (!this.isValue(x)) throw new RangeError(`${this.name}: ${x} is not a value of the format`);
      sign = x < 0 || Object.is(x, -0) ? 1 : 0;
      const ax = Math.abs(x);
      if (ax === Infinity) {
        field = 2 ** E - 1;
        mant = 0;
      } else if (ax < this.minNormal) {
        field = 0;
        mant = ax * pow2(M - this.emin); // subnormal significand, or 0
      } else {
        const e = exponentOf(ax);
        field = e + this.spec.bias;
        mant = ax * pow2(M - e) - pow2(M);
      }
    }
    if (this.bits <= 32) return sign * pow2(E + M) + field * pow2(M) + mant;
    return (BigInt(sign) << BigInt(E + M)) | (BigInt(field) << BigInt(M)) | BigInt(mant);
  }

  decode(code: number | bigint): number {
    const E = this.spec.expBits;
    const M = this.M;
    let sign: number;
    let field: number;
    let mant: number;
    if (typeof code === "bigint") {
      if (code < 0n || code >> BigInt(this.bits) !== 0n) throw new RangeError(`${this.name}: code ${code} out of range`);
      sign = Number(code >> BigInt(E + M));
      field = Number((code >> BigInt(M)) & ((1n << BigInt(E)) - 1n));
      mant = Number(code & ((1n << BigInt(M)) - 1n));
    } else {
      if (!Number.isInteger(code) || code < 0 || code >= pow2(this.bits)) {
        throw new RangeError(`${this.name}: code ${code} out of range`);
      }
      sign = Math.floor(code / pow2(E + M));
      const rest = code - sign * pow2(E + M);
      field = Math.floor(rest / pow2(M));
      mant = rest - field * pow2(M);
    }
    let v: number;
    if (field === 2 ** E - 1 && this.ieee) v = mant === 0 ? Infinity : NaN;
    else if (field === 2 ** E - 1 && mant === pow2(M) - 1) v = NaN;
    else if (field === 0) v = this.subnormals ? mant * pow2(this.emin - M) : 0; // no subnormals: flushed
    else v = (pow2(M) + mant) * pow2(field - this.spec.bias - M);
    return sign === 1 ? -v : v;
  }
}
