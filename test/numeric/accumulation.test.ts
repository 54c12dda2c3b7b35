/**
 * dot and sum in both accumulation modes, on seeded random vectors:
 * `sequential` is exactly acc = round(acc + round(a·b)) in order — checked against a plain loop
 * over the format's own add/mul AND against the same loop on the rational oracle; `exact` is the
 * exact rational sum rounded once. Plus examples where order matters, and fp64 = native JS.
 */
import { describe, expect, it } from "vitest";
import { parseFormat, PRESETS, type Format } from "../../src/numeric/index.js";
import { deriveSeed, Rng } from "../../src/util/rng.js";
import { attempt, expectedBinary, nonFinite, show } from "./_oracle/expectedOp.js";
import { roundToFloat } from "./_oracle/gridRound.js";
import { add, fromDouble, mul, toDouble, type Rat } from "./_oracle/rational.js";
import { fixedSpec, floatSpec, TableFormat, type Expected } from "./_oracle/tableFormat.js";

const SEED = 5;
const VECTORS = 150;

const CASES = [
  ["fixed:2.6", fixedSpec(2, 6)],
  ["fp16", floatSpec(5, 10)],
  ["bf16", floatSpec(8, 7)],
  ["fp8e4m3fn", floatSpec(4, 3, { fn: true, ovf: "nan" })],
] as const;

/** A random value of the table format: a normal draw at a random scale, or any finite code. */
function randomValue(t: TableFormat, rng: Rng, scale: number, wild: boolean): number {
  if (wild) return t.values[rng.int(0, t.values.length - 1)].dbl;
  const y = rng.normal() * scale;
  const v = t.roundDoubleQuick(y, y < 0);
  return typeof v === "number" && Number.isFinite(v) ? v : 0;
}

function randomVectors(t: TableFormat, rng: Rng): { a: number[]; b: number[]; init: number } {
  const n = rng.int(0, 32);
  const wild = rng.int(0, 9) === 0; // one vector in ten spans the whole range (overflow, saturation)
  const scale = 2 ** rng.int(-6, 3);
  const a: number[] = [];
  const b: number[] = [];
  for (let k = 0; k < n; k++) {
    a.push(randomValue(t, rng, scale, wild));
    b.push(randomValue(t, rng, 1, wild));
  }
  const init = rng.bit() ? randomValue(t, rng, scale * 4, false) : 0;
  return { a, b, init };
}

function need(v: Expected, what: string): number {
  if (v === "throws") throw new Error(`oracle: ${what} throws`);
  return v;
}

/** The sequential order on the rational oracle: acc = round(acc + round(a·b)). */
function oracleSequential(t: TableFormat, a: number[], b: number[], init: number): number {
  let acc = init;
  for (let k = 0; k < a.length; k++) {
    const p = need(expectedBinary(t, "mul", a[k], b[k]), "mul");
    acc = need(expectedBinary(t, "add", acc, p), "add");
  }
  return acc;
}

/** The exact rational init + Σ a·b rounded once (IEEE specials when an operand is NaN/∞). */
function oracleExact(t: TableFormat, a: number[], b: number[], init: number): Expected {
  const operands = [init, ...a, ...b];
  if (operands.some((v) => !Number.isFinite(v))) {
    let acc = init;
    for (let k = 0; k < a.length; k++) acc += a[k] * b[k];
    return Number.isFinite(acc) ? t.roundDouble(acc) : nonFinite(t, acc);
  }
  let r: Rat = fromDouble(init);
  let allZero = init === 0;
  let zeroSum = init;
  for (let k = 0; k < a.length; k++) {
    r = add(r, mul(fromDouble(a[k]), fromDouble(b[k])));
    if (a[k] !== 0 && b[k] !== 0) allZero = false;
    zeroSum += a[k] * b[k];
  }
  // an all-zero sum has IEEE's sign; any other exact zero is +0 (docs/formats.md)
  return t.roundRat(r, r.n === 0n ? allZero && Object.is(zeroSum, -0) : r.n < 0n);
}

/** The plain loop over the format's own operations. */
function ownLoop(f: Format, a: number[], b: number[], init: number): number {
  let acc = init;
  for (let k = 0; k < a.length; k++) acc = f.add(acc, f.mul(a[k], b[k]));
  return acc;
}

describe.each(CASES)("%s", (name, spec) => {
  const f = parseFormat(name);
  const t = new TableFormat(spec);

  it(`sequential dot and sum on ${VECTORS} seeded vectors = the in-order loop (own ops and oracle)`, () => {
    const rng = new Rng(deriveSeed(SEED, `${name}-sequential`));
    const failures: string[] = [];
    for (let i = 0; i < VECTORS && failures.length < 5; i++) {
      const { a, b, init } = randomVectors(t, rng);
      const ones = a.map(() => 1);
      const label = `[${a.join(",")}]·[${b.join(",")}] + ${init}`;
      const got = attempt(() => f.dot(a, b, init));
      const gotDefault = attempt(() => f.dot(a, b, init, "sequential"));
      const loop = ownLoop(f, a, b, init);
      const want = oracleSequential(t, a, b, init);
      if (!Object.is(got, loop) || !Object.is(got, gotDefault)) failures.push(`${label}: dot ${show(got)} vs own loop ${show(loop)}`);
      if (!Object.is(got, want)) failures.push(`${label}: dot ${show(got)} vs oracle ${show(want)}`);
      const s = attempt(() => f.sum(a));
      const sWant = oracleSequential(t, a, ones, 0);
      if (!Object.is(s, sWant)) failures.push(`sum [${a.join(",")}]: ${show(s)} vs oracle ${show(sWant)}`);
    }
    expect(failures).toEqual([]);
  });

  it(`exact dot and sum on ${VECTORS} seeded vectors = the exact rational sum rounded once`, () => {
    const rng = new Rng(deriveSeed(SEED, `${name}-exact`));
    const failures: string[] = [];
    let differs = 0;
    for (let i = 0; i < VECTORS && failures.length < 5; i++) {
      const { a, b, init } = randomVectors(t, rng);
      const label = `[${a.join(",")}]·[${b.join(",")}] + ${init}`;
      const got = attempt(() => f.dot(a, b, init, "exact"));
      const want = oracleExact(t, a, b, init);
      if (!Object.is(got, want)) failures.push(`${label}: exact dot ${show(got)} vs oracle ${show(want)}`);
      const s = attempt(() => f.sum(a, "exact"));
      const sWant = oracleExact(t, a, a.map(() => 1), 0);
      if (!Object.is(s, sWant)) failures.push(`exact sum [${a.join(",")}]: ${show(s)} vs oracle ${show(sWant)}`);
      if (!Object.is(got, attempt(() => f.dot(a, b, init)))) differs++;
    }
    expect(failures).toEqual([]);
    expect(differs).toBeGreaterThan(0); // the two modes are really different computations
  });

  it("NaN operands propagate (or have no value in fixed point)", () => {
    if (name.startsWith("fixed")) return expect(() => f.dot([0, 0.5], [NaN, 1])).toThrow(RangeError);
    for (const mode of ["sequential", "exact"] as const) {
      expect(f.dot([1, NaN], [1, 1], 0, mode)).toBeNaN();
      expect(f.sum([1, NaN, 2], mode)).toBeNaN();
    }
  });
});

describe("order matters in sequential mode, not in exact mode", () => {
  it.each([
    // fp16: 1 + 2^−11 is a tie that goes back to 1, twice; 2^−11 + 2^−11 first is exact
    ["fp16", [1, 2 ** -11, 2 ** -11], 1, [2 ** -11, 2 ** -11, 1], 1 + 2 ** -10],
    // bf16: 256 + 1 ties back to 256, twice; 1 + 1 + 256 = 258
    ["bf16", [256, 1, 1], 256, [1, 1, 256], 258],
    // fixed:2.6 saturates: 1.5 + 1.5 → 1.984375, then − 1.5 → 0.484375
    ["fixed:2.6", [1.5, 1.5, -1.5], 0.484375, [1.5, -1.5, 1.5], 1.5],
    // e4m3fn: 448 + 448 overflows to NaN and stays NaN
    ["fp8e4m3fn", [448, 448, -448], NaN, [448, -448, 448], 448],
  ] as const)("%s: sum %j = %d, reordered %j = %d = the exact sum", (name, lossy, lossyWant, lossless, exactWant) => {
    const f = parseFormat(name);
    const ones = [1, 1, 1];
    expect(f.sum(lossy)).toBe(lossyWant);
    expect(f.dot(lossy, ones)).toBe(lossyWant);
    expect(f.sum(lossless)).toBe(exactWant);
    expect(f.dot(lossless, ones)).toBe(exactWant);
    for (const xs of [lossy, lossless]) {
      expect(f.sum(xs, "exact")).toBe(exactWant);
      expect(f.dot(xs, ones, 0, "exact")).toBe(exactWant);
    }
  });
});

describe("fp64 (host double) is native JS", () => {
  const fp64 = PRESETS.fp64;
  const f64 = new Float64Array(1);
  const u32 = new Uint32Array(f64.buffer);
  const raw = (rng: Rng): number => {
    u32[0] = rng.int(0, 0xffff) * 65536 + rng.int(0, 0xffff);
    u32[1] = rng.int(0, 0xffff) * 65536 + rng.int(0, 0xffff);
    return f64[0];
  };
  const SPECIAL = [0, -0, Infinity, -Infinity, NaN, Number.MIN_VALUE, Number.MAX_VALUE, 1, -1];

  it("+ − × ÷ √ on 50,000 seeded pairs (raw bits, specials, nearby operands)", () => {
    const rng = new Rng(deriveSeed(SEED, "fp64-ops"));
    const failures: string[] = [];
    for (let i = 0; i < 50_000 && failures.length < 10; i++) {
      const a = rng.int(0, 9) === 0 ? SPECIAL[rng.int(0, SPECIAL.length - 1)] : raw(rng);
      const pick = rng.int(0, 9);
      const b = pick === 0 ? SPECIAL[rng.int(0, SPECIAL.length - 1)] : pick < 4 ? a * (1 + rng.int(-4, 4) * 2 ** -52) : raw(rng);
      const pairs: [string, number, number][] = [
        ["add", fp64.add(a, b), a + b],
        ["sub", fp64.sub(a, b), a - b],
        ["mul", fp64.mul(a, b), a * b],
        ["div", fp64.div(a, b), a / b],
        ["sqrt", fp64.sqrt(a), Math.sqrt(a)],
        ["round", fp64.round(a), a],
      ];
      for (const [op, got, want] of pairs) if (!Object.is(got, want)) failures.push(`${op}(${show(a)}, ${show(b)}): ${show(got)} vs ${show(want)}`);
    }
    expect(failures).toEqual([]);
  });

  it("sequential dot/sum = the native loop; exact = the rational sum rounded once to binary64", () => {
    const rng = new Rng(deriveSeed(SEED, "fp64-dot"));
    const failures: string[] = [];
    let differs = 0;
    for (let i = 0; i < 300 && failures.length < 5; i++) {
      const n = rng.int(0, 24);
      const a: number[] = [];
      const b: number[] = [];
      for (let k = 0; k < n; k++) {
        a.push(rng.normal() * 2 ** rng.int(-40, 40));
        b.push(k > 0 && rng.bit() ? -a[k - 1] : rng.normal()); // some cancellation
      }
      const init = rng.bit() ? rng.normal() : 0;
      let acc = init;
      for (let k = 0; k < n; k++) acc += a[k] * b[k];
      let s = 0;
      for (let k = 0; k < n; k++) s += a[k];
      if (!Object.is(fp64.dot(a, b, init), acc)) failures.push(`dot: ${fp64.dot(a, b, init)} vs ${acc}`);
      if (!Object.is(fp64.sum(a), s)) failures.push(`sum: ${fp64.sum(a)} vs ${s}`);
      let r: Rat = fromDouble(init);
      for (let k = 0; k < n; k++) r = add(r, mul(fromDouble(a[k]), fromDouble(b[k])));
      const rounded = roundToFloat(r, 52, -1022, 1023);
      if (rounded === "overflow") throw new Error("oracle: binary64 overflow in a moderate sum");
      const want = rounded.n === 0n ? (n === 0 ? init : 0) : toDouble(rounded);
      const got = fp64.dot(a, b, init, "exact");
      if (!Object.is(got, want)) failures.push(`exact dot of [${a}]·[${b}] + ${init}: ${got} vs ${want}`);
      if (got !== acc) differs++;
    }
    expect(failures).toEqual([]);
    expect(differs).toBeGreaterThan(0);
  });
});

