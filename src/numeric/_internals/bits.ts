/**
 * Bit-level access to doubles without allocation: a shared Float64Array/Uint32Array view, a
 * table of exact powers of two, and the exact (sign, integer significand, exponent) split of a
 * double used by the BigInt kernel.
 */

const f64 = new Float64Array(1);
const u32 = new Uint32Array(f64.buffer);
const big64 = new BigUint64Array(f64.buffer);
/** Index of the high (sign/exponent) word of a double in u32: 1 on little-endian hosts. */
const HI = (() => {
  f64[0] = 1;
  return u32[1] === 0x3ff00000 ? 1 : 0;
})();
const LO = 1 - HI;

const POW2_OFFSET = 1100;
/** POW2[k + 1100] = 2^k exactly for −1100 ≤ k ≤ 1100 (0 and ∞ outside the double range). */
const POW2 = (() => {
  const t = new Float64Array(2 * POW2_OFFSET + 1);
  let v = 1;
  for (let k = 0; k <= POW2_OFFSET; k++) {
    t[POW2_OFFSET + k] = v;
    v *= 2;
  }
  v = 1;
  for (let k = 0; k <= POW2_OFFSET; k++) {
    t[POW2_OFFSET - k] = v;
    v /= 2; // exact: halving a power of two only loses it below 2^−1074
  }
  return t;
})();

/** 2^k exactly (k an integer in [−1100, 1100]). */
export function pow2(k: number): number {
  return POW2[k + POW2_OFFSET];
}

/** floor(log2 |x|) for finite nonzero x, subnormals included. */
export function exponentOf(x: number): number {
  f64[0] = x;
  const field = (u32[HI] >>> 20) & 0x7ff;
  if (field !== 0) return field - 1023;
  f64[0] = x * 18446744073709551616; // 2^64: lifts a subnormal into the normal range
  return ((u32[HI] >>> 20) & 0x7ff) - 1087;
}

/** The 64-bit IEEE pattern of a double. */
export function doubleBits(x: number): bigint {
  f64[0] = x;
  return big64[0];
}

export function doubleFromBits(bits: bigint): number {
  big64[0] = BigInt.asUintN(64, bits);
  return f64[0];
}

/** A finite double as (−1)^neg · m · 2^e with m a nonnegative BigInt (exact). */
export interface Dyadic {
  neg: boolean;
  m: bigint;
  e: number;
}

export function splitDouble(x: number): Dyadic {
  f64[0] = x;
  const hi = u32[HI];
  const lo = u32[LO];
  const field = (hi >>> 20) & 0x7ff;
  const frac = (hi & 0xfffff) * 4294967296 + lo; // < 2^52, exact
  const neg = hi >>> 31 === 1;
  if (field === 0) return { neg, m: BigInt(frac), e: -1074 };
  return { neg, m: BigInt(frac + 4503599627370496), e: field - 1075 };
}

/** Number of bits of a nonnegative BigInt (0 for 0). */
export function bitLength(m: bigint): number {
  if (m === 0n) return 0;
  // toString(16) is linear and exact; the leading digit gives the top bits.
  const s = m.toString(16);
  const top = parseInt(s[0], 16);
  return (s.length - 1) * 4 + (32 - Math.clz32(top));
}

/** floor(√n) for a nonnegative BigInt (Newton's method from above). */
export function isqrt(n: bigint): bigint {
  if (n < 2n) return n;
  let x = 1n << BigInt((bitLength(n) + 1) >> 1); // ≥ √n
  for (;;) {
    const y = (x + n / x) >> 1n;
    if (y >= x) return x;
    x = y;
  }
}

/**
 * m·2^−shift rounded to an integer, half to even; `sticky` says nonzero bits lie below m
 * (so an apparent tie is really above half). A negative shift multiplies exactly.
 */
export function shiftRoundHalfEven(m: bigint, shift: number, sticky: boolean): bigint {
  if (shift <= 0) return m << BigInt(-shift);
  const S = BigInt(shift);
  const q = m >> S;
  const rem = m - (q << S);
  const half = 1n << (S - 1n);
  return rem > half || (rem === half && (sticky || (q & 1n) === 1n)) ? q + 1n : q;
}
