/**
 * Exact + − × ÷ √ and dot products on BigInt significands, rounded once by the format's exact
 * kernel. Used where the double fast path is not provably exact (wide formats, `exact` sums).
 * Operands are finite format values; results are "raw": a format value, or ±Infinity when the
 * correctly rounded result exceeds the format's range (the caller applies the overflow policy).
 */
import { bitLength, isqrt, splitDouble } from "./bits.js";

export interface ExactRounder {
  /**
   * Round (−1)^neg · (m + s) · 2^e to the format, where 0 ≤ s < 1 and s > 0 exactly when
   * `sticky` (the caller guarantees the format's quantum is at least 2^(e+1) when sticky).
   */
  roundExact(neg: boolean, m: bigint, e: number, sticky: boolean): number;
  /** A lower bound on the exponent of the quantum (ulp) at results in [2^(msb−1), 2^(msb+1)). */
  quantumFloor(msb: number): number;
}

export function exactAdd(r: ExactRounder, a: number, b: number): number {
  if (a === 0 || b === 0) return a + b; // a zero operand: exact in double, IEEE zero signs
  const x = splitDouble(a);
  const y = splitDouble(b);
  const e = Math.min(x.e, y.e);
  const mx = x.m << BigInt(x.e - e);
  const my = y.m << BigInt(y.e - e);
  const s = (x.neg ? -mx : mx) + (y.neg ? -my : my);
  if (s === 0n) return 0; // x + (−x) = +0 under round-to-nearest
  return s < 0n ? r.roundExact(true, -s, e, false) : r.roundExact(false, s, e, false);
}

export function exactMul(r: ExactRounder, a: number, b: number): number {
  if (a === 0 || b === 0) return a * b; // a signed zero, exact
  const x = splitDouble(a);
  const y = splitDouble(b);
  return r.roundExact(x.neg !== y.neg, x.m * y.m, x.e + y.e, false);
}

export function exactDiv(r: ExactRounder, a: number, b: number): number {
  if (a === 0) return a / b; // signed zero (b ≠ 0)
  const x = splitDouble(a);
  const y = splitDouble(b);
  const msb = bitLength(x.m) - 1 + x.e - (bitLength(y.m) - 1 + y.e); // true msb is msb or msb−1
  const e = r.quantumFloor(msb) - 2; // two bits below the finest possible quantum
  const k = x.e - y.e - e; // a/b = (mx·2^k / my)·2^e
  const num = k >= 0 ? x.m << BigInt(k) : x.m;
  const den = k >= 0 ? y.m : y.m << BigInt(-k);
  const q = num / den;
  return r.roundExact(x.neg !== y.neg, q, e, q * den !== num);
}

export function exactSqrt(r: ExactRounder, a: number): number {
  if (a === 0) return a; // √(±0) = ±0
  const x = splitDouble(a);
  const msb = Math.floor((bitLength(x.m) - 1 + x.e) / 2);
  const e = r.quantumFloor(msb) - 2;
  const s = x.e - 2 * e; // √a = √(mx·2^s)·2^e
  let n: bigint;
  let lost = false;
  if (s >= 0) n = x.m << BigInt(s);
  else {
    n = x.m >> BigInt(-s);
    lost = n << BigInt(-s) !== x.m;
  }
  const root = isqrt(n); // floor(√floor(v)) = floor(√v)
  return r.roundExact(false, root, e, lost || root * root !== n);
}

/** init + Σ a[k]·b[k] computed exactly, rounded once. All operands finite. */
export function exactDot(r: ExactRounder, a: ArrayLike<number>, b: ArrayLike<number>, init: number): number {
  const terms: { neg: boolean; m: bigint; e: number }[] = [];
  let allZero = init === 0;
  let zeroSum = init; // the IEEE sign of an all-zero sum
  if (init !== 0) terms.push(splitDouble(init));
  for (let k = 0; k < a.length; k++) {
    const p = a[k] * b[k];
    if (a[k] === 0 || b[k] === 0) {
      zeroSum += p;
      continue;
    }
    allZero = false;
    const x = splitDouble(a[k]);
    const y = splitDouble(b[k]);
    terms.push({ neg: x.neg !== y.neg, m: x.m * y.m, e: x.e + y.e });
  }
  if (allZero) return zeroSum;
  let e = Infinity;
  for (const t of terms) e = Math.min(e, t.e);
  let s = 0n;
  for (const t of terms) {
    const m = t.m << BigInt(t.e - e);
    s += t.neg ? -m : m;
  }
  if (s === 0n) return 0;
  return s < 0n ? r.roundExact(true, -s, e, false) : r.roundExact(false, s, e, false);
}

/** 1/√a for a finite a > 0: floor(√(2^2W / M)) = floor(2^W/√M) with the remainder as sticky. */
export function exactRsqrt(r: ExactRounder, a: number): number {
  const x = splitDouble(a);
  // a = M·4^f with M an integer, so 1/√a = 2^−f / √M
  const f = Math.floor(x.e / 2);
  const M = x.m << BigInt(x.e - 2 * f);
  const L = bitLength(M) - 1 + 2 * f; // log2 a ∈ [L, L + 1), so 1/√a ∈ (2^−(L+1)/2, 2^−L/2]
  const msb = Math.floor(-L / 2);
  const e = r.quantumFloor(msb) - 2;
  const W = -f - e; // result = (2^W / √M)·2^e
  if (W < 0) return r.roundExact(false, 0n, e, true); // far below the quantum: rounds to 0
  const num = 1n << BigInt(2 * W);
  const n = num / M;
  const root = isqrt(n); // floor(√floor(v)) = floor(√v)
  return r.roundExact(false, root, e, n * M !== num || root * root !== n);
}
