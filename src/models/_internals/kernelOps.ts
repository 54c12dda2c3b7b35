import type { Format } from "../../numeric/format.js";

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
}

const TWO52 = 4503599627370496;

/** Fixed formats up to this many bits get tanh/σ lookup tables (2^bits entries each). */
const MAX_TABLE_BITS = 16;

/**
 * The operations of a saturating fixed:I.F format with B = I + F ≤ 26 bits, specialised for the
 * step kernels' inner loops. They return exactly what the format's own methods return (tests
 * check every operand pair of small formats): on the grid k·2^−F a sum is exact in double and
 * only saturates; a product k1·k2 < 2^52 is exact, is rounded half to even to an integer number
 * of quanta, then saturates. tanh and σ come from tables filled by the format's own methods.
 * Operands are format values, as every weight and every state from init/step/decode is.
 */
class SaturatingFixedOps implements KernelOps {
  private readonly scale: number;
  private readonly quantum: number;
  private readonly max: number;
  private readonly min: number;
  /** −kmin: table index of value x is x·scale + offset */
  private readonly offset: number;
  private readonly tanhTable: Float64Array | null;
  private readonly sigmoidTable: Float64Array | null;

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
    if (B <= MAX_TABLE_BITS) {
      const n = 2 ** B;
      this.tanhTable = new Float64Array(n);
      this.sigmoidTable = new Float64Array(n);
      for (let i = 0; i < n; i++) {
        const x = (i - this.offset) * this.quantum;
        this.tanhTable[i] = format.tanh(x);
        this.sigmoidTable[i] = format.sigmoid(x);
      }
    } else {
      this.tanhTable = null;
      this.sigmoidTable = null;
    }
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

  round(x: number): number {
    return this.format.round(x);
  }

  // Not specialised: the format's own methods.
  div(a: number, b: number): number {
    return this.format.div(a, b);
  }
  sqrt(a: number): number {
    return this.format.sqrt(a);
  }
  neg(a: number): number {
    return this.format.neg(a);
  }
  rsqrt(a: number): number {
    return this.format.rsqrt(a);
  }
  exp(a: number): number {
    return this.format.exp(a);
  }
  expm1(a: number): number {
    return this.format.expm1(a);
  }
  log(a: number): number {
    return this.format.log(a);
  }
  softplus(a: number): number {
    return this.format.softplus(a);
  }
  silu(a: number): number {
    return this.format.silu(a);
  }
  elu(a: number): number {
    return this.format.elu(a);
  }
  sin(a: number): number {
    return this.format.sin(a);
  }
  cos(a: number): number {
    return this.format.cos(a);
  }

  // An operand off the grid (never produced by init/step/decode) misses the table and falls back.
  tanh(a: number): number {
    const v = this.tanhTable ? this.tanhTable[a * this.scale + this.offset] : undefined;
    return v === undefined ? this.format.tanh(a) : v;
  }

  sigmoid(a: number): number {
    const v = this.sigmoidTable ? this.sigmoidTable[a * this.scale + this.offset] : undefined;
    return v === undefined ? this.format.sigmoid(a) : v;
  }
}

/**
 * The fastest exact operations for a format: the specialisation above for saturating fixed
 * formats of ≤ 26 bits, the format itself otherwise.
 */
export function kernelOps(format: Format): KernelOps {
  const s = format.spec;
  if (s.kind === "fixed" && s.overflow === "saturate" && s.intBits + s.fracBits <= 26) {
    return new SaturatingFixedOps(format, s.intBits, s.fracBits);
  }
  return format;
}
