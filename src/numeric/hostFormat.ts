/**
 * `fp64`: the host double. + − × ÷ √ are the host's IEEE binary64 operations (correctly rounded
 * by IEEE 754); the transcendentals are the host's Math functions (faithful, not guaranteed
 * correctly rounded: the one documented exception), rsqrt is 1/Math.sqrt (two roundings). `exact` sums round once via the BigInt kernel.
 */
import type { Accumulation, Format, HostSpec } from "./format.js";
import { doubleBits, doubleFromBits } from "./_internals/bits.js";
import { FloatGrid } from "./_internals/floatGrid.js";

/** binary64 as a grid, only for rounding `exact` sums once. */
const BINARY64 = new FloatGrid("float:11.52", {
  kind: "float",
  expBits: 11,
  mantBits: 52,
  bias: 1023,
  subnormals: true,
  infNan: "ieee",
  overflow: "inf",
});

const CANONICAL_NAN = 0x7ff8000000000000n;

class HostDouble implements Format {
  readonly name = "fp64";
  readonly spec: HostSpec = { kind: "host" };
  readonly bits = 64;
  readonly maxFinite = Number.MAX_VALUE;
  readonly minPositive = Number.MIN_VALUE;

  round(x: number): number {
    return x;
  }
  isValue(): boolean {
    return true;
  }
  add(a: number, b: number): number {
    return a + b;
  }
  sub(a: number, b: number): number {
    return a - b;
  }
  mul(a: number, b: number): number {
    return a * b;
  }
  div(a: number, b: number): number {
    return a / b;
  }
  sqrt(a: number): number {
    return Math.sqrt(a);
  }
  neg(a: number): number {
    return -a;
  }
  rsqrt(a: number): number {
    return 1 / Math.sqrt(a);
  }
  exp(a: number): number {
    return Math.exp(a);
  }
  expm1(a: number): number {
    return Math.expm1(a);
  }
  elu(a: number): number {
    return a > 0 ? a : Math.expm1(a);
  }
  sin(a: number): number {
    return Math.sin(a);
  }
  cos(a: number): number {
    return Math.cos(a);
  }
  log(a: number): number {
    return Math.log(a);
  }
  tanh(a: number): number {
    return Math.tanh(a);
  }
  sigmoid(a: number): number {
    return 1 / (1 + Math.exp(-a));
  }
  softplus(a: number): number {
    if (a > 20) return a; // PyTorch's threshold
    return a > 0 ? a + Math.log1p(Math.exp(-a)) : Math.log1p(Math.exp(a));
  }
  silu(a: number): number {
    return a / (1 + Math.exp(-a));
  }
  dot(a: ArrayLike<number>, b: ArrayLike<number>, init = 0, mode: Accumulation = "sequential"): number {
    if (a.length !== b.length) throw new RangeError(`dot: lengths ${a.length} and ${b.length} differ`);
    if (mode === "exact") return BINARY64.dot(a, b, init, "exact");
    let acc = init;
    for (let k = 0; k < a.length; k++) acc += a[k] * b[k];
    return acc;
  }
  sum(xs: ArrayLike<number>, mode: Accumulation = "sequential"): number {
    if (mode === "exact") return BINARY64.sum(xs, "exact");
    let acc = 0;
    for (let k = 0; k < xs.length; k++) acc += xs[k];
    return acc;
  }
  encode(x: number): bigint {
    return x !== x ? CANONICAL_NAN : doubleBits(x);
  }
  decode(code: number | bigint): number {
    const c = BigInt(code);
    if (c < 0n || c >> 64n !== 0n) throw new RangeError(`fp64: code ${code} out of range`);
    return doubleFromBits(c);
  }
}

/** The host double format (`fp64`). */
export function hostFormat(): Format {
  return HOST;
}

const HOST = new HostDouble();
