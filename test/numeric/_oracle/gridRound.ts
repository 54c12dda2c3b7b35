/**
 * Test oracle: round an exact rational to a fixed-point grid or to a binary float with an
 * unbounded-above exponent check, round half to even, by BigInt division — no tables, so it
 * serves 32-bit fixed formats and binary64. Written independently of src/numeric.
 */
import { cmp, rat, twoTo, type Rat } from "./rational.js";

/** floor(n/d) for d > 0. */
function floorDiv(n: bigint, d: bigint): bigint {
  const q = n / d;
  return q * d > n ? q - 1n : q;
}

/** The integer nearest n/d (d > 0), ties to the even integer. */
export function roundHalfEven(n: bigint, d: bigint): bigint {
  const q = floorDiv(n, d);
  const twiceRem = 2n * (n - q * d); // in [0, 2d)
  if (twiceRem > d || (twiceRem === d && (q & 1n) === 1n)) return q + 1n;
  return q;
}

/** k = RNE(r·2^F) for fixed-point grid k·2^−F (no range check). */
export function fixedCount(r: Rat, F: number): bigint {
  return roundHalfEven(r.n << BigInt(F), r.d);
}

/** floor(√n) by bisection on bits (n ≥ 0); deliberately not Newton, unlike src. */
export function isqrtOracle(n: bigint): bigint {
  if (n < 0n) throw new Error("oracle: isqrt of a negative");
  let lo = 0n;
  let hi = 1n;
  while (hi * hi <= n) hi <<= 1n;
  // invariant lo² ≤ n < hi²
  while (hi - lo > 1n) {
    const mid = (lo + hi) >> 1n;
    if (mid * mid <= n) lo = mid;
    else hi = mid;
  }
  return lo;
}

/** RNE(√N) for an integer N ≥ 0: compare 4N with (2j+1)² (a tie is impossible for integers). */
export function roundedIntSqrt(N: bigint): bigint {
  const j = isqrtOracle(N);
  const twoJ1 = 2n * j + 1n;
  return 4n * N > twoJ1 * twoJ1 ? j + 1n : j;
}

/**
 * Round a rational to a binary float with M stored bits, smallest normal exponent emin
 * (subnormals on) and largest exponent emax: the rounded value as a rational, or "overflow"
 * when the result rounded with unbounded exponent exceeds (2 − 2^−M)·2^emax (IEEE rule).
 */
export function roundToFloat(r: Rat, M: number, emin: number, emax: number): Rat | "overflow" {
  if (r.n === 0n) return rat(0n);
  const neg = r.n < 0n;
  const a = rat(neg ? -r.n : r.n, r.d);
  // e = floor(log2 a): start from the bit-length difference, then correct by comparison
  let e = a.n.toString(2).length - a.d.toString(2).length;
  while (cmp(a, twoTo(e)) < 0) e--;
  while (cmp(a, twoTo(e + 1)) >= 0) e++;
  const qe = Math.max(e, emin) - M; // quantum exponent
  const scaled = qe >= 0 ? rat(a.n, a.d << BigInt(qe)) : rat(a.n << BigInt(-qe), a.d);
  const k = roundHalfEven(scaled.n, scaled.d);
  const v = qe >= 0 ? rat(k << BigInt(qe)) : rat(k, 1n << BigInt(-qe));
  const max = rat(((1n << BigInt(M + 1)) - 1n) << BigInt(Math.max(0, emax - M)), 1n << BigInt(Math.max(0, M - emax)));
  if (cmp(v, max) > 0) return "overflow";
  return neg ? rat(-v.n, v.d) : v;
}
