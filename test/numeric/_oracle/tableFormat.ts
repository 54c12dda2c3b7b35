/**
 * Test oracle: a small format as the explicit table of its values, built by decoding every bit
 * pattern with code written here (not src/numeric), and round-half-even by search in that table.
 */
import { add, cmp, fromDouble, half, rat, sub, toDouble, twoTo, type Rat } from "./rational.js";

export type OraclePolicy = "saturate" | "inf" | "nan" | "error";

export type OracleSpec =
  | { kind: "float"; E: number; M: number; bias: number; sub: boolean; fn: boolean; ovf: OraclePolicy }
  | { kind: "fixed"; I: number; F: number; ovf: OraclePolicy };

export interface Entry {
  rat: Rat;
  dbl: number;
  code: number;
  /** round-half-even prefers this value on a tie */
  even: boolean;
}

/** What the oracle says a result is: a double, or a thrown RangeError. */
export type Expected = number | "throws";

export class TableFormat {
  readonly bits: number;
  /** finite values ascending, zero once (+0) */
  readonly values: Entry[] = [];
  readonly doubles: Float64Array;
  /** every code's value (NaN for NaN patterns, ±Infinity, −0 kept) */
  readonly decoded: number[] = [];
  private readonly topGap: Rat; // distance from the largest value to the next grid point above
  private readonly bottomGap: Rat;

  constructor(readonly spec: OracleSpec) {
    this.bits = spec.kind === "float" ? 1 + spec.E + spec.M : spec.I + spec.F;
    const seen = new Map<string, Entry>();
    for (let code = 0; code < 2 ** this.bits; code++) {
      const v = this.decodeCode(code);
      this.decoded.push(v.dbl);
      if (v.rat === null) continue;
      const key = `${v.rat.n * (2n ** 1200n / v.rat.d)}`;
      if (seen.has(key)) continue; // −0 duplicates +0
      const e: Entry = { rat: v.rat, dbl: v.dbl === 0 ? 0 : v.dbl, code, even: code % 2 === 0 };
      seen.set(key, e);
      this.values.push(e);
    }
    this.values.sort((a, b) => cmp(a.rat, b.rat));
    this.doubles = Float64Array.from(this.values.map((e) => e.dbl));
    if (spec.kind === "float") {
      const top = this.values[this.values.length - 1];
      const exp = Math.floor(Math.log2(top.dbl));
      this.topGap = twoTo(exp - spec.M);
      this.bottomGap = this.topGap;
    } else {
      this.topGap = this.bottomGap = twoTo(-spec.F);
    }
  }

  private decodeCode(code: number): { rat: Rat | null; dbl: number } {
    const s = this.spec;
    if (s.kind === "fixed") {
      const B = s.I + s.F;
      const k = code >= 2 ** (B - 1) ? code - 2 ** B : code;
      const r = rat(BigInt(k), 1n << BigInt(s.F));
      return { rat: r, dbl: toDouble(r) };
    }
    const negative = code >= 2 ** (s.E + s.M);
    const rest = code % 2 ** (s.E + s.M);
    const expField = Math.floor(rest / 2 ** s.M);
    const frac = rest % 2 ** s.M;
    const allOnes = 2 ** s.E - 1;
    if (expField === allOnes && !s.fn) {
      if (frac !== 0) return { rat: null, dbl: NaN };
      return { rat: null, dbl: negative ? -Infinity : Infinity };
    }
    if (expField === allOnes && s.fn && frac === 2 ** s.M - 1) return { rat: null, dbl: NaN };
    let r: Rat;
    if (expField === 0) {
      if (!s.sub && frac !== 0) return { rat: null, dbl: NaN }; // not a value of the format
      r = rat(BigInt(frac) * twoTo(1 - s.bias - s.M).n, twoTo(1 - s.bias - s.M).d);
    } else {
      const sig = BigInt(2 ** s.M + frac);
      const scale = twoTo(expField - s.bias - s.M);
      r = rat(sig * scale.n, scale.d);
    }
    if (negative) r = rat(-r.n, r.d);
    const d = toDouble(r);
    return { rat: r, dbl: negative && d === 0 ? -0 : d };
  }

  get max(): Entry {
    return this.values[this.values.length - 1];
  }
  get min(): Entry {
    return this.values[0];
  }

  /** What a finite result beyond the range becomes (the format's policy). */
  overflow(positive: boolean): Expected {
    const p = this.spec.ovf;
    if (p === "saturate") return positive ? this.max.dbl : this.min.dbl;
    if (p === "inf") return positive ? Infinity : -Infinity;
    if (p === "nan") return NaN;
    return "throws";
  }

  /**
   * Round an exact rational (RNE, IEEE overflow rule: round as if the exponent range were
   * unbounded, overflow when that exceeds the largest value). `negZero` gives a zero result's sign.
   */
  roundRat(r: Rat, negZero: boolean): Expected {
    const hi = this.max;
    const lo = this.min;
    if (cmp(r, hi.rat) > 0) {
      const c = cmp(r, add(hi.rat, half(this.topGap)));
      if (c < 0 || (c === 0 && hi.even)) return hi.dbl;
      return this.overflow(true);
    }
    if (cmp(r, lo.rat) < 0) {
      const c = cmp(r, sub(lo.rat, half(this.bottomGap)));
      if (c > 0 || (c === 0 && lo.even)) return lo.dbl;
      return this.overflow(false);
    }
    // binary search: values[i] ≤ r < values[i+1]
    let a = 0;
    let b = this.values.length - 1;
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if (cmp(this.values[m].rat, r) <= 0) a = m;
      else b = m;
    }
    const va = this.values[a];
    const vb = this.values[b];
    let pick: Entry;
    if (cmp(r, va.rat) === 0) pick = va;
    else if (cmp(r, vb.rat) === 0) pick = vb;
    else {
      const c = cmp(r, half(add(va.rat, vb.rat)));
      pick = c < 0 ? va : c > 0 ? vb : this.tieBreak(va, vb);
    }
    return this.signZero(pick.dbl, negZero);
  }

  /**
   * Round a real number f known only through `side(p)` = sign(f − p) for rationals p (so f may
   * be irrational): the rules of roundRat, decided by comparisons alone.
   */
  roundBySide(side: (p: Rat) => number, negZero: boolean): Expected {
    const vals = this.values;
    const hi = this.max;
    const lo = this.min;
    if (side(hi.rat) > 0) {
      const c = side(add(hi.rat, half(this.topGap)));
      return c < 0 || (c === 0 && hi.even) ? hi.dbl : this.overflow(true);
    }
    if (side(lo.rat) < 0) {
      const c = side(sub(lo.rat, half(this.bottomGap)));
      return c > 0 || (c === 0 && lo.even) ? lo.dbl : this.overflow(false);
    }
    // vals[a] ≤ f ≤ vals[b]
    let a = 0;
    let b = vals.length - 1;
    while (b - a > 1) {
      const m = (a + b) >> 1;
      if (side(vals[m].rat) >= 0) a = m;
      else b = m;
    }
    let pick: Entry;
    if (side(vals[a].rat) === 0) pick = vals[a];
    else if (side(vals[b].rat) === 0) pick = vals[b];
    else {
      const c = side(half(add(vals[a].rat, vals[b].rat)));
      pick = c < 0 ? vals[a] : c > 0 ? vals[b] : this.tieBreak(vals[a], vals[b]);
    }
    return this.signZero(pick.dbl, negZero);
  }

  private tieBreak(a: Entry, b: Entry): Entry {
    if (a.dbl === 0) return a; // a tie next to zero goes to zero (no subnormals: documented)
    if (b.dbl === 0) return b;
    return a.even ? a : b;
  }

  signZero(v: number, negative: boolean): number {
    if (v !== 0) return v;
    return this.spec.kind === "float" && negative ? -0 : 0;
  }

  /** Round a finite double. */
  roundDouble(x: number): Expected {
    return this.roundRat(fromDouble(x), x < 0 || Object.is(x, -0));
  }

  /** The midpoints around a double y: the rounding decision points nearest to it, as rationals. */
  decisionPointsNear(y: number): Rat[] {
    const pts: Rat[] = [];
    const v = this.values;
    let i = 0;
    while (i < v.length && v[i].dbl <= y) i++;
    for (let k = Math.max(0, i - 2); k < Math.min(v.length - 1, i + 2); k++) pts.push(half(add(v[k].rat, v[k + 1].rat)));
    pts.push(add(this.max.rat, half(this.topGap)), sub(this.min.rat, half(this.bottomGap)));
    return pts;
  }

  /**
   * Round a finite double using double comparisons only (midpoints of adjacent values are
   * exact doubles for these small formats); a faster twin of roundDouble for bulk checks.
   */
  roundDoubleQuick(y: number, negZero: boolean): Expected {
    const v = this.doubles;
    const n = v.length;
    const top = v[n - 1];
    const bot = v[0];
    if (y > top) {
      const t = top + toDouble(this.topGap) / 2;
      if (y < t || (y === t && this.max.even)) return top;
      return this.overflow(true);
    }
    if (y < bot) {
      const t = bot - toDouble(this.bottomGap) / 2;
      if (y > t || (y === t && this.min.even)) return bot;
      return this.overflow(false);
    }
    const [a, b] = bracket(v, y);
    let pick: Entry;
    if (v[a] === y) pick = this.values[a];
    else if (v[b] === y) pick = this.values[b];
    else {
      const mid = (v[a] + v[b]) / 2;
      pick = y < mid ? this.values[a] : y > mid ? this.values[b] : this.tieBreak(this.values[a], this.values[b]);
    }
    return this.signZero(pick.dbl, negZero);
  }

  /** Decision points (midpoints and overflow thresholds) within relative distance tol of y. */
  nearDecision(y: number, tol: number): boolean {
    const v = this.doubles;
    const n = v.length;
    const slack = Math.abs(y) * tol + 1e-300;
    const top = v[n - 1] + toDouble(this.topGap) / 2;
    const bot = v[0] - toDouble(this.bottomGap) / 2;
    if (Math.abs(y - top) <= slack || Math.abs(y - bot) <= slack) return true;
    const [a] = bracket(v, y);
    for (let k = Math.max(0, a - 1); k < Math.min(n - 1, a + 2); k++) {
      if (Math.abs(y - (v[k] + v[k + 1]) / 2) <= slack) return true;
    }
    return false;
  }

  get isFloat(): boolean {
    return this.spec.kind === "float";
  }
}

export const floatSpec = (E: number, M: number, extra: Partial<Extract<OracleSpec, { kind: "float" }>> = {}): OracleSpec => ({
  kind: "float",
  E,
  M,
  bias: 2 ** (E - 1) - 1,
  sub: true,
  fn: false,
  ovf: extra.fn ? "nan" : "inf",
  ...extra,
});

export const fixedSpec = (I: number, F: number, ovf: OraclePolicy = "saturate"): OracleSpec => ({ kind: "fixed", I, F, ovf });

/** Indices a < b with v[a] ≤ y < v[b] (or the ends), by bisection over the sorted values. */
function bracket(v: ArrayLike<number>, y: number): [number, number] {
  let a = 0;
  let b = v.length - 1;
  while (b - a > 1) {
    const m = (a + b) >> 1;
    if (v[m] <= y) a = m;
    else b = m;
  }
  return [a, b];
}
