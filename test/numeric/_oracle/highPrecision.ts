/**
 * Test oracle: exp, expm1, log, sin, cos and the activations at 700 fractional bits on BigInt fixed point,
 * written independently of src/numeric (different algorithms: e^n·e^f with e from Σ1/k!,
 * log by Halley's iteration on exp, sin/cos reduced modulo 2π from Euler's arctangent formula
 * and summed on [0, 2π) without quadrants). Each result is within ~2^−680 of the truth for |x| ≤ 300;
 * `compareToPoint` refuses to decide anything closer than 2^−600, so the oracle never guesses.
 */
import { cmp, fromDouble, rat, type Rat } from "./rational.js";

const W = 700n;
const ONE = 1n << W;

/** v·2^W rounded toward −∞, for a rational v. */
function fix(v: Rat): bigint {
  const num = v.n << W;
  const q = num / v.d;
  return q * v.d > num ? q - 1n : q;
}
const mulF = (a: bigint, b: bigint): bigint => (a * b) >> W;
const divF = (a: bigint, b: bigint): bigint => (a << W) / b;

let eCache: bigint | null = null;
function eConst(): bigint {
  if (eCache === null) {
    let term = ONE;
    let sum = ONE;
    for (let k = 1n; term > 0n; k++) {
      term /= k;
      sum += term;
    }
    eCache = sum;
  }
  return eCache;
}

function powF(base: bigint, n: number): bigint {
  let result = ONE;
  let b = base;
  let k = n;
  while (k > 0) {
    if (k & 1) result = mulF(result, b);
    b = mulF(b, b);
    k >>= 1;
  }
  return result;
}

/** exp of a fixed-point number X (value X·2^−W), |X·2^−W| ≤ 300. */
function expF(X: bigint): bigint {
  const n = X >> W; // floor
  if (n > 300n || n < -301n) throw new Error("oracle: exp argument out of range");
  const f = X - (n << W); // in [0, 1)
  let term = ONE;
  let sum = ONE;
  for (let k = 1n; term > 0n; k++) {
    term = (term * f) / (k << W);
    sum += term;
  }
  const en = powF(eConst(), Math.abs(Number(n)));
  return n >= 0n ? mulF(sum, en) : divF(sum, en);
}

/** log of a positive fixed-point Y by Halley: z ← z + 2(y − e^z)/(y + e^z). */
function logF(Y: bigint, guess: number): bigint {
  let z = fix(fromDouble(guess));
  for (let i = 0; i < 6; i++) {
    const ez = expF(z);
    const step = divF(2n * (Y - ez), Y + ez);
    z += step;
    if (step === 0n) break;
  }
  return z;
}

/** A wider scale for reducing sin/cos arguments: π to 1100 bits, so x − n·2π keeps 700 bits for |x| < 2^300. */
const WR = 1100n;

/** atan(1/k)·2^WR by its alternating series (no error bookkeeping: 1100 bits leave ~390 to spare). */
function atanInv(k: bigint): bigint {
  let p = (1n << WR) / k;
  let sum = 0n;
  for (let j = 0n; p > 0n; j++) {
    sum += (j % 2n === 0n ? 1n : -1n) * (p / (2n * j + 1n));
    p /= k * k;
  }
  return sum;
}

let twoPiCache: bigint | null = null;
/** 2π·2^WR from Euler's π/4 = atan(1/2) + atan(1/3) (src uses Machin's formula). */
function twoPi(): bigint {
  if (twoPiCache === null) twoPiCache = 8n * (atanInv(2n) + atanInv(3n));
  return twoPiCache;
}

/** sin or cos of x: reduce into [0, 2π) at 1100 bits, then Taylor series on [0, 2π) directly. */
function sinCosF(x: number, cos: boolean): bigint {
  const xr = fromDouble(x);
  const XR = (xr.n << WR) / xr.d; // x·2^1100, exact for these formats
  if (XR * xr.d !== xr.n << WR) throw new Error("oracle: argument finer than 2^-1100");
  if ((XR < 0n ? -XR : XR) >> (WR + 300n) !== 0n) throw new Error("oracle: sin/cos argument beyond 2^300");
  let r = XR % twoPi();
  if (r < 0n) r += twoPi();
  const R = r >> (WR - W); // [0, 2π) at 700 bits
  const R2 = mulF(R, R);
  let term = cos ? ONE : R;
  let sum = term;
  for (let i = cos ? 0n : 1n; term !== 0n; i += 2n) {
    term = -(term * R2) / ((i + 1n) * (i + 2n) << W);
    sum += term;
  }
  return sum;
}

export type OracleFn = "exp" | "expm1" | "log" | "tanh" | "sigmoid" | "softplus" | "silu" | "sin" | "cos";

/** f(x)·2^W (to within a few units) for a finite double x in the function's domain. */
export function evaluate(fn: OracleFn, x: number): bigint {
  const X = fix(fromDouble(x));
  switch (fn) {
    case "exp":
      return expF(X);
    case "expm1":
      return expF(X) - ONE;
    case "sin":
      return sinCosF(x, false);
    case "cos":
      return sinCosF(x, true);
    case "log":
      return logF(X, Math.log(x));
    case "sigmoid":
      return divF(ONE, ONE + expF(-X));
    case "silu":
      return mulF(X, divF(ONE, ONE + expF(-X)));
    case "tanh": {
      const e2 = expF(2n * X);
      return divF(e2 - ONE, e2 + ONE);
    }
    case "softplus": {
      if (x > 20) return X; // PyTorch's threshold
      const y = ONE + expF(X);
      return logF(y, x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x)));
    }
  }
}

/** sign(f(x) − p) for a rational point p, or throws when the oracle cannot tell. */
export function compareToPoint(value: bigint, p: Rat): number {
  const P = fix(p);
  const diff = value - P;
  const margin = 1n << 100n; // 2^−600
  if (diff > margin) return 1;
  if (diff < -margin) return -1;
  throw new Error(`oracle: value within 2^-600 of a decision point ${p.n}/${p.d}`);
}

export { cmp, rat };
