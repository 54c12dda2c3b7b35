/**
 * Test oracle: exact rationals on BigInt, written independently of src/numeric.
 * Not normalised (no gcd): comparisons use cross-multiplication, denominators stay positive.
 */
export interface Rat {
  readonly n: bigint;
  readonly d: bigint;
}

export const rat = (n: bigint, d: bigint = 1n): Rat => (d < 0n ? { n: -n, d: -d } : { n, d });
export const ZERO = rat(0n);

export const add = (a: Rat, b: Rat): Rat => (a.d === b.d ? rat(a.n + b.n, a.d) : rat(a.n * b.d + b.n * a.d, a.d * b.d));
export const sub = (a: Rat, b: Rat): Rat => (a.d === b.d ? rat(a.n - b.n, a.d) : rat(a.n * b.d - b.n * a.d, a.d * b.d));
export const mul = (a: Rat, b: Rat): Rat => rat(a.n * b.n, a.d * b.d);
export const div = (a: Rat, b: Rat): Rat => {
  if (b.n === 0n) throw new Error("oracle: division by zero");
  return rat(a.n * b.d, a.d * b.n);
};
export const half = (a: Rat): Rat => rat(a.n, a.d * 2n);
export const cmp = (a: Rat, b: Rat): number => {
  const l = a.n * b.d;
  const r = b.n * a.d;
  return l < r ? -1 : l > r ? 1 : 0;
};
export const sign = (a: Rat): number => (a.n < 0n ? -1 : a.n > 0n ? 1 : 0);

/** 2^k as a rational. */
export const twoTo = (k: number): Rat => (k >= 0 ? rat(1n << BigInt(k)) : rat(1n, 1n << BigInt(-k)));

/** A finite double as an exact rational, read from its IEEE bits with a DataView. */
export function fromDouble(x: number): Rat {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  const bits = view.getBigUint64(0);
  const negative = bits >> 63n === 1n;
  const expField = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  if (expField === 0x7ff) throw new Error(`oracle: ${x} is not finite`);
  const significand = expField === 0 ? frac : frac | (1n << 52n);
  const exponent = (expField === 0 ? 1 : expField) - 1075;
  const r = mul(rat(significand), twoTo(exponent));
  return negative ? rat(-r.n, r.d) : r;
}

/** A rational whose denominator is a power of two (and fits) as the exact double. */
export function toDouble(a: Rat): number {
  // the oracle only converts format values: dyadic with small numerator
  const v = Number(a.n) / Number(a.d);
  if (cmp(fromDouble(v), a) !== 0) throw new Error(`oracle: ${a.n}/${a.d} is not an exact double`);
  return v;
}
