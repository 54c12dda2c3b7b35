/**
 * Test oracle: the expected result of a + − × ÷ √ on values of a small (table) format, from exact
 * rationals, with IEEE special arithmetic deciding NaN/∞ and the format's policy where it lacks
 * them (the rules of docs/formats.md, restated independently of src/numeric).
 */
import { add, cmp, div, fromDouble, half, mul, rat, sign, sub, type Rat } from "./rational.js";
import type { Expected, TableFormat } from "./tableFormat.js";

export type BinaryOp = "add" | "sub" | "mul" | "div";
const exactOp: Record<BinaryOp, (a: Rat, b: Rat) => Rat> = { add, sub, mul, div };
const doubleOp: Record<BinaryOp, (a: number, b: number) => number> = {
  add: (a, b) => a + b,
  sub: (a, b) => a - b,
  mul: (a, b) => a * b,
  div: (a, b) => a / b,
};

/** What the format does with a non-finite exact result (NaN or ±∞). */
export function nonFinite(t: TableFormat, special: number): Expected {
  if (special !== special) return t.isFloat ? NaN : "throws";
  const s = t.spec;
  if (s.kind === "float" && !s.fn) return special;
  return s.ovf === "saturate" ? (special > 0 ? t.max.dbl : t.min.dbl) : s.ovf === "nan" ? NaN : "throws";
}

export function expectedBinary(t: TableFormat, op: BinaryOp, a: number, b: number): Expected {
  if (a !== a || b !== b) return t.isFloat ? NaN : "throws";
  const special = doubleOp[op](a, b);
  if (!Number.isFinite(a) || !Number.isFinite(b) || (op === "div" && b === 0)) return nonFinite(t, special);
  const r = exactOp[op](fromDouble(a), fromDouble(b));
  // an exact zero takes IEEE's sign (that of the double computation); otherwise r's sign
  const negZero = r.n === 0n ? Object.is(special, -0) : r.n < 0n;
  return t.roundRat(r, negZero);
}

/** √a by exact squared midpoints: the value v ≥ 0 with mid(v⁻)² < a < mid(v⁺)². */
export function expectedSqrt(t: TableFormat, a: number): Expected {
  if (a !== a || a < 0) return t.isFloat ? NaN : "throws";
  if (a === Infinity) return nonFinite(t, Infinity);
  if (a === 0) return a;
  const x = fromDouble(a);
  const vals = t.values;
  // binary search for the first index whose upper midpoint squared exceeds a
  let lo = vals.findIndex((v) => v.dbl === 0);
  let hi = vals.length - 1;
  const midSq = (i: number): Rat => {
    const m = half(add(vals[i].rat, vals[i + 1].rat));
    return mul(m, m);
  };
  while (lo < hi) {
    const m = (lo + hi) >> 1;
    if (cmp(midSq(m), x) < 0) lo = m + 1;
    else hi = m;
  }
  if (lo + 1 < vals.length && cmp(midSq(lo), x) === 0) throw new Error("oracle: a square-root tie cannot happen");
  return vals[lo].dbl;
}

/**
 * 1/√a (IEEE rSqrt: ±0 → ±∞, +∞ → +0, a < 0 → NaN), by exact comparisons: for p > 0,
 * 1/√a > p ⟺ p²·a < 1.
 */
export function expectedRsqrt(t: TableFormat, a: number): Expected {
  if (a !== a || a < 0) return t.isFloat ? NaN : "throws";
  if (a === 0) return nonFinite(t, Object.is(a, -0) ? -Infinity : Infinity);
  if (a === Infinity) return 0;
  const x = fromDouble(a);
  const one = rat(1n);
  return t.roundBySide((p) => (sign(p) <= 0 ? 1 : cmp(one, mul(mul(p, p), x))), false);
}

/** Apply an op and report a thrown RangeError as "throws" (anything else is rethrown). */
export function attempt(f: () => number): Expected {
  try {
    return f();
  } catch (e) {
    if (e instanceof RangeError) return "throws";
    throw e;
  }
}

export function show(v: Expected): string {
  return typeof v === "number" && Object.is(v, -0) ? "-0" : String(v);
}
