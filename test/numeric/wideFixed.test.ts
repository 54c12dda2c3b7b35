/**
 * Wide fixed-point formats (B = 32: past the double fast path for ×, ÷, √, so the BigInt kernel
 * decides) against the rational reference on 20,000 seeded operand pairs each: + − × ÷ √, with
 * crafted exact ties, saturation at both ends, x/0 and the RangeErrors of 0/0 and √ of a negative.
 */
import { describe, expect, it } from "vitest";
import { parseFormat } from "../../src/numeric/index.js";
import { deriveSeed, Rng } from "../../src/util/rng.js";
import { attempt, show, type BinaryOp } from "./_oracle/expectedOp.js";
import { fixedCount, roundedIntSqrt } from "./_oracle/gridRound.js";
import { add, div, fromDouble, mul, sub, type Rat } from "./_oracle/rational.js";
import type { Expected } from "./_oracle/tableFormat.js";

const PAIRS = 20_000;
const exactOp: Record<BinaryOp, (a: Rat, b: Rat) => Rat> = { add, sub, mul, div };

/** The reference for fixed:I.F with saturation: RNE to k·2^−F, then clamp when out of range. */
function reference(I: number, F: number) {
  const B = I + F;
  const kmax = (1n << BigInt(B - 1)) - 1n;
  const kmin = -(1n << BigInt(B - 1));
  const value = (k: bigint): number => Number(k) / 2 ** F; // |k| < 2^32: exact
  const settle = (k: bigint): number => value(k > kmax ? kmax : k < kmin ? kmin : k) + 0;
  return {
    binary(op: BinaryOp, a: number, b: number): Expected {
      if (op === "div" && b === 0) return a === 0 ? "throws" : settle(a > 0 ? kmax + 1n : kmin - 1n);
      return settle(fixedCount(exactOp[op](fromDouble(a), fromDouble(b)), F));
    },
    sqrt(a: number): Expected {
      if (a < 0) return "throws";
      const k = BigInt(a * 2 ** F); // exact integer
      return settle(roundedIntSqrt(k << BigInt(F))); // √(k·2^−F)·2^F = √(k·2^F)
    },
  };
}

/** A random count k: random bit length (small and large magnitudes), both ends, powers of two. */
function randomK(rng: Rng, B: number): number {
  const pick = rng.int(0, 19);
  if (pick === 0) return -(2 ** (B - 1)); // kmin
  if (pick === 1) return 2 ** (B - 1) - 1; // kmax
  if (pick < 5) return (rng.bit() ? -1 : 1) * 2 ** rng.int(0, B - 2); // powers of two: ties in × and ÷
  if (pick === 5) return 0;
  const L = rng.int(1, B - 1);
  const k = rng.int(2 ** (L - 1), 2 ** L - 1);
  return rng.bit() ? -k : k;
}

const FORMATS = [
  ["fixed:16.16", 16, 16],
  ["fixed:4.28", 4, 28],
  ["fixed:1.31", 1, 31],
] as const;

describe.each(FORMATS)("%s against the rational reference", (name, I, F) => {
  const f = parseFormat(name);
  const ref = reference(I, F);
  const B = I + F;

  it(`+ − × ÷ √ on ${PAIRS} seeded operand pairs`, () => {
    const rng = new Rng(deriveSeed(31, name));
    const failures: string[] = [];
    const seen = { ties: 0, saturated: 0, throws: 0 };
    for (let i = 0; i < PAIRS && failures.length < 10; i++) {
      const a = randomK(rng, B) / 2 ** F;
      const b = randomK(rng, B) / 2 ** F;
      for (const op of ["add", "sub", "mul", "div"] as const) {
        const want = ref.binary(op, a, b);
        const got = attempt(() => f[op](a, b));
        if (!Object.is(got, want)) failures.push(`${op}(${a}, ${b}) = ${show(got)}, want ${show(want)}`);
        if (want === f.maxFinite || want === -(2 ** (I - 1))) seen.saturated++;
        if (want === "throws") seen.throws++;
      }
      const want = ref.sqrt(a);
      if (want === "throws") seen.throws++;
      const got = attempt(() => f.sqrt(a));
      if (!Object.is(got, want)) failures.push(`sqrt(${a}) = ${show(got)}, want ${show(want)}`);
      // count exact ties of × (k1·k2 / 2^F with remainder exactly half): the draw must hit them
      const prod = BigInt(a * 2 ** F) * BigInt(b * 2 ** F);
      if (prod % (1n << BigInt(F)) === 1n << BigInt(F - 1) || -prod % (1n << BigInt(F)) === 1n << BigInt(F - 1)) seen.ties++;
    }
    expect(failures).toEqual([]);
    expect(seen.ties).toBeGreaterThan(50);
    expect(seen.saturated).toBeGreaterThan(100);
    expect(seen.throws).toBeGreaterThan(100); // √ of negatives (and 0/0)
  });
});

describe("hand-checked wide fixed cases", () => {
  it.each([
    ["fixed:1.31", "sqrt", [1 - 2 ** -31], 1 - 2 ** -31], // √ rounds to 1 = 2^31·2^−31 > max: saturate
    ["fixed:1.31", "mul", [-1, -1], 1 - 2 ** -31], // +1 is out of range: saturate
    ["fixed:1.31", "mul", [2 ** -16, 2 ** -16], 0], // 2^−32: a tie between 0 and 2^−31 → 0
    ["fixed:1.31", "mul", [3 * 2 ** -16, 2 ** -16], 2 ** -30], // 3·2^−32: tie → 4·2^−32
    ["fixed:16.16", "mul", [3 * 2 ** -16, 0.5], 2 ** -15], // k 1.5: tie → 2
    ["fixed:16.16", "mul", [5 * 2 ** -16, 0.5], 2 ** -15], // k 2.5: tie → 2
    ["fixed:16.16", "mul", [1.5 * 2 ** -8, 2 ** -9], 2 ** -16], // k 0.75 → 1
    ["fixed:16.16", "div", [1, 3], 21845 / 65536], // 65536/3 = 21845.33
    ["fixed:16.16", "div", [2 ** -16, 2], 0], // k 0.5 → 0
    ["fixed:16.16", "div", [3 * 2 ** -16, 2], 2 ** -15], // k 1.5 → 2
    ["fixed:16.16", "div", [-1, 0], -32768],
    ["fixed:16.16", "sqrt", [2], 92682 / 65536], // √2·65536 = 92681.9
    ["fixed:4.28", "mul", [7.5, 7.5], 8 - 2 ** -28], // 56.25: saturate
    ["fixed:4.28", "div", [1, 7], 38347922 / 2 ** 28], // 2^28/7 = 38347922.29
  ] as const)("%s %s %j = %d", (name, op, args, want) => {
    const f = parseFormat(name);
    const got = op === "sqrt" ? f.sqrt(args[0]) : f[op](args[0], args[1]);
    expect(got).toBe(want);
    const I = Number(name.split(":")[1].split(".")[0]);
    const F = Number(name.split(".")[1]);
    const r = reference(I, F);
    expect(op === "sqrt" ? r.sqrt(args[0]) : r.binary(op, args[0], args[1])).toBe(want); // the reference agrees
  });
});

describe("fixed formats on the BigInt kernel return +0 (never −0) from × ÷ with a zero operand", () => {
  // Fixed point has no −0 (docs/formats.md, FixedGrid.roundRaw adds +0). But where × (B ≥ 28) or
  // ÷ (B ≥ 27) leave the double fast path, exactMul/exactDiv return the double a·b or a/b for a
  // zero operand, and RoundedFormat.settle passes −0 through; encode(−0) then throws RangeError.
  it.each([
    ["fixed:16.16", "mul", 0, -1],
    ["fixed:16.16", "div", 0, -1],
    ["fixed:1.31", "mul", -1, 0],
    ["fixed:4.28", "div", 0, -8],
    ["fixed:14.14", "mul", 0, -1],
    ["fixed:13.14", "div", 0, -1],
  ] as const)("%s %s(%d, %d) is +0 and encodes as 0", (name, op, a, b) => {
    const f = parseFormat(name);
    const got = f[op](a, b);
    expect(Object.is(got, 0), `${name} ${op}(${a}, ${b}) = ${show(got)}`).toBe(true);
    expect(f.encode(got)).toBe(0);
  });
});
