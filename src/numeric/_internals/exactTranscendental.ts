/**
 * The exact side of Ziv's strategy for exp, expm1, log, tanh, sigmoid, softplus, silu, sin and
 * cos: evaluate the
 * function on BigInt fixed-point numbers with rigorous error bounds, as an interval
 * [lo·2^e, hi·2^e] that contains the true value; when both ends round to the same format value
 * that value is the correctly rounded result, otherwise double the working precision.
 * It terminates because at a nonzero dyadic point these functions are transcendental
 * (Lindemann–Weierstrass), so the true value is never a rounding midpoint; the trivial points
 * (exp(0), expm1(0), log(1), tanh(0), sigmoid(0), silu(0), sin(0), cos(0)) are handled by the
 * caller.
 */
import { bitLength, exponentOf, splitDouble } from "./bits.js";
import type { ExactRounder } from "./exactArith.js";

export type TranscendentalName = "exp" | "expm1" | "log" | "tanh" | "sigmoid" | "softplus" | "silu" | "sin" | "cos";

export interface ZivRounder extends ExactRounder {
  /** Significand bits of the format (floats: M + 1; fixed: B). */
  readonly precision: number;
}

/** A closed interval [lo·2^e, hi·2^e]. */
interface Interval {
  lo: bigint;
  hi: bigint;
  e: number;
}

/** A ball mid ± rad at scale 2^−Q (rad ≥ 0). */
interface Ball {
  mid: bigint;
  rad: bigint;
}

const ONE: Interval = { lo: 1n, hi: 1n, e: 0 };

function exactInterval(x: number): Interval {
  const d = splitDouble(x);
  const m = d.neg ? -d.m : d.m;
  return { lo: m, hi: m, e: d.e };
}

function add(a: Interval, b: Interval): Interval {
  const e = Math.min(a.e, b.e);
  const sa = BigInt(a.e - e);
  const sb = BigInt(b.e - e);
  return { lo: (a.lo << sa) + (b.lo << sb), hi: (a.hi << sa) + (b.hi << sb), e };
}

function negate(a: Interval): Interval {
  return { lo: -a.hi, hi: -a.lo, e: a.e };
}

/** a·x for an exact double x. */
function scaleBy(a: Interval, x: number): Interval {
  const d = splitDouble(x);
  const r = { lo: a.lo * d.m, hi: a.hi * d.m, e: a.e + d.e };
  return d.neg ? negate(r) : r;
}

/** floor / ceil of v·2^−s (s ≥ 0); BigInt >> is a floor. */
function floorShift(v: bigint, s: number): bigint {
  return v >> BigInt(s);
}
function ceilShift(v: bigint, s: number): bigint {
  return -(-v >> BigInt(s));
}

/** n / d for intervals with d > 0 (null when d's lower end is not positive), ≈ P bits. */
function dividePositive(n: Interval, d: Interval, P: number): Interval | null {
  if (d.lo <= 0n) return null;
  const nb = Math.max(bitLength(n.lo < 0n ? -n.lo : n.lo), bitLength(n.hi < 0n ? -n.hi : n.hi));
  const s = Math.max(0, P + bitLength(d.hi) - nb + 2);
  const S = BigInt(s);
  const q = (v: bigint, w: bigint, up: boolean): bigint => {
    const num = v << S;
    let r = num / w; // truncates toward zero
    const exact = r * w === num;
    if (!exact) {
      if (up && num > 0n) r += 1n;
      if (!up && num < 0n) r -= 1n;
    }
    return r;
  };
  // [nlo, nhi] / [dlo, dhi]: smallest is nlo/dhi if nlo ≥ 0 else nlo/dlo; largest symmetric.
  const e = n.e - d.e - s;
  const loDen = n.lo >= 0n ? d.hi : d.lo;
  const hiDen = n.hi >= 0n ? d.lo : d.hi;
  // align denominators to the same exponent (d.lo, d.hi share d.e)
  return { lo: q(n.lo, loDen, false), hi: q(n.hi, hiDen, true), e };
}

/** ln 2 as a ball at scale 2^−Q: Σ_{k≥1} 1/(k·2^k), each term truncated (cached). */
let ln2Cache: { Q: number; mid: bigint; rad: bigint } | null = null;
function ln2Ball(Q: number): Ball {
  if (!ln2Cache || ln2Cache.Q < Q) {
    const W = Math.max(Q, 2 * (ln2Cache?.Q ?? 64));
    const one = 1n << BigInt(W);
    let sum = 0n;
    let k = 1;
    for (;;) {
      const t = one / (BigInt(k) << BigInt(k));
      if (t === 0n) break;
      sum += t;
      k++;
    }
    // each of k−1 terms is short by < 1 ulp; the tail Σ_{j≥k} 1/(j·2^j) < 2^−(k−1)/k ≤ 1 ulp
    ln2Cache = { Q: W, mid: sum + BigInt(k) / 2n, rad: BigInt(k) };
  }
  const s = ln2Cache.Q - Q;
  return { mid: floorShift(ln2Cache.mid, s), rad: ceilShift(ln2Cache.rad, s) + 1n };
}

/** atan(1/k)·2^W = Σ_j (−1)^j·2^W / ((2j+1)·k^(2j+1)), each term truncated toward zero. */
function atanInverse(k: bigint, W: number): { sum: bigint; terms: number } {
  let p = (1n << BigInt(W)) / k; // 1/k^(2j+1), truncated; each division adds < 1 ulp, shrunk by k²
  const k2 = k * k;
  let sum = 0n;
  let j = 0;
  while (p !== 0n) {
    const t = p / BigInt(2 * j + 1);
    sum += j % 2 === 0 ? t : -t;
    p /= k2;
    j++;
  }
  return { sum, terms: j };
}

/** π as a ball at scale 2^−Q by Machin's formula π = 16·atan(1/5) − 4·atan(1/239) (cached). */
let piCache: { Q: number; mid: bigint; rad: bigint } | null = null;
function piBall(Q: number): Ball {
  if (!piCache || piCache.Q < Q) {
    const W = Math.max(Q, 2 * (piCache?.Q ?? 256));
    const a = atanInverse(5n, W);
    const b = atanInverse(239n, W);
    // the power 1/k^(2j+1) is off by < 1/(1 − 1/k²) ≤ 1.05 ulp, so each term by < 2.05 ulp and
    // the tail (alternating, decreasing) by < 1.05 ulp: 3 ulp per term is generous
    const rad = 16 * (3 * a.terms + 3) + 4 * (3 * b.terms + 3);
    piCache = { Q: W, mid: 16n * a.sum - 4n * b.sum, rad: BigInt(rad) };
  }
  const s = piCache.Q - Q;
  return { mid: floorShift(piCache.mid, s), rad: ceilShift(piCache.rad, s) + 1n };
}

/**
 * sin or cos (R·2^−Q) for |R·2^−Q| < 1 as a ball at scale 2^−Q: Taylor series, each term
 * from the last by ·r²/((i+1)(i+2)), truncated (< 2 ulp per term; the tail after the first
 * vanishing term is below 2 ulp since the ratio is < 1/6).
 */
function sinCosSmall(R: bigint, Q: number, cos: boolean): Ball {
  const unit = 1n << BigInt(Q);
  const R2 = (R * R) >> BigInt(Q);
  let term = cos ? unit : R;
  let sum = term;
  let i = cos ? 0 : 1;
  let n = 1;
  for (;;) {
    term = -(term * R2) / (BigInt((i + 1) * (i + 2)) * unit);
    if (term === 0n) break;
    sum += term;
    i += 2;
    n++;
  }
  return { mid: sum, rad: BigInt(4 * n + 8) };
}

/**
 * sin or cos of a finite double x (x ≠ 0) at absolute precision about 2^−P: x = k·π/2 + r with
 * |r| ≲ π/4, π carried to enough bits that k·(π's error) stays below 2^−(P+8), then the
 * quadrant picks ±sin r or ±cos r; since |sin′|, |cos′| ≤ 1, r's radius adds to the result's.
 */
function sinCosInterval(x: number, P: number, cos: boolean): Interval {
  const d = splitDouble(x);
  const top = bitLength(d.m) + d.e; // |x| < 2^top
  // sin x ≈ x for small x: ask for −top more bits there, so the precision stays relative
  const Q = P + 24 + Math.max(0, top) + (cos ? 0 : Math.max(0, -top));
  const m = d.neg ? -d.m : d.m;
  let X: bigint;
  let xRad = 0n;
  if (d.e + Q >= 0) X = m << BigInt(d.e + Q);
  else {
    X = floorShift(m, -(d.e + Q));
    xRad = 1n;
  }
  let k = 0n;
  let rMid = X;
  let rRad = xRad;
  if (top >= 0) {
    // |x| ≥ 1/2 may exceed π/4: reduce by the nearest multiple of π/2
    const halfPi = piBall(Q - 1); // π at scale 2^−(Q−1): the same integers are π/2 at scale 2^−Q
    const absK = (2n * (X < 0n ? -X : X) + halfPi.mid) / (2n * halfPi.mid); // round(|x| / (π/2))
    k = X < 0n ? -absK : absK;
    rMid = X - k * halfPi.mid;
    rRad = xRad + absK * halfPi.rad;
  }
  const quadrant = Number(((k % 4n) + 4n) % 4n);
  // sin(r + qπ/2) = [sin r, cos r, −sin r, −cos r][q]; cos(r + qπ/2) = [cos r, −sin r, −cos r, sin r][q]
  const useCos = cos ? quadrant % 2 === 0 : quadrant % 2 === 1;
  const negate = cos ? quadrant === 1 || quadrant === 2 : quadrant >= 2;
  const b = sinCosSmall(rMid, Q, useCos);
  const rad = b.rad + rRad;
  const lo = b.mid - rad;
  const hi = b.mid + rad;
  return negate ? { lo: -hi, hi: -lo, e: -Q } : { lo, hi, e: -Q };
}

/** exp(R·2^−Q) for |R·2^−Q| ≤ 1/2, as a ball at scale 2^−Q (Taylor series, truncated terms). */
function expSmall(R: bigint, Q: number): Ball {
  const unit = 1n << BigInt(Q);
  let term = unit;
  let sum = unit;
  let n = 1;
  for (;;) {
    term = (term * R) / (BigInt(n) * unit); // error of each term ≤ 2 ulp since |r|/n ≤ 1/2
    if (term === 0n) break;
    sum += term;
    n++;
  }
  // ≤ 2 ulp per computed term, ≤ 4 ulp for the tail from the first term that vanished
  return { mid: sum, rad: BigInt(2 * n + 8) };
}

/** exp(x) for a finite double x with |x| ≤ 1100, relative precision about 2^−P. */
function expInterval(x: number, P: number): Interval {
  const k = Math.round(x / Math.LN2);
  const Q = P + 16 + (32 - Math.clz32(Math.abs(k)));
  const l2 = ln2Ball(Q);
  const d = splitDouble(x);
  const m = d.neg ? -d.m : d.m;
  let xlo: bigint;
  let xhi: bigint;
  if (d.e + Q >= 0) xlo = xhi = m << BigInt(d.e + Q);
  else {
    xlo = floorShift(m, -(d.e + Q));
    xhi = ceilShift(m, -(d.e + Q));
  }
  const K = BigInt(k);
  // r = x − k·ln2, with ln2 ∈ [mid − rad, mid + rad]
  const rlo = k >= 0 ? xlo - K * (l2.mid + l2.rad) : xlo - K * (l2.mid - l2.rad);
  const rhi = k >= 0 ? xhi - K * (l2.mid - l2.rad) : xhi - K * (l2.mid + l2.rad);
  const a = expSmall(rlo, Q);
  const b = expSmall(rhi, Q);
  return { lo: a.mid - a.rad, hi: b.mid + b.rad, e: k - Q };
}

/** log(m·2^e) for m > 0 at absolute precision ~2^−Q, as a ball (atanh series). */
function logBall(m: bigint, e: number, Q: number): Ball {
  const L = bitLength(m);
  // y = (m / 2^j)·2^(j+e) with m / 2^j ∈ [0.75, 1.5)
  let j = L - 1;
  if (L >= 2 && (m >> BigInt(L - 2)) === 3n) j = L;
  const k = j + e;
  const pj = 1n << BigInt(j);
  const unit = 1n << BigInt(Q);
  const T = ((m - pj) << BigInt(Q)) / (m + pj); // t = (m'−1)/(m'+1) ∈ [−1/7, 1/5], error < 1 ulp
  const U = (T * T) / unit;
  let p = T;
  let sum = T;
  let n = 1;
  for (;;) {
    p = (p * U) / unit;
    if (p === 0n) break;
    sum += p / BigInt(2 * n + 1);
    n++;
  }
  const l2 = ln2Ball(Q);
  const K = BigInt(k);
  const absK = K < 0n ? -K : K;
  // 2·atanh: ≤ 3 ulp per term doubled, 2.1 ulp from t's error, tail; plus k·ln2's radius
  return { mid: 2n * sum + K * l2.mid, rad: BigInt(6 * n + 12) + absK * l2.rad };
}

/** log over a positive interval (monotone), absolute precision ~2^−Q. */
function logInterval(a: Interval, Q: number): Interval | null {
  if (a.lo <= 0n) return null;
  const x = logBall(a.lo, a.e, Q);
  const y = logBall(a.hi, a.e, Q);
  return { lo: x.mid - x.rad, hi: y.mid + y.rad, e: -Q };
}

function sigmoidInterval(x: number, P: number): Interval | null {
  return dividePositive(ONE, add(ONE, expInterval(-x, P)), P);
}

/** An interval for f(x), or null when this precision cannot even bound it usefully. */
function evaluate(fn: TranscendentalName, x: number, P: number): Interval | null {
  switch (fn) {
    case "exp":
      return expInterval(x, P);
    case "expm1": {
      // e^x − 1 cancels ~log2(1/|x|) bits for small |x|; for x < 0 the result lies in (−1, 0)
      const E = expInterval(x, P + Math.max(0, -exponentOf(x)));
      return add(E, negate(ONE));
    }
    case "sin":
      return sinCosInterval(x, P, false);
    case "cos":
      return sinCosInterval(x, P, true);
    case "log": {
      const near = x - 1; // exact (Sterbenz) when it matters, i.e. near 1
      const Q = P + Math.max(0, -exponentOf(near));
      const d = splitDouble(x);
      return logInterval({ lo: d.m, hi: d.m, e: d.e }, Q);
    }
    case "sigmoid":
      return sigmoidInterval(x, P);
    case "silu": {
      const s = sigmoidInterval(x, P);
      return s && scaleBy(s, x);
    }
    case "tanh": {
      // tanh|x| = (1 − e^(−2|x|)) / (1 + e^(−2|x|)); the subtraction cancels ~log2(1/|x|) bits
      const ax = Math.abs(x);
      const E = expInterval(-2 * ax, P + Math.max(0, -exponentOf(ax)));
      const r = dividePositive(add(ONE, negate(E)), add(ONE, E), P);
      if (!r || r.lo <= 0n) return null;
      return x < 0 ? negate(r) : r;
    }
    case "softplus": {
      // log(1 + e^x); for x < 0 the result is ≈ e^x, so ask for that many more absolute bits
      const extra = x < 0 ? Math.ceil(-x * Math.LOG2E) + 2 : 0;
      const E = expInterval(x, P + extra);
      return logInterval(add(ONE, E), P + extra);
    }
  }
}

function roundSigned(r: ExactRounder, v: bigint, e: number): number {
  return v < 0n ? r.roundExact(true, -v, e, false) : r.roundExact(false, v, e, false);
}

/**
 * The correctly rounded f(x) for a finite x that is not a trivial point: a format value, or
 * ±Infinity when the result overflows the format (raw: the caller applies its policy). A zero
 * result may carry the wrong sign; the caller knows the sign of f(x) and fixes it.
 */
export function roundTranscendental(r: ZivRounder, fn: TranscendentalName, x: number): number {
  const far = farResult(r, fn, x);
  if (far !== undefined) return far;
  let P = r.precision + 40;
  for (let iter = 0; iter < 12; iter++, P *= 2) {
    const iv = evaluate(fn, x, P);
    if (!iv) continue;
    const a = roundSigned(r, iv.lo, iv.e);
    const b = roundSigned(r, iv.hi, iv.e);
    if (Object.is(a, b)) return a; // Object.is: a zero result also needs a certain sign
  }
  throw new Error(`internal: ${fn}(${x}) undecided at ${P} bits`);
}

/**
 * Beyond |x| > 1100 every function is within 2^−1500 (relatively) of a trivial value that
 * rounds the same way in every format here (all live inside the double range).
 */
function farResult(r: ExactRounder, fn: TranscendentalName, x: number): number | undefined {
  if (!(Math.abs(x) > 1100)) return undefined;
  const pos = x > 0;
  const asIs = (v: number): number => roundSigned(r, BigInt(v) << 0n, 0);
  switch (fn) {
    case "exp":
      return pos ? Infinity : 0;
    case "expm1":
      return pos ? Infinity : roundSigned(r, -1n, 0);
    case "sigmoid":
      return pos ? asIs(1) : 0;
    case "tanh":
      return pos ? asIs(1) : -asIs(1);
    case "softplus":
    case "silu":
      return pos ? x : fn === "silu" ? -0 : 0;
    case "log":
    case "sin":
    case "cos":
      return undefined;
  }
}
