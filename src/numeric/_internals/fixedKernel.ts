/**
 * The operations of a saturating fixed:I.F format with B = I + F ≤ 26 bits, specialised for the
 * step kernels' inner loops. They return exactly what the format's own methods return (tests
 * check every operand pair of small formats): on the grid k·2^−F a sum is exact in double and
 * only saturates; a product k1·k2 < 2^52 is exact, is rounded half to even to an integer number
 * of quanta, then saturates. For B ≤ 16 every unary function is a table of 2^B entries, filled
 * by the format's own method on first use. Operands are format values, as every weight and
 * every state from init/step/decode is; an operand off the grid misses the table and falls back.
 */
import type { Format } from "../format.js";
import { fillTable, type ScalarOps, type UnaryName } from "./scalarOps.js";

const TWO52 = 4503599627370496;

/** Fixed formats up to this many bits get unary lookup tables (2^bits entries each). */
const MAX_TABLE_BITS = 16;
const NO_TABLE = new Float64Array(0);

export class SaturatingFixedOps implements ScalarOps {
  private readonly scale: number;
  private readonly quantum: number;
  private readonly max: number;
  private readonly min: number;
  /** −kmin: table index of value x is x·scale + offset */
  private readonly offset: number;
  private readonly tableSize: number;
  private tSqrt: Float64Array | null = null;
  private tRsqrt: Float64Array | null = null;
  private tExp: Float64Array | null = null;
  private tExpm1: Float64Array | null = null;
  private tLog: Float64Array | null = null;
  private tTanh: Float64Array | null = null;
  private tSigmoid: Float64Array | null = null;
  private tSoftplus: Float64Array | null = null;
  private tSilu: Float64Array | null = null;
  private tElu: Float64Array | null = null;
  private tSin: Float64Array | null = null;
  private tCos: Float64Array | null = null;

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

  add(a: number, b: number): number {
    const s = a + b;
    return s > this.max ? this.max : s < this.min ? this.min : s + 0;
  }

  sub(a: number, b: number): number {
    const s = a - b;
    return s > this.max ? this.max : s < this.min ? this.min : s + 0;
  }

  mul(a: number, b: number): number {
    const y = a * b * this.scale;
    const r = (y < 0 ? -y : y) + TWO52 - TWO52; // round half to even to an integer
    const v = (y < 0 ? -r : r) * this.quantum;
    return v > this.max ? this.max : v < this.min ? this.min : v + 0;
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
    const v = (this.tSqrt ??= this.build("sqrt"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.sqrt(a) : v;
  }
  rsqrt(a: number): number {
    const v = (this.tRsqrt ??= this.build("rsqrt"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.rsqrt(a) : v;
  }
  exp(a: number): number {
    const v = (this.tExp ??= this.build("exp"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.exp(a) : v;
  }
  expm1(a: number): number {
    const v = (this.tExpm1 ??= this.build("expm1"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.expm1(a) : v;
  }
  log(a: number): number {
    const v = (this.tLog ??= this.build("log"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.log(a) : v;
  }
  tanh(a: number): number {
    const v = (this.tTanh ??= this.build("tanh"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.tanh(a) : v;
  }
  sigmoid(a: number): number {
    const v = (this.tSigmoid ??= this.build("sigmoid"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.sigmoid(a) : v;
  }
  softplus(a: number): number {
    const v = (this.tSoftplus ??= this.build("softplus"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.softplus(a) : v;
  }
  silu(a: number): number {
    const v = (this.tSilu ??= this.build("silu"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.silu(a) : v;
  }
  elu(a: number): number {
    const v = (this.tElu ??= this.build("elu"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.elu(a) : v;
  }
  sin(a: number): number {
    const v = (this.tSin ??= this.build("sin"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.sin(a) : v;
  }
  cos(a: number): number {
    const v = (this.tCos ??= this.build("cos"))[a * this.scale + this.offset] as number | undefined;
    return v === undefined || v !== v ? this.format.cos(a) : v;
  }
}
