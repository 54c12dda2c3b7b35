/**
 * Every operand pair of every small format, for + − × ÷, against the exact rational oracle
 * (test/numeric/_oracle), specials and signed zeros included; √ of every value.
 */
import { describe, expect, it } from "vitest";
import { parseFormat } from "../../src/numeric/index.js";
import { SMALL, table } from "./_oracle/cases.js";
import { add, cmp, div, fromDouble, half, mul, sub, type Rat } from "./_oracle/rational.js";
import type { Expected, TableFormat } from "./_oracle/tableFormat.js";

type Op = "add" | "sub" | "mul" | "div";
const exactOp: Record<Op, (a: Rat, b: Rat) => Rat> = { add, sub, mul, div };

function ieeeSpecial(op: Op, a: number, b: number): number {
  return op === "add" ? a + b : op === "sub" ? a - b : op === "mul" ? a * b : a / b;
}

/** The oracle's answer for a op b (a, b values of the format). */
function expected(t: TableFormat, op: Op, a: number, b: number): Expected {
  const special = ieeeSpecial(op, a, b);
  if (!Number.isFinite(a) || !Number.isFinite(b) || (op === "div" && b === 0)) {
    // IEEE special arithmetic decides NaN/∞; formats without them apply their policy
    if (special !== special) return t.isFloat ? NaN : "throws";
    const s = t.spec;
    if (s.kind === "float" && !s.fn) return special;
    return s.ovf === "saturate" ? (special > 0 ? t.max.dbl : t.min.dbl) : s.ovf === "nan" ? NaN : "throws";
  }
  const r = exactOp[op](fromDouble(a), fromDouble(b));
  // zero sign: exact zero keeps IEEE's sign of the double computation; else the sign of r
  const negZero = r.n === 0n ? Object.is(special, -0) : r.n < 0n;
  return t.roundRat(r, negZero);
}

function check(actual: () => number, want: Expected, label: string): string | null {
  if (want === "throws") {
    try {
      const got = actual();
      return `${label}: expected RangeError, got ${got}`;
    } catch (e) {
      return e instanceof RangeError ? null : `${label}: threw ${String(e)}`;
    }
  }
  let got: number;
  try {
    got = actual();
  } catch (e) {
    return `${label}: threw ${String(e)}, expected ${want}`;
  }
  return Object.is(got, want) ? null : `${label}: got ${Object.is(got, -0) ? "-0" : got}, expected ${Object.is(want, -0) ? "-0" : want}`;
}

describe.each(SMALL)("%s: every operand pair", (name, spec) => {
  const f = parseFormat(name);
  const t = table(spec);
  // every code's value once (NaN patterns collapse to one NaN)
  const operands = [...new Set(t.decoded.filter((v) => !(t.isFloat === false && v !== v)))].filter(
    (v, i, all) => v === v || all.findIndex((w) => w !== w) === i,
  );
  if (!operands.some((v) => Object.is(v, -0)) && t.isFloat) operands.push(-0);

  it.each(["add", "sub", "mul", "div"] as const)("%s", (op) => {
    const failures: string[] = [];
    for (const a of operands) {
      if (a !== a && !t.isFloat) continue;
      for (const b of operands) {
        const msg = check(() => f[op](a, b), expected(t, op, a, b), `${op}(${a}, ${b})`);
        if (msg && failures.push(msg) >= 10) break;
      }
      if (failures.length >= 10) break;
    }
    expect(failures).toEqual([]);
  });

  it("sqrt of every value", () => {
    const failures: string[] = [];
    for (const a of operands) {
      let want: Expected;
      if (a !== a || a < 0) want = t.isFloat ? NaN : "throws";
      else if (a === Infinity) want = t.spec.kind === "float" && !t.spec.fn ? Infinity : NaN;
      else if (a === 0) want = a;
      else {
        // the nonnegative value v with mid(v−)² < a < mid(v+)², by exact squared midpoints
        const x = fromDouble(a);
        const vals = t.values;
        let k = vals.findIndex((v) => v.dbl === 0);
        const midSq = (i: number): Rat => {
          const m = half(add(vals[i].rat, vals[i + 1].rat));
          return mul(m, m);
        };
        while (k + 1 < vals.length && cmp(midSq(k), x) < 0) k++;
        if (k + 1 < vals.length && cmp(midSq(k), x) === 0) throw new Error("a square root tie cannot happen");
        want = vals[k].dbl;
      }
      const msg = check(() => f.sqrt(a), want, `sqrt(${a})`);
      if (msg && failures.push(msg) >= 10) break;
    }
    expect(failures).toEqual([]);
  });
});
