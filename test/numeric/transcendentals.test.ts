/**
 * Every finite value of each small format and of fp16 and bf16, for exp, log, tanh, sigmoid,
 * softplus, silu (and √ for fp16/bf16): the oracle rounds the double Math value with its own
 * table, and near a rounding decision point asks its own 700-bit evaluator which side f(x) is on.
 */
import { describe, expect, it } from "vitest";
import { parseFormat } from "../../src/numeric/index.js";
import { SMALL, table } from "./_oracle/cases.js";
import { compareToPoint, evaluate, type OracleFn } from "./_oracle/highPrecision.js";
import { add, fromDouble, rat, sub } from "./_oracle/rational.js";
import { floatSpec, type Expected, type TableFormat } from "./_oracle/tableFormat.js";

const ONE700 = 1n << 700n;

function approx(fn: OracleFn, x: number): number {
  switch (fn) {
    case "exp":
      return Math.exp(x);
    case "log":
      return Math.log(x);
    case "tanh":
      return Math.tanh(x);
    case "sigmoid":
      return 1 / (1 + Math.exp(-x));
    case "softplus":
      return x > 0 ? x + Math.log1p(Math.exp(-x)) : Math.log1p(Math.exp(x));
    case "silu":
      return x / (1 + Math.exp(-x));
  }
}

/** Whether f(x) is negative (for the sign of a zero result). */
function negative(fn: OracleFn, x: number): boolean {
  if (fn === "log") return x < 1;
  if (fn === "tanh" || fn === "silu") return x < 0 || Object.is(x, -0);
  return false;
}

function expectedOf(t: TableFormat, fn: OracleFn, x: number): Expected {
  if (fn === "log" && x <= 0) {
    if (x < 0) return t.isFloat ? NaN : "throws";
    const s = t.spec; // log 0 = −∞
    if (s.kind === "float" && !s.fn) return -Infinity;
    return s.ovf === "saturate" ? t.min.dbl : s.ovf === "nan" ? NaN : "throws";
  }
  const neg = negative(fn, x);
  const y = approx(fn, x);
  if (!Number.isFinite(y)) return t.roundDoubleQuick(y > 0 ? 1e308 : -1e308, neg); // far beyond every small format
  if (!t.nearDecision(y, 2 ** -30)) return t.roundDoubleQuick(y, neg);
  // close to a decision point: the 700-bit oracle decides (and refuses within 2^−500)
  const v = evaluate(fn, x);
  for (const p of t.decisionPointsNear(y)) compareToPoint(v, p);
  return t.roundRat(rat(v, ONE700), neg);
}

const FNS: OracleFn[] = ["exp", "log", "tanh", "sigmoid", "softplus", "silu"];

const CASES = [
  ...SMALL.filter(([n]) => !n.includes("bias=")),
  ["fp16", floatSpec(5, 10)] as const,
  ["bf16", floatSpec(8, 7)] as const,
];

describe.each(CASES)("%s: every value", (name, spec) => {
  const f = parseFormat(name);
  const t = table(spec);
  const xs = t.values.map((v) => v.dbl);
  if (t.isFloat) xs.push(-0);

  it.each(FNS)("%s", (fn) => {
    const failures: string[] = [];
    let oracleCalls = 0;
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
});

describe("float:11.52 (the exact BigInt evaluator decides every value)", () => {
  const f = parseFormat("float:11.52");
  const xs = [0.1, -0.7, 1.5, -3.25, 7.9, -12.5, 0.001, 2 ** -30, 19.75, -40.5, 3.3, 0.6931471805599453];
  it.each(FNS)("%s is the double nearest the 700-bit value", (fn) => {
    for (const x0 of xs) {
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
