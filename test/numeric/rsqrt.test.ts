/**
 * rsqrt = 1/√a of every value of each small format, of fp16, bf16 and fixed:4.12 (a sample of
 * the 16-bit ones unless STREAMBOUND_EXHAUSTIVE=1), against the oracle's exact comparisons
 * (p²·a against 1), specials and signed zeros included.
 */
import { describe, expect, it } from "vitest";
import { parseFormat, type Format } from "../../src/numeric/index.js";
import { exactRsqrt, type ExactRounder } from "../../src/numeric/_internals/exactArith.js";
import { Rng } from "../../src/util/rng.js";
import { coverage } from "./_helpers/coverage.js";
import { SMALL, table } from "./_oracle/cases.js";
import { attempt, expectedRsqrt, show } from "./_oracle/expectedOp.js";
import { add, cmp, fromDouble, mul, rat, sub } from "./_oracle/rational.js";
import { fixedSpec, floatSpec } from "./_oracle/tableFormat.js";

const CASES = [
  ...SMALL,
  ["fp16", floatSpec(5, 10)] as const,
  ["bf16", floatSpec(8, 7)] as const,
  ["fixed:4.12", fixedSpec(4, 12)] as const,
];

describe.each(CASES)("%s: rsqrt of every value", (name, spec) => {
  it("equals the exactly decided 1/√a", () => {
    const f = parseFormat(name);
    const t = table(spec);
    const xs: number[] = coverage(t.values.map((v) => v.dbl));
    if (t.isFloat) xs.push(-0, Infinity, -Infinity, NaN);
    const failures: string[] = [];
    for (const a of xs) {
      if (t.isFloat && t.spec.kind === "float" && t.spec.fn && (a === Infinity || a === -Infinity)) continue; // not values
      const want = expectedRsqrt(t, a);
      const got = attempt(() => f.rsqrt(a));
      if (!Object.is(got, want)) failures.push(`rsqrt(${show(a)}) = ${show(got)}, expected ${show(want)}`);
      if (failures.length >= 10) break;
    }
    expect(failures).toEqual([]);
  });
});

describe("the exact rsqrt kernel on its own (the fast path above rarely needs it)", () => {
  it.each(SMALL)("%s: exactRsqrt of every positive value", (name, spec) => {
    const f = parseFormat(name) as unknown as ExactRounder & Format;
    const t = table(spec);
    const failures: string[] = [];
    for (const { dbl: a } of t.values) {
      if (!(a > 0)) continue;
      const raw = exactRsqrt(f, a);
      // raw ±∞ means "overflowed": the policy turns it into the expected value
      const want = expectedRsqrt(t, a);
      const ok = Number.isFinite(raw) ? Object.is(raw, want) : want === t.overflow(raw > 0);
      if (!ok) failures.push(`exactRsqrt(${a}) = ${raw}, expected ${show(want)}`);
    }
    expect(failures).toEqual([]);
  });

  it("float:11.52: 1/√a for random doubles lies within half an ulp, exactly", () => {
    const f = parseFormat("float:11.52");
    const rng = new Rng(11);
    for (let k = 0; k < 300; k++) {
      const a = (1 + rng.float()) * 2 ** rng.int(-1070, 1020);
      const r = f.rsqrt(a);
      const x = fromDouble(a);
      const halfUlp = fromDouble(2 ** (Math.floor(Math.log2(r)) - 53));
      const lo = sub(fromDouble(r), halfUlp); // r ± ulp/2 need 54 bits: exact only as rationals
      const hi = add(fromDouble(r), halfUlp);
      expect(cmp(mul(mul(lo, lo), x), rat(1n)), `rsqrt(${a})`).toBe(-1);
      expect(cmp(mul(mul(hi, hi), x), rat(1n)), `rsqrt(${a})`).toBe(1);
    }
  });
});
