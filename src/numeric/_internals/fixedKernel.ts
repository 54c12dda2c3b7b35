/**
 * The operations of a saturating fixed:I.F format with B = I + F ≤ 26 bits, specialised for the
 * step kernels' inner loops. They return exactly what the format's own methods return (tests
 * check every operand pair of small formats): on the grid k·2^−F a sum is exact in double and
 * only saturates; a product k1·k2 with |k1·k2| ≤ 2^50 is exact, is rounded half to even to an
 * integer number of quanta, then saturates. For B ≤ 16 every unary function is a table of 2^B entries, filled
 * by the format's own method on first use. Operands are format values, as every weight and
 * every state from init/step/decode is; an operand off the grid misses the table and falls back.
 */
import type { Format } from "../format.js";
import { fillTable, type ScalarOps, type UnaryName } from "./scalarOps.js";

const MAGIC = 1.5 * 4503599627370496;

/** Fixed formats up to this many bits get unary lookup tables (2^bits entries each). */
const MAX_TABLE_BITS = 16;
const NO_TABLE = new Float64Array(0);

export class SaturatingFixedOps implements ScalarOps {
  /** Fixed values, and so their sums, are never −0 (see add): leaving out a zero addend is exact. */
  readonly zeroSkipExact = true;
  private readonly scale: number;
  private readonly quantum: number;
  private readonly max: number;
  private readonly min: number;
  /** −kmin: table index of value x is x·scale + offset */
  private readonly offset: number;
  private readonly tableSize: number;
  private tSqrt: Float64Array = NO_TABLE;
  private tRsqrt: Float64Array = NO_TABLE;
  private tExp: Float64Array = NO_TABLE;
  private tExpm1: Float64Array = NO_TABLE;
  private tLog: Float64Array = NO_TABLE;
  private tTanh: Float64Array = NO_TABLE;
  private tSigmoid: Float64Array = NO_TABLE;
  private tSoftplus: Float64Array = NO_TABLE;
  private tSilu: Float64Array = NO_TABLE;
  private tElu: Float64Array = NO_TABLE;
  private tSin: Float64Array = NO_TABLE;
  private tCos: Float64Array = NO_TABLE;

  constructor(
    private readonly format: Format,
    intBits: number,
    fracBits: number,
  ) {
    const B = intBits + fracBits;
    this.scale = 2 ** fracBits;
    this.quantum = 2 ** -fracBits;
    this.max = format.maxFinite;
    this.min = -(2 ** (intBits - 1));
    this.offset = 2 ** (B - 1);
    this.tableSize = B <= MAX_TABLE_BITS ? 2 ** B : 0;
  }

  /** The table of fn; NaN marks a value where the format throws (the lookup then calls it). */
  private build(fn: UnaryName): Float64Array {
    if (this.tableSize === 0) return NO_TABLE;
    const t = new Float64Array(this.tableSize);
    fillTable(this.format, fn, this.tableSize, (x) => x * this.scale + this.offset, NaN, t);
    return t;
  }

  // Saturation by Math.min/max, not branches: sums that hover at the bounds would mispredict.
  // Fixed values are never −0, so neither are their sums and differences.
  add(a: number, b: number): number {
    return Math.min(Math.max(a + b, this.min), this.max);
  }

  sub(a: number, b: number): number {
    return Math.min(Math.max(a - b, this.min), this.max);
  }

  mul(a: number, b: number): number {
    // round half to even to an integer: |y| ≤ 2^50 < 2^51, so y + 1.5·2^52 lies in [2^52, 2^53)
    // where the ulp is 1 (and 1.5·2^52 is even); branch-free, as random signs would mispredict
    const v = (a * b * this.scale + MAGIC - MAGIC) * this.quantum; // an exact 0 comes out +0
    return Math.min(Math.max(v, this.min), this.max);
  }

  /** Σ w[wOff+k]·v[vOff+k] in dotRow's order (src/models/_internals/dot.ts), inlined. */
  dotRow(w: Float64Array, wOff: number, v: Float64Array, vOff: number, n: number): number {
    const { scale, quantum, min, max } = this;
    let acc = 0;
    for (let k = 0; k < n; k++) {
      const p = Math.min(Math.max((w[wOff + k] * v[vOff + k] * scale + MAGIC - MAGIC) * quantum, min), max);
      acc = Math.min(Math.max(acc + p, min), max);
    }
    return acc;
  }

  div(a: number, b: number): number {
    return this.format.div(a, b);
  }

  neg(a: number): number {
    const v = -a; // only −min overflows
    return v > this.max ? this.max : v + 0;
  }

  round(x: number): number {
    return this.format.round(x);
  }

  // A lookup is undefined off the grid (or beyond 16 bits) and NaN where the format throws.
  sqrt(a: number): number {
    const v = (this.tSqrt === NO_TABLE ? (this.tSqrt = this.build("sqrt")) : this.tSqrt)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.sqrt(a) : v;
  }
  rsqrt(a: number): number {
    const v = (this.tRsqrt === NO_TABLE ? (this.tRsqrt = this.build("rsqrt")) : this.tRsqrt)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.rsqrt(a) : v;
  }
  exp(a: number): number {
    const v = (this.tExp === NO_TABLE ? (this.tExp = this.build("exp")) : this.tExp)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.exp(a) : v;
  }
  expm1(a: number): number {
    const v = (this.tExpm1 === NO_TABLE ? (this.tExpm1 = this.build("expm1")) : this.tExpm1)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.expm1(a) : v;
  }
  log(a: number): number {
    const v = (this.tLog === NO_TABLE ? (this.tLog = this.build("log")) : this.tLog)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.log(a) : v;
  }
  tanh(a: number): number {
    const v = (this.tTanh === NO_TABLE ? (this.tTanh = this.build("tanh")) : this.tTanh)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.tanh(a) : v;
  }
  sigmoid(a: number): number {
    const v = (this.tSigmoid === NO_TABLE ? (this.tSigmoid = this.build("sigmoid")) : this.tSigmoid)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.sigmoid(a) : v;
  }
  softplus(a: number): number {
    const v = (this.tSoftplus === NO_TABLE ? (this.tSoftplus = this.build("softplus")) : this.tSoftplus)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.softplus(a) : v;
  }
  silu(a: number): number {
    const v = (this.tSilu === NO_TABLE ? (this.tSilu = this.build("silu")) : this.tSilu)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.silu(a) : v;
  }
  elu(a: number): number {
    const v = (this.tElu === NO_TABLE ? (this.tElu = this.build("elu")) : this.tElu)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.elu(a) : v;
  }
  sin(a: number): number {
    const v = (this.tSin === NO_TABLE ? (this.tSin = this.build("sin")) : this.tSin)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.sin(a) : v;
  }
  cos(a: number): number {
    const v = (this.tCos === NO_TABLE ? (this.tCos = this.build("cos")) : this.tCos)[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.cos(a) : v;
  }
}
