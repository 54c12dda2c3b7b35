/**
 * Specialised operations of the fast float formats (precision p ≤ 25, every exponent within
 * ±500, subnormals on, overflow policy inf/nan/saturate: the five float presets among them),
 * equal to the format's own methods (docs/formats.md, "Kernels"; tests compare every operand
 * pair of the 8-bit formats and millions of the 16- and 32-bit ones):
 *  - + − × ÷ √: one double operation, then one rounding to the format (exact for p ≤ 25: the
 *    fast-path argument of docs/formats.md). fp32 rounds with Math.fround; the others by
 *    Veltkamp's split (three flops), and a magic constant in the subnormal range.
 *  - unary functions: formats of ≤ 16 bits look them up in a table of every value, filled by
 *    the format's own method on first use; fp32 evaluates in double and rounds with Math.fround
 *    when the whole error interval (Ziv, as RoundedFormat does) rounds to one nonzero value, and
 *    asks the format otherwise.
 * Operands are format values; anything else is caught (it misses the table) and handed to the
 * format.
 */
import type { FloatSpec, Format } from "../format.js";
import { pow2 } from "./bits.js";
import { fillTable, type ScalarOps, type UnaryName } from "./scalarOps.js";

const f32 = new Float32Array(1);
const u32f = new Uint32Array(f32.buffer);

/** Ziv's bounds, as in RoundedFormat: relative error < 2^−43, plus 2^−1060 absolute. */
const REL = 1.1368683772161603e-13;
const ABS = 2 ** -1060;

/** Whether SmallFloatOps' one-rounding argument holds for this spec (and its double arithmetic stays finite). */
export function isFastFloat(s: FloatSpec): boolean {
  const emin = 1 - s.bias;
  const emax = (s.infNan === "ieee" ? 2 ** s.expBits - 2 : 2 ** s.expBits - 1) - s.bias;
  // emax ≤ 400: every product and quotient of values times Veltkamp's 2^(53−p) stays finite
  return s.mantBits + 1 <= 25 && emin - s.mantBits >= -500 && emax <= 400 && s.subnormals && s.overflow !== "error";
}

/** fp32 exactly (IEEE specials, subnormals, overflow to ±∞): Math.fround is its rounding. */
export function isBinary32Preset(s: FloatSpec): boolean {
  return s.expBits === 8 && s.mantBits === 23 && s.bias === 127 && s.subnormals && s.infNan === "ieee" && s.overflow === "inf";
}

/** Never a value of a format with ≤ 11 significant bits (0.1 in binary32 needs 24). */
const EMPTY = Math.fround(0.1);
/** A table not built yet (or none: formats beyond 16 bits); typed from the start so fields keep one shape. */
const NO_TABLE = new Float32Array(0);

/**
 * dotRow's loop with r() written out for results in the normal range, on arguments rather
 * than fields (measured 2× faster than a method in V8); NaN as soon as one product or partial
 * sum leaves that range, so that the caller redoes the row through r().
 */
function normalRangeDot(
  split: number,
  minNormal: number,
  maxFinite: number,
  w: Float64Array,
  wOff: number,
  v: Float64Array,
  vOff: number,
  n: number,
): number {
  let acc = 0;
  for (let k = 0; k < n; k++) {
    const x = w[wOff + k] * v[vOff + k];
    let c = x * split;
    const p = c - (c - x);
    const y = acc + p;
    c = y * split;
    const q = c - (c - y);
    const mp = Math.abs(p);
    const mq = Math.abs(q);
    if (!(mp >= minNormal && mp <= maxFinite && mq >= minNormal && mq <= maxFinite)) return NaN;
    acc = q;
  }
  return acc;
}

/**
 * normalRangeDot extended to the subnormal range: both roundings are computed and the one for
 * the operand's range is picked; NaN on overflow or a NaN operand. Zero signs: the subnormal
 * rounding gives +0 where r() may give −0 for a product, but such a −0 only ever meets acc as
 * +0 + (−0) = +0, and acc itself never rounds to zero (a sum of two format values is a multiple
 * of the smallest quantum, so exact), so every zero sum is +0 in both loops.
 */
function anyRangeDot(
  split: number,
  minNormal: number,
  maxFinite: number,
  subMagic: number,
  w: Float64Array,
  wOff: number,
  v: Float64Array,
  vOff: number,
  n: number,
): number {
  let acc = 0;
  for (let k = 0; k < n; k++) {
    const x = w[wOff + k] * v[vOff + k];
    let c = x * split;
    const pn = c - (c - x);
    const ps = x + subMagic - subMagic;
    const p = Math.abs(x) < minNormal ? ps : pn;
    const y = acc + p;
    c = y * split;
    const qn = c - (c - y);
    const qs = y + subMagic - subMagic;
    const q = Math.abs(y) < minNormal ? qs : qn;
    if (!(Math.abs(p) <= maxFinite && Math.abs(q) <= maxFinite)) return NaN;
    acc = q;
  }
  return acc;
}

/** fp16, bf16, both fp8s and every other fast float spec. */
export class SmallFloatOps implements ScalarOps {
  readonly zeroSkipExact = true;
  readonly neverRaises = true;
  private readonly maxFinite: number;
  private readonly minNormal: number;
  /** 2^(53−p) + 1: Veltkamp's splitting constant. */
  private readonly split: number;
  /** 1.5·2^(emin−M+52): adding and subtracting it rounds to the subnormal quantum 2^(emin−M). */
  private readonly subMagic: number;
  private readonly ieee: boolean;
  /**
   * 8-bit formats: products of typical weights and states are often subnormal (e4m3fn: below
   * 2^−6) or exactly zero (weights that round to 0), which would send normalRangeDot's rows to
   * the slow loop.
   */
  private readonly anyRange: boolean;
  private readonly overPos: number;
  private readonly overNeg: number;
  /** Tables: key = binary32 bits >>> shift (every value is a binary32 with ≤ M mantissa bits). */
  private readonly tableSize: number;
  private readonly shift: number;
  private readonly lowMask: number;
  private tSqrt: Float32Array = NO_TABLE;
  private tRsqrt: Float32Array = NO_TABLE;
  private tExp: Float32Array = NO_TABLE;
  private tExpm1: Float32Array = NO_TABLE;
  private tLog: Float32Array = NO_TABLE;
  private tTanh: Float32Array = NO_TABLE;
  private tSigmoid: Float32Array = NO_TABLE;
  private tSoftplus: Float32Array = NO_TABLE;
  private tSilu: Float32Array = NO_TABLE;
  private tElu: Float32Array = NO_TABLE;
  private tSin: Float32Array = NO_TABLE;
  private tCos: Float32Array = NO_TABLE;

  constructor(
    private readonly format: Format,
    spec: FloatSpec,
  ) {
    const M = spec.mantBits;
    const emin = 1 - spec.bias;
    this.ieee = spec.infNan === "ieee";
    const emax = (this.ieee ? 2 ** spec.expBits - 2 : 2 ** spec.expBits - 1) - spec.bias;
    this.maxFinite = format.maxFinite;
    this.minNormal = pow2(emin);
    this.split = pow2(53 - (M + 1)) + 1;
    this.subMagic = 1.5 * pow2(emin - M + 52);
    this.anyRange = format.bits <= 8;
    const p = spec.overflow;
    this.overPos = p === "saturate" ? this.maxFinite : p === "nan" ? NaN : Infinity;
    this.overNeg = p === "saturate" ? -this.maxFinite : p === "nan" ? NaN : -Infinity;
    const embeds = emin >= -126 && emax <= 127 && M <= 10 && format.bits <= 16;
    this.shift = 23 - M;
    this.lowMask = 2 ** this.shift - 1;
    this.tableSize = embeds ? 2 ** (32 - this.shift) : 0;
  }

  /**
   * Round the double result x of one operation on format values (so x is 0, a normal double
   * with |x| < 2^(2·emax+2) ≤ 2^802, ±∞ or NaN) half to even, then the overflow policy.
   * Veltkamp's split hi = c − (c − x) with c = x·(2^(53−p) + 1) is x rounded to nearest with p
   * bits and an unbounded exponent, ties to even (docs/formats.md, "Kernels"); below the smallest
   * normal the quantum is fixed and a magic constant rounds instead.
   */
  private r(x: number): number {
    const c = x * this.split;
    const hi = c - (c - x);
    const a = Math.abs(hi); // branch-free: a sign test here mispredicts on random signs
    if (a >= this.minNormal && a <= this.maxFinite) return hi;
    // zeros here, not in edge(): V8 then keeps edge() out of the hot loops (measured 2.5× faster)
    if (x === 0) return x;
    return this.edge(x);
  }

  /** Subnormal results, zeros, overflow, ±∞ and NaN. */
  private edge(x: number): number {
    if (x !== x) return NaN;
    const ax = x < 0 ? -x : x;
    if (ax < this.minNormal) {
      const r = ax + this.subMagic - this.subMagic; // round half to even to a multiple of 2^(emin−M)
      return x < 0 ? -r : r === 0 ? x * 0 : r; // a zero keeps x's sign (x·0), as the format's
    }
    if (this.ieee && x - x !== 0) return x; // an exact ±∞ stays ±∞
    return x > 0 ? this.overPos : this.overNeg;
  }

  add(a: number, b: number): number {
    return this.r(a + b);
  }
  /** Σ w[wOff+k]·v[vOff+k] in dotRow's order (src/models/_internals/dot.ts), monomorphic. */
  dotRow(w: Float64Array, wOff: number, v: Float64Array, vOff: number, n: number): number {
    const fast = this.anyRange
      ? anyRangeDot(this.split, this.minNormal, this.maxFinite, this.subMagic, w, wOff, v, vOff, n)
      : normalRangeDot(this.split, this.minNormal, this.maxFinite, w, wOff, v, vOff, n);
    if (fast === fast) return fast;
    // a result outside the normal range (or a NaN operand): the same loop through r()
    let acc = 0;
    for (let k = 0; k < n; k++) acc = this.r(acc + this.r(w[wOff + k] * v[vOff + k]));
    return acc;
  }

  sub(a: number, b: number): number {
    return this.r(a - b);
  }
  mul(a: number, b: number): number {
    return this.r(a * b);
  }
  div(a: number, b: number): number {
    return this.r(a / b);
  }
  neg(a: number): number {
    return -a; // float grids are symmetric
  }
  round(x: number): number {
    return this.format.round(x);
  }
  sqrt(a: number): number {
    return this.r(Math.sqrt(a));
  }

  private build(fn: UnaryName): Float32Array {
    if (this.tableSize === 0) return NO_TABLE;
    const t = new Float32Array(this.tableSize);
    fillTable(this.format, fn, this.tableSize, (x) => {
      f32[0] = x;
      return u32f[0] >>> this.shift;
    }, EMPTY, t);
    return t;
  }

  /** t's entry for a, or EMPTY when a is not a value of the format (or there is no table). */
  private look(t: Float32Array, a: number): number {
    f32[0] = a;
    const bits = u32f[0];
    if (f32[0] !== a || (bits & this.lowMask) !== 0 || t.length === 0) return EMPTY;
    return t[bits >>> this.shift];
  }

  rsqrt(a: number): number {
    const v = this.look(this.tRsqrt === NO_TABLE ? (this.tRsqrt = this.build("rsqrt")) : this.tRsqrt, a);
    return v === EMPTY ? this.format.rsqrt(a) : v;
  }
  exp(a: number): number {
    const v = this.look(this.tExp === NO_TABLE ? (this.tExp = this.build("exp")) : this.tExp, a);
    return v === EMPTY ? this.format.exp(a) : v;
  }
  expm1(a: number): number {
    const v = this.look(this.tExpm1 === NO_TABLE ? (this.tExpm1 = this.build("expm1")) : this.tExpm1, a);
    return v === EMPTY ? this.format.expm1(a) : v;
  }
  log(a: number): number {
    const v = this.look(this.tLog === NO_TABLE ? (this.tLog = this.build("log")) : this.tLog, a);
    return v === EMPTY ? this.format.log(a) : v;
  }
  tanh(a: number): number {
    const v = this.look(this.tTanh === NO_TABLE ? (this.tTanh = this.build("tanh")) : this.tTanh, a);
    return v === EMPTY ? this.format.tanh(a) : v;
  }
  sigmoid(a: number): number {
    const v = this.look(this.tSigmoid === NO_TABLE ? (this.tSigmoid = this.build("sigmoid")) : this.tSigmoid, a);
    return v === EMPTY ? this.format.sigmoid(a) : v;
  }
  softplus(a: number): number {
    const v = this.look(this.tSoftplus === NO_TABLE ? (this.tSoftplus = this.build("softplus")) : this.tSoftplus, a);
    return v === EMPTY ? this.format.softplus(a) : v;
  }
  silu(a: number): number {
    const v = this.look(this.tSilu === NO_TABLE ? (this.tSilu = this.build("silu")) : this.tSilu, a);
    return v === EMPTY ? this.format.silu(a) : v;
  }
  elu(a: number): number {
    const v = this.look(this.tElu === NO_TABLE ? (this.tElu = this.build("elu")) : this.tElu, a);
    return v === EMPTY ? this.format.elu(a) : v;
  }
  sin(a: number): number {
    const v = this.look(this.tSin === NO_TABLE ? (this.tSin = this.build("sin")) : this.tSin, a);
    return v === EMPTY ? this.format.sin(a) : v;
  }
  cos(a: number): number {
    const v = this.look(this.tCos === NO_TABLE ? (this.tCos = this.build("cos")) : this.tCos, a);
    return v === EMPTY ? this.format.cos(a) : v;
  }
}

/**
 * fp32: Math.fround after one double operation; unary functions by the double value when
 * its whole Ziv interval rounds to one nonzero fp32 value (zeros and undecided cases: the format).
 */
export class Binary32Ops implements ScalarOps {
  readonly zeroSkipExact = true;
  readonly neverRaises = true;
  constructor(private readonly format: Format) {}

  add(a: number, b: number): number {
    return Math.fround(a + b);
  }
  /** Σ w[wOff+k]·v[vOff+k] in dotRow's order (src/models/_internals/dot.ts). */
  dotRow(w: Float64Array, wOff: number, v: Float64Array, vOff: number, n: number): number {
    let acc = 0;
    for (let k = 0; k < n; k++) acc = Math.fround(acc + Math.fround(w[wOff + k] * v[vOff + k]));
    return acc;
  }
  sub(a: number, b: number): number {
    return Math.fround(a - b);
  }
  mul(a: number, b: number): number {
    return Math.fround(a * b);
  }
  div(a: number, b: number): number {
    return Math.fround(a / b);
  }
  neg(a: number): number {
    return -a;
  }
  round(x: number): number {
    return Math.fround(x);
  }
  sqrt(a: number): number {
    return Math.fround(Math.sqrt(a));
  }

  rsqrt(a: number): number {
    const y = 1 / Math.sqrt(a);
    const d = (y < 0 ? -y : y) * REL + ABS;
    const lo = Math.fround(y - d);
    return lo === Math.fround(y + d) && lo !== 0 ? lo : this.format.rsqrt(a);
  }
  exp(a: number): number {
    const y = Math.exp(a);
    const d = y * REL + ABS;
    const hi = Math.fround(y + d);
    // e^a > 0 lies below y + d, which rounds to 0: so does e^a (never exactly 2^−150), to +0.
    if (hi === 0) return 0;
    const lo = Math.fround(y - d);
    return lo === hi && lo !== 0 ? lo : this.format.exp(a);
  }
  expm1(a: number): number {
    const y = Math.expm1(a);
    const d = (y < 0 ? -y : y) * REL + ABS;
    const lo = Math.fround(y - d);
    return lo === Math.fround(y + d) && lo !== 0 ? lo : this.format.expm1(a);
  }
  log(a: number): number {
    const y = Math.log(a);
    const d = (y < 0 ? -y : y) * REL + ABS;
    const lo = Math.fround(y - d);
    return lo === Math.fround(y + d) && lo !== 0 ? lo : this.format.log(a);
  }
  tanh(a: number): number {
    const y = Math.tanh(a);
    const d = (y < 0 ? -y : y) * REL + ABS;
    const lo = Math.fround(y - d);
    return lo === Math.fround(y + d) && lo !== 0 ? lo : this.format.tanh(a);
  }
  sigmoid(a: number): number {
    const y = 1 / (1 + Math.exp(-a));
    const d = y * REL + ABS;
    const lo = Math.fround(y - d);
    return lo === Math.fround(y + d) && lo !== 0 ? lo : this.format.sigmoid(a);
  }
  softplus(a: number): number {
    if (a > 20) return a; // PyTorch's threshold: a itself (a format value)
    const y = a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
    const d = y * REL + ABS;
    const lo = Math.fround(y - d);
    return lo === Math.fround(y + d) && lo !== 0 ? lo : this.format.softplus(a);
  }
  silu(a: number): number {
    const y = a / (1 + Math.exp(-a));
    const d = (y < 0 ? -y : y) * REL + ABS;
    const lo = Math.fround(y - d);
    return lo === Math.fround(y + d) && lo !== 0 ? lo : this.format.silu(a);
  }
  elu(a: number): number {
    return a > 0 ? a : this.expm1(a);
  }
  sin(a: number): number {
    const y = Math.sin(a);
    const d = (y < 0 ? -y : y) * REL + ABS;
    const lo = Math.fround(y - d);
    return lo === Math.fround(y + d) && lo !== 0 ? lo : this.format.sin(a);
  }
  cos(a: number): number {
    const y = Math.cos(a);
    const d = (y < 0 ? -y : y) * REL + ABS;
    const lo = Math.fround(y - d);
    return lo === Math.fround(y + d) && lo !== 0 ? lo : this.format.cos(a);
  }
}
