/**
 * kernelOps(format) returns exactly what the format's own methods return (Object.is: signed
 * zeros and NaN included): every operand pair of the 8-bit formats, every value of the 16-bit
 * ones for each unary function, and seeded plus structured pairs of fp16, bf16 and fp32 (10
 * million per format with STREAMBOUND_EXHAUSTIVE=1, run by scripts/check-kernels.sh).
 */
import { describe, expect, it } from "vitest";
import { kernelOps, type KernelOps } from "../../../src/models/_internals/kernelOps.js";
import type { Format } from "../../../src/numeric/format.js";
import { Rng } from "../../../src/util/rng.js";
import { coverage, EXHAUSTIVE } from "../../numeric/_helpers/coverage.js";
import { fmt } from "../_helpers/models.js";

const BINARY = ["add", "sub", "mul", "div"] as const;
const UNARY = ["sqrt", "neg", "rsqrt", "exp", "expm1", "log", "tanh", "sigmoid", "softplus", "silu", "elu", "sin", "cos"] as const;

/** Every value of a format, from its bit patterns (one NaN). */
function allValues(name: string): number[] {
  const f = fmt(name);
  const xs = Array.from({ length: 2 ** f.bits }, (_, c) => f.decode(c));
  const nan = xs.findIndex((x) => x !== x);
  return xs.filter((x, i) => x === x || i === nan);
}

/** The format's result, or "throws" for a RangeError (fixed point's NaN results). */
function attempt(g: () => number): number | string {
  try {
    return g();
  } catch (e) {
    if (e instanceof RangeError) return "throws";
    throw e;
  }
}

const show = (v: number | string): string => (typeof v === "number" && Object.is(v, -0) ? "-0" : String(v));

function checkUnary(f: Format, ops: KernelOps, xs: readonly number[], fns: readonly (typeof UNARY)[number][] = UNARY): string[] {
  const failures: string[] = [];
  for (const fn of fns) {
    for (const a of xs) {
      const want = attempt(() => f[fn](a));
      const got = attempt(() => ops[fn](a));
      if (!Object.is(got, want)) failures.push(`${f.name} ${fn}(${show(a)}) = ${show(got)}, format says ${show(want)}`);
      if (failures.length >= 10) return failures;
    }
  }
  return failures;
}

function checkPair(f: Format, ops: KernelOps, a: number, b: number, failures: string[]): void {
  for (const op of BINARY) {
    const want = attempt(() => f[op](a, b));
    const got = attempt(() => ops[op](a, b));
    if (!Object.is(got, want) && failures.length < 10) failures.push(`${f.name} ${op}(${show(a)}, ${show(b)}) = ${show(got)}, format says ${show(want)}`);
  }
}

describe("kernelOps: saturating fixed formats", () => {
  it("every operand pair and every value of 8-bit (and smaller) saturating fixed formats", () => {
    for (const name of ["fixed:2.6", "fixed:4.4", "fixed:1.7", "fixed:8.0", "fixed:1.3", "fixed:3.2"]) {
      const f = fmt(name);
      const ops = kernelOps(f);
      expect(ops).not.toBe(f);
      const xs = allValues(name);
      expect(checkUnary(f, ops, xs)).toEqual([]);
      const failures: string[] = [];
      for (const a of xs) for (const b of xs) checkPair(f, ops, a, b, failures);
      expect(failures).toEqual([]);
      expect(ops.round(1)).toBe(f.round(1));
      expect(ops.round(0.3)).toBe(f.round(0.3));
    }
  });

  it(`${EXHAUSTIVE ? "every value" : "a sample"} of ${EXHAUSTIVE ? "fixed:4.12 and fixed:8.8" : "fixed:4.12"} (16-bit tables)`, () => {
    for (const name of EXHAUSTIVE ? ["fixed:4.12", "fixed:8.8"] : ["fixed:4.12"]) {
      const f = fmt(name);
      expect(checkUnary(f, kernelOps(f), coverage(allValues(name)))).toEqual([]);
    }
  });

  it("random and extreme pairs of wide fixed formats (no tables beyond 16 bits)", () => {
    const rng = new Rng(5);
    for (const name of ["fixed:6.10", "fixed:8.12", "fixed:13.13", "fixed:2.24"]) {
      const f = fmt(name);
      const ops = kernelOps(f);
      expect(ops).not.toBe(f);
      const code = () => rng.int(0, 2 ** f.bits - 1);
      const extremes = [f.maxFinite, -f.maxFinite, f.decode(2 ** (f.bits - 1)), f.minPositive, -f.minPositive, 0, 0.5, -0.5];
      const xs = [...extremes, ...Array.from({ length: 300 }, () => f.decode(code()))];
      // small magnitudes too, where products round
      for (let k = 0; k < 100; k++) xs.push(f.decode(rng.int(0, 4 * 2 ** (f.bits - (f.spec as { intBits: number }).intBits))));
      expect(checkUnary(f, ops, xs.slice(0, 150))).toEqual([]);
      const failures: string[] = [];
      for (const a of xs) for (const b of xs.slice(0, 120)) checkPair(f, ops, a, b, failures);
      expect(failures).toEqual([]);
    }
  });

  it("off-grid operands miss the tables and fall back to the format", () => {
    const f = fmt("fixed:2.6");
    const ops = kernelOps(f);
    for (const fn of UNARY.filter((u) => u !== "neg")) expect(Object.is(attempt(() => ops[fn](0.001)), attempt(() => f[fn](0.001))), fn).toBe(true);
  });
});

describe("kernelOps: the float presets", () => {
  it("every operand pair and every value of fp8e4m3fn and fp8e5m2 (and small custom floats)", () => {
    for (const name of ["fp8e4m3fn", "fp8e5m2", "float:3.2", "float:4.3:ovf=saturate", "float:4.3:nan=fn:ovf=saturate", "float:3.2:bias=1"]) {
      const f = fmt(name);
      const ops = kernelOps(f);
      expect(ops, name).not.toBe(f);
      const xs = allValues(name);
      if (!xs.some((x) => Object.is(x, -0))) xs.push(-0);
      expect(checkUnary(f, ops, xs)).toEqual([]);
      const failures: string[] = [];
      for (const a of xs) for (const b of xs) checkPair(f, ops, a, b, failures);
      expect(failures).toEqual([]);
    }
  });

  it.each(["fp16", "bf16"])("%s: every value, for √, neg and each unary function", (name) => {
    const f = fmt(name);
    expect(checkUnary(f, kernelOps(f), allValues(name))).toEqual([]);
  });

  it("fp32: unary functions on structured and seeded values", () => {
    const f = fmt("fp32");
    const ops = kernelOps(f);
    expect(ops).not.toBe(f);
    const rng = new Rng(320);
    const xs = [...structured(f), ...Array.from({ length: 3000 }, () => f.decode(rng.int(0, 2 ** 32 - 1)))];
    // moderate arguments, where the activations are not saturated
    for (let k = 0; k < 3000; k++) xs.push(Math.fround(rng.uniform(-30, 30)));
    expect(checkUnary(f, ops, xs)).toEqual([]);
  });

  it("fp32: exp through its underflow, where results are subnormal or round to +0", () => {
    const f = fmt("fp32");
    const ops = kernelOps(f);
    const rng = new Rng(321);
    // e^a crosses the smallest subnormal 2^−149 near a = −103.28 and overflows double's range below −745.
    const xs = Array.from({ length: 4000 }, () => Math.fround(rng.uniform(-110, -85)));
    for (let k = 0; k < 1000; k++) xs.push(Math.fround(rng.uniform(-800, -110)));
    for (let a = Math.fround(-103.972); a < -103.9; a = Math.fround(a + 2 ** -17)) xs.push(a); // around 2^−150
    const zeros = xs.filter((a) => Object.is(f.exp(a), 0)).length;
    expect(zeros).toBeGreaterThan(1000);
    expect(checkUnary(f, ops, xs, ["exp"])).toEqual([]);
  });

  it.each(["fp16", "bf16", "fp32"])("%s: + − × ÷ on structured pairs and seeded pairs", (name) => {
    const f = fmt(name);
    const ops = kernelOps(f);
    const s = structured(f);
    const rng = new Rng(name.length * 7919);
    const failures: string[] = [];
    // every structured value against every structured value (specials included)
    const sx = EXHAUSTIVE ? s : s.filter((_, i) => i % 3 === 0);
    for (const a of sx) for (const b of sx) checkPair(f, ops, a, b, failures);
    let pairs = sx.length * sx.length;
    const target = EXHAUSTIVE ? 10_000_000 : 100_000;
    const code = () => rng.int(0, 2 ** f.bits - 1);
    while (pairs < target) {
      const a = f.decode(code());
      checkPair(f, ops, a, f.decode(code()), failures);
      // near pairs: same binade, where sums cancel and quotients sit near 1
      checkPair(f, ops, a, f.decode(Math.max(0, Math.min(2 ** f.bits - 1, f.encode(a) as number) + rng.int(-3, 3))), failures);
      // a structured partner: subnormals, powers of two ± 1 ulp, the largest finite value, ties
      checkPair(f, ops, s[rng.int(0, s.length - 1)], a, failures);
      pairs += 3;
      if (failures.length >= 10) break;
    }
    expect(failures).toEqual([]);
    expect(pairs).toBeGreaterThanOrEqual(target);
  }, 3_600_000);
});

describe("kernelOps: which formats are specialised", () => {
  it("one specialisation per format, shared", () => {
    expect(kernelOps(fmt("fp16"))).toBe(kernelOps(fmt("fp16")));
  });
  it("formats outside the proofs use their own methods", () => {
    for (const name of ["fixed:2.6:ovf=error", "fixed:14.14", "float:3.2:sub=off", "fp16:ovf=error", "float:8.30", "float:11.52", "float:3.2:bias=-600", "fp64"]) {
      const f = fmt(name);
      expect(kernelOps(f), name).toBe(f);
    }
  });
});

/**
 * Subnormals (the smallest, the largest, a few between), every power of two ± 1 ulp, 1.5·2^e
 * (so that sums of neighbours tie), the largest finite value, ±0, ±∞ and NaN, both signs.
 */
function structured(f: Format): number[] {
  const set: number[] = [0, -0, Infinity, -Infinity, NaN];
  const maxCode = 2 ** (f.bits - 1) - 1; // positive codes: 0 … +∞/NaN
  const value = (c: number): number => f.decode(c);
  const push = (x: number): void => {
    if (x === x && Number.isFinite(x)) set.push(x, -x);
  };
  const mant = f.spec.kind === "float" ? f.spec.mantBits : 0;
  for (const c of [1, 2, 3, 2 ** mant - 1, 2 ** (mant - 1), 2 ** (mant - 1) + 1]) push(value(c));
  for (let c = 2 ** mant; c < maxCode; c += 2 ** mant) {
    // c is a power of two; its neighbours are ±1 ulp (across the binade edge below)
    for (const d of [-1, 0, 1, 2 ** (mant - 1)]) if (c + d > 0 && c + d <= maxCode) push(value(c + d));
  }
  push(f.maxFinite);
  push(value(f.encode(f.maxFinite) as number - 1));
  return set.filter((x, i) => set.findIndex((y) => Object.is(x, y)) === i);
}

describe("kernelOps: float operands that are not format values", () => {
  it("miss the tables and fall back to the format", () => {
    for (const name of ["fp16", "bf16", "fp8e4m3fn"]) {
      const f = fmt(name);
      const ops = kernelOps(f);
      for (const x of [0.1, 1 + 2 ** -20, 2 ** -30, 1e-300, NaN]) {
        for (const fn of UNARY.filter((u) => u !== "neg" && u !== "sqrt")) {
          expect(Object.is(ops[fn](x), f[fn](x)), `${name} ${fn}(${x})`).toBe(true);
        }
      }
    }
  });
});

describe("kernelOps: the specialised dotRow equals Format.dot's sequential loop", () => {
  it.each(["fp32", "bf16", "fp16", "fp8e4m3fn", "fp8e5m2", "float:3.2", "fixed:2.6", "fixed:4.12", "fixed:2.24"])("%s", (name) => {
    const f = fmt(name);
    const ops = kernelOps(f);
    expect(ops.dotRow, name).toBeDefined();
    const rng = new Rng(name.length * 31 + 7);
    const s = f.spec.kind === "float" ? structured(f) : [f.maxFinite, -f.maxFinite, f.minPositive, -f.minPositive, 0];
    const pick = (): number => {
      const u = rng.int(0, 9);
      if (u === 0) return s[rng.int(0, s.length - 1)]; // specials, subnormals, extremes
      if (u === 1) return 0;
      if (u <= 4) return f.decode(rng.int(0, 2 ** Math.min(f.bits, 31) - 1)); // anything
      return f.round(rng.normal() * (u === 5 ? 1e-3 : 0.4)); // typical, and tiny (subnormal) magnitudes
    };
    const failures: string[] = [];
    for (let row = 0; row < 3000 && failures.length < 5; row++) {
      const n = rng.int(0, 33);
      const w = Float64Array.from({ length: n + 3 }, pick);
      const v = Float64Array.from({ length: n + 2 }, pick);
      const want = attempt(() => f.dot(w.subarray(3, 3 + n), v.subarray(2, 2 + n)));
      const got = attempt(() => ops.dotRow!(w, 3, v, 2, n));
      if (!Object.is(got, want)) failures.push(`${name} row ${row}: dotRow = ${show(got)}, Format.dot = ${show(want)} (w ${Array.from(w.subarray(3, 3 + n))}, v ${Array.from(v.subarray(2, 2 + n))})`);
    }
    expect(failures).toEqual([]);
  });
});

describe("kernelOps: the 8-bit formats' dotRow on every pair of values", () => {
  // n = 1 walks every product round(w·v); n = 2 with w = [a, 1], v = [1, b] walks every running
  // sum round(a + b) from acc = a: every step dotRow takes, against Format.dot.
  it.each(["fp8e4m3fn", "fp8e5m2"])("%s", (name) => {
    const f = fmt(name);
    const ops = kernelOps(f);
    const one = f.round(1);
    const failures: string[] = [];
    const w = new Float64Array(2);
    const v = new Float64Array(2);
    for (let a = 0; a < 256 && failures.length < 5; a++) {
      for (let b = 0; b < 256 && failures.length < 5; b++) {
        const x = f.decode(a);
        const y = f.decode(b);
        w[0] = x;
        v[0] = y;
        const p = attempt(() => ops.dotRow!(w, 0, v, 0, 1));
        const pw = attempt(() => f.dot(w.subarray(0, 1), v.subarray(0, 1)));
        if (!Object.is(p, pw)) failures.push(`${name} ${x}·${y}: ${show(p)} vs ${show(pw)}`);
        w[1] = one;
        v[0] = one;
        w[0] = x;
        v[1] = y;
        const sGot = attempt(() => ops.dotRow!(w, 0, v, 0, 2));
        const sWant = attempt(() => f.dot(w, v));
        if (!Object.is(sGot, sWant)) failures.push(`${name} ${x} + ${y}: ${show(sGot)} vs ${show(sWant)}`);
      }
    }
    expect(failures).toEqual([]);
  });
});

describe("kernelOps: Veltkamp's split breaks every tie to even (docs/formats.md, Kernels)", () => {
  it.each(["bf16", "fp16", "fp8e4m3fn", "fp8e5m2"])("%s: m·ulp + ulp/2 for every significand m, both signs, in three binades", (name) => {
    const f = fmt(name);
    const ops = kernelOps(f);
    const p = (f.spec as { mantBits: number }).mantBits + 1;
    const failures: string[] = [];
    for (const e of [0, 3, -3]) {
      for (let m = 2 ** (p - 1); m < 2 ** p; m++) {
        const a = m * 2 ** (e - p + 1); // significand m in binade e
        const half = 2 ** (e - p); // half an ulp there: a + half is a tie
        for (const [x, y] of [[a, half], [-a, -half], [a, -half]]) {
          if (!Object.is(ops.add(x, y), f.add(x, y))) failures.push(`${name} ${x} + ${y}: ${ops.add(x, y)} vs ${f.add(x, y)}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });
});
