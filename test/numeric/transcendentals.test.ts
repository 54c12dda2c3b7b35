/**
 * Every finite value of each small format, of fp16, bf16 and fixed:4.12, for exp, expm1, log,
 * tanh, sigmoid, softplus, silu, elu, sin and cos: the oracle rounds the double Math value with its own
 * table, and near a rounding decision point asks its own 700-bit evaluator which side f(x) is on.
 */
import { describe, expect, it } from "vitest";
import { parseFormat } from "../../src/numeric/index.js";
import { Rng } from "../../src/util/rng.js";
import { roundTranscendental, type ZivRounder } from "../../src/numeric/_internals/exactTranscendental.js";
import { coverage } from "./_helpers/coverage.js";
import { SMALL, table } from "./_oracle/cases.js";
import { compareToPoint, evaluate, type OracleFn } from "./_oracle/highPrecision.js";
import { add, fromDouble, rat, sub } from "./_oracle/rational.js";
import { fixedSpec, floatSpec, type Expected, type TableFormat } from "./_oracle/tableFormat.js";

const ONE700 = 1n << 700n;

function approx(fn: OracleFn, x: number): number {
  switch (fn) {
    case "exp":
      return Math.exp(x);
    case "expm1":
      return Math.expm1(x);
    case "sin":
      return Math.sin(x);
    case "cos":
      return Math.cos(x);
    case "log":
      return Math.log(x);
    case "tanh":
      return Math.tanh(x);
    case "sigmoid":
      return 1 / (1 + Math.exp(-x));
    case "softplus":
      if (x > 20) return x; // PyTorch's threshold
      return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    case "silu":
      return x / (1 + Math.exp(-x));
  }
}

/** Whether f(x) is negative (for the sign of a zero result). */
function negative(fn: OracleFn, x: number): boolean {
  if (fn === "log") return x < 1;
  if (fn === "tanh" || fn === "silu" || fn === "expm1" || fn === "sin") return x < 0 || Object.is(x, -0);
  if (fn === "cos") return Math.cos(x) < 0;
  return false;
}

/** sin's sign is not x's: decide it from the oracle's own value (its zero results are rare). */
function negativeAt(fn: OracleFn, x: number, v: bigint | null): boolean {
  if (fn !== "sin" || x === 0) return negative(fn, x);
  return (v ?? evaluate(fn, x)) < 0n;
}

function expectedOf(t: TableFormat, fn: OracleFn, x: number): Expected {
  if (fn === "log" && x <= 0) {
    if (x < 0) return t.isFloat ? NaN : "throws";
    const s = t.spec; // log 0 = −∞
    if (s.kind === "float" && !s.fn) return -Infinity;
    return s.ovf === "saturate" ? t.min.dbl : s.ovf === "nan" ? NaN : "throws";
  }
  if ((fn === "sin" || fn === "cos") && x === 0) return fn === "sin" ? x : 1; // the trivial points
  const y = approx(fn, x);
  if (!Number.isFinite(y)) return t.roundDoubleQuick(y > 0 ? 1e308 : -1e308, negative(fn, x)); // far beyond every small format
  if (!t.nearDecision(y, 2 ** -30)) {
    const r = t.roundDoubleQuick(y, false);
    return r === 0 ? t.signZero(0, negativeAt(fn, x, null)) : r;
  }
  // close to a decision point: the 700-bit oracle decides (and refuses within 2^−500)
  const v = evaluate(fn, x);
  for (const p of t.decisionPointsNear(y)) compareToPoint(v, p);
  return t.roundRat(rat(v, ONE700), negativeAt(fn, x, v));
}

/** elu(x) = x for x > 0, expm1(x) otherwise (α = 1): the oracle's expm1 decides. */
function expectedElu(t: TableFormat, x: number): Expected {
  return x > 0 ? t.roundDoubleQuick(x, false) : expectedOf(t, "expm1", x);
}

const FNS: OracleFn[] = ["exp", "expm1", "log", "tanh", "sigmoid", "softplus", "silu", "sin", "cos"];

const CASES = [
  ...SMALL.filter(([n]) => !n.includes("bias=")),
  ["fp16", floatSpec(5, 10)] as const,
  ["bf16", floatSpec(8, 7)] as const,
  ["fixed:4.12", fixedSpec(4, 12)] as const,
];

/** The functions the suite walked before fixed:4.12 and the new primitives joined (kept exhaustive). */
const ORIGINAL = new Set<string>(["exp", "log", "tanh", "sigmoid", "softplus", "silu"]);

describe.each(CASES)("%s: every value", (name, spec) => {
  const f = parseFormat(name);
  const t = table(spec);
  const all = t.values.map((v) => v.dbl);
  if (t.isFloat) all.push(-0);
  // every value; in the default suite a 16-bit format's new cases walk a sample (see coverage.ts)
  const sampled = coverage(all);
  const valuesFor = (fn: string): number[] => (ORIGINAL.has(fn) && name !== "fixed:4.12" ? all : sampled);

  it.each(FNS)("%s", (fn) => {
    const failures: string[] = [];
    let oracleCalls = 0;
    const xs = valuesFor(fn);
    for (const x of xs) {
      const want = expectedOf(t, fn, x);
      let got: number | string;
      try {
        got = f[fn](x);
      } catch (e) {
        got = e instanceof RangeError ? "throws" : `threw ${String(e)}`;
      }
      if (!Object.is(got, want)) failures.push(`${fn}(${Object.is(x, -0) ? "-0" : x}) = ${String(got)}, expected ${String(want)}`);
      if (failures.length >= 10) break;
      if (t.nearDecision(approx(fn, x), 2 ** -30)) oracleCalls++;
    }
    expect(failures).toEqual([]);
    expect(oracleCalls).toBeLessThan(xs.length); // the fast oracle path carries the bulk
  });

  it("elu", () => {
    const failures: string[] = [];
    for (const x of valuesFor("elu")) {
      const want = expectedElu(t, x);
      let got: number | string;
      try {
        got = f.elu(x);
      } catch (e) {
        got = e instanceof RangeError ? "throws" : `threw ${String(e)}`;
      }
      if (!Object.is(got, want)) failures.push(`elu(${Object.is(x, -0) ? "-0" : x}) = ${String(got)}, expected ${String(want)}`);
      if (failures.length >= 10) break;
    }
    expect(failures).toEqual([]);
  });
});

describe("float:11.52 (the exact BigInt evaluator decides every value)", () => {
  const f = parseFormat("float:11.52");
  const xs = [0.1, -0.7, 1.5, -3.25, 7.9, -12.5, 0.001, 2 ** -30, 19.75, -40.5, 3.3, 0.6931471805599453];
  // exact argument reduction: huge arguments, the fp32 maximum, and doubles next to multiples of π
  const trigXs = [1e22, -3.4028234663852886e38, 2 ** 299 * 1.37, 355, 103993, Math.PI, -Math.PI / 2, 2 ** -200, 5.3e-5];
  it.each(FNS)("%s is the double nearest the 700-bit value", (fn) => {
    for (const x0 of fn === "sin" || fn === "cos" ? [...xs, ...trigXs] : xs) {
      const x = fn === "log" ? Math.abs(x0) : x0;
      const got = f[fn](x);
      const v = evaluate(fn, x);
      // |f(x) − got| < ulp(got)/2: compare with got ± half an ulp (both exact dyadics)
      const ulp = 2 ** (Math.floor(Math.log2(Math.abs(got))) - 52);
      const halfUlp = fromDouble(ulp / 2);
      const lo = sub(fromDouble(got), halfUlp); // exact rationals: got ± ulp/2 needs 54 bits
      const hi = add(fromDouble(got), halfUlp);
      expect(compareToPoint(v, lo), `${fn}(${x})`).toBe(1);
      expect(compareToPoint(v, hi), `${fn}(${x})`).toBe(-1);
    }
  });
});

describe("fp32: seeded values over the whole range, against the 700-bit oracle", () => {
  const f = parseFormat("fp32");
  const rng = new Rng(32);
  const xs: number[] = [];
  for (let k = 0; k < 300; k++) xs.push(Math.fround((rng.bit() ? -1 : 1) * (1 + rng.float()) * 2 ** rng.int(-30, 127)));
  for (let k = 0; k < 100; k++) xs.push(Math.fround((rng.bit() ? -1 : 1) * (1 + rng.float()) * 2 ** rng.int(-149, -31)));
  it.each(FNS)("%s lies within half an fp32 ulp of the true value", (fn) => {
    let checked = 0;
    for (const x0 of xs) {
      const x = fn === "log" ? Math.abs(x0) : x0;
      if ((fn === "exp" || fn === "expm1" || fn === "sigmoid" || fn === "tanh" || fn === "softplus" || fn === "silu") && Math.abs(x) > 250) continue; // the oracle's range
      const got = f[fn](x);
      if (!Number.isFinite(got) || got === 0 || Math.abs(got) === 1 || (fn === "softplus" && x > 20) || (fn === "silu" && x > 20)) continue; // limits: checked elsewhere
      const v = evaluate(fn, x);
      const e = Math.max(Math.floor(Math.log2(Math.abs(got))), -126);
      const halfUlp = fromDouble(2 ** (e - 24));
      // at a power of two the gap below is half as wide: the bracket below is then a quarter ulp
      const below = Math.abs(got) === 2 ** e && e > -126 ? fromDouble(2 ** (e - 25)) : halfUlp;
      const lo = sub(fromDouble(got), got > 0 ? below : halfUlp);
      const hi = add(fromDouble(got), got > 0 ? halfUlp : below);
      expect(compareToPoint(v, lo), `${fn}(${x}) = ${got}`).toBe(1);
      expect(compareToPoint(v, hi), `${fn}(${x}) = ${got}`).toBe(-1);
      checked++;
    }
    expect(checked).toBeGreaterThan(50);
  });
});

describe("the exact evaluator alone (the double fast path hides it almost everywhere)", () => {
  const cases = [...SMALL.filter(([n]) => !n.includes("bias=") && !n.startsWith("fixed")), ["bf16", floatSpec(8, 7)] as const, ["fixed:3.4", fixedSpec(3, 4)] as const];
  it.each(cases)("%s: expm1, sin and cos of every value by roundTranscendental", (name, spec) => {
    const f = parseFormat(name) as unknown as ZivRounder;
    const t = table(spec);
    const failures: string[] = [];
    for (const x of coverage(t.values.map((v) => v.dbl))) {
      for (const fn of ["expm1", "sin", "cos"] as const) {
        if (x === 0) continue; // trivial points: the caller's
        const raw = roundTranscendental(f, fn, x);
        const want = expectedOf(t, fn, x);
        const got = Number.isFinite(raw) ? (raw === 0 ? t.signZero(0, Object.is(raw, -0)) : raw) : t.overflow(raw > 0);
        if (!Object.is(got, want)) failures.push(`${fn}(${x}) = ${String(got)}, expected ${String(want)}`);
      }
      if (failures.length >= 10) break;
    }
    expect(failures).toEqual([]);
  });
});
