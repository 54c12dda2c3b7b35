/**
 * fast-check properties for the 16-bit presets.
 * fp16 against @petamoriken/float16 (`f16round`, and Float16Array for bit patterns); bf16
 * against an RNE-truncation oracle written here from Float32Array/Uint32Array bits; both
 * against the exact rational table oracle in test/numeric/_oracle.
 */
import { f16round, Float16Array } from "@petamoriken/float16";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/numeric/index.js";
import { deriveSeed } from "../../src/util/rng.js";
import { attempt, expectedBinary, expectedSqrt, show, type BinaryOp } from "./_oracle/expectedOp.js";
import { floatSpec, TableFormat } from "./_oracle/tableFormat.js";

const SEED = 16;
const RUNS = 20_000;
const params = (label: string, numRuns = RUNS) => ({ seed: deriveSeed(SEED, label), numRuns });
const OPS: BinaryOp[] = ["add", "sub", "mul", "div"];
const doubleOp = (op: BinaryOp, a: number, b: number): number =>
  op === "add" ? a + b : op === "sub" ? a - b : op === "mul" ? a * b : a / b;

/** Object.is, printing −0 visibly on failure. */
function same(got: number | string, want: number | string, label: string): void {
  if (!Object.is(got, want)) throw new Error(`${label}: got ${show(got as number)}, want ${show(want as number)}`);
}

// ---------------------------------------------------------------------------------------------
// The bf16 oracle: binary32 with round-to-odd (keeps a sticky bit, so no double rounding: 24 ≥
// 8 + 2), then round-half-even truncation of the low 16 bits of the binary32 pattern.
const o32 = new Float32Array(1);
const oBits = new Uint32Array(o32.buffer);

function bf16Oracle(x: number): number {
  if (x !== x) return NaN;
  o32[0] = x; // binary32 RNE (±∞ when beyond binary32: far beyond bf16's overflow threshold too)
  let bits = oBits[0];
  const t = o32[0];
  if (t !== x && Number.isFinite(t) && (bits & 1) === 0) {
    // inexact with an even last bit: step one binary32 ulp toward x (round to odd)
    bits += Math.abs(t) < Math.abs(x) ? 1 : -1;
  }
  if ((bits & 0x7f800000) !== 0x7f800000) {
    bits = bits + 0x7fff + ((bits >>> 16) & 1); // RNE on the low 16 bits; a carry may reach ∞
  }
  oBits[0] = (bits >>> 16) << 16;
  return o32[0];
}

/** bf16 value of a 16-bit code: the high half of a binary32 pattern. */
function bf16Decode(code: number): number {
  oBits[0] = code << 16;
  return o32[0];
}

// fp16 value of a 16-bit code, and back, through Float16Array
const h16 = new Float16Array(1);
const h16bits = new Uint16Array(h16.buffer);
function fp16Decode(code: number): number {
  h16bits[0] = code;
  return h16[0];
}
function fp16Bits(v: number): number {
  h16[0] = v;
  return h16bits[0];
}

/** A double within a few quarter-ulps (plus a hair) of a format value: exact ties and near-ties. */
function nearValue(decode: (c: number) => number, M: number) {
  return fc
    .tuple(fc.integer({ min: 0, max: 0xffff }), fc.integer({ min: -6, max: 6 }), fc.constantFrom(0, 0, 1, -1))
    .map(([code, quarters, hair]) => {
      const v = decode(code);
      if (!Number.isFinite(v)) return v;
      const e = v === 0 ? -1074 : Math.floor(Math.log2(Math.abs(v)));
      const q = 2 ** Math.max(e - M - 2, -1074);
      return v + quarters * q + hair * 2 ** Math.max(e - 50, -1074);
    });
}

const CASES = [
  { name: "fp16", f: PRESETS.fp16, spec: floatSpec(5, 10), M: 10, decode: fp16Decode, ref: f16round, refName: "f16round" },
  { name: "bf16", f: PRESETS.bf16, spec: floatSpec(8, 7), M: 7, decode: bf16Decode, ref: bf16Oracle, refName: "bf16Oracle" },
] as const;

describe("the bf16 oracle itself", () => {
  it("agrees with hand-checked points", () => {
    expect(bf16Oracle(1 + 2 ** -8)).toBe(1); // tie → even
    expect(bf16Oracle(1 + 3 * 2 ** -8)).toBe(1 + 2 ** -6); // tie → even (up)
    expect(bf16Oracle(1 + 2 ** -8 + 2 ** -40)).toBe(1 + 2 ** -7); // beyond binary32: round-to-odd keeps it
    expect(bf16Oracle((2 - 2 ** -8) * 2 ** 127)).toBe(Infinity); // overflow threshold tie
    expect(bf16Oracle(2 ** -134)).toBe(0);
    expect(bf16Oracle(2 ** -134 + 2 ** -160)).toBe(2 ** -133);
    expect(Object.is(bf16Oracle(-(2 ** -200)), -0)).toBe(true);
  });
});

describe.each(CASES)("$name", ({ name, f, spec, M, decode, ref, refName }) => {
  const table = new TableFormat(spec);
  const code = fc.integer({ min: 0, max: 0xffff });
  const anyDouble = fc.oneof(fc.double(), nearValue(decode, M));

  it(`round(x) equals ${refName}(x) and the rational table's rounding`, () => {
    fc.assert(
      fc.property(anyDouble, (x) => {
        const got = f.round(x);
        same(got, ref(x), `${name}.round(${show(x)}) vs ${refName}`);
        if (Number.isFinite(x)) same(got, table.roundDouble(x) as number, `${name}.round(${show(x)}) vs table`);
      }),
      params(`${name}-round`, 3 * RUNS),
    );
  });

  it.each(OPS)(`%s of representable operands equals ${refName}(double op) and the exact rational`, (op) => {
    fc.assert(
      fc.property(code, code, (ca, cb) => {
        const a = decode(ca);
        const b = decode(cb);
        const got = attempt(() => f[op](a, b));
        same(got, ref(doubleOp(op, a, b)), `${name}.${op}(${show(a)}, ${show(b)}) vs ${refName}`);
        same(got, expectedBinary(table, op, a, b), `${name}.${op}(${show(a)}, ${show(b)}) vs rational`);
      }),
      params(`${name}-${op}`),
    );
  });

  it(`sqrt of representable operands equals ${refName}(Math.sqrt) and the exact squared midpoints`, () => {
    fc.assert(
      fc.property(code, (c) => {
        const a = decode(c);
        const got = f.sqrt(a);
        same(got, ref(Math.sqrt(a)), `${name}.sqrt(${show(a)}) vs ${refName}`);
        same(got, expectedSqrt(table, a), `${name}.sqrt(${show(a)}) vs rational`);
      }),
      params(`${name}-sqrt`),
    );
  });

  it("decode agrees with the reference bit layout; encode inverts it (NaN → canonical)", () => {
    fc.assert(
      fc.property(code, (c) => {
        const v = decode(c);
        same(f.decode(c), v, `${name}.decode(0x${c.toString(16)})`);
        const want = v !== v ? (name === "fp16" ? 0x7e00 : 0x7fc0) : c;
        same(f.encode(v) as number, want, `${name}.encode(${show(v)})`);
        if (name === "fp16" && v === v) same(f.encode(v) as number, fp16Bits(v), `Float16Array bits of ${show(v)}`);
      }),
      params(`${name}-codes`),
    );
  });
});
