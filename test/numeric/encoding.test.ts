/**
 * encode/decode: every bit pattern of every ≤ 16-bit format round-trips (decode, then encode,
 * gives the code back; NaN payloads give the canonical NaN), decoded values match decoders
 * written here or in the oracle; fixed two's complement patterns; fp32 and fp64 patterns.
 */
import { Float16Array } from "@petamoriken/float16";
import { describe, expect, it } from "vitest";
import { parseFormat, PRESETS } from "../../src/numeric/index.js";
import { deriveSeed, Rng } from "../../src/util/rng.js";
import { show } from "./_oracle/expectedOp.js";
import { fixedSpec, floatSpec, TableFormat } from "./_oracle/tableFormat.js";

const h16 = new Float16Array(1);
const h16bits = new Uint16Array(h16.buffer);
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** Independent decoders: the oracle table for 8-bit formats, typed arrays for the 16-bit ones. */
const tableDecoder = (t: TableFormat) => (c: number) => t.decoded[c];
const FORMATS: ReadonlyArray<{ name: string; nan: number | null; nanCount: number; decode: (c: number) => number }> = [
  { name: "fixed:3.4", nan: null, nanCount: 0, decode: tableDecoder(new TableFormat(fixedSpec(3, 4))) },
  { name: "fixed:2.6", nan: null, nanCount: 0, decode: tableDecoder(new TableFormat(fixedSpec(2, 6))) },
  { name: "fixed:1.1", nan: null, nanCount: 0, decode: tableDecoder(new TableFormat(fixedSpec(1, 1))) },
  { name: "fixed:8.8", nan: null, nanCount: 0, decode: (c) => (c >= 0x8000 ? c - 0x10000 : c) / 256 },
  { name: "fixed:1.15", nan: null, nanCount: 0, decode: (c) => (c >= 0x8000 ? c - 0x10000 : c) / 32768 },
  { name: "fixed:16.0", nan: null, nanCount: 0, decode: (c) => (c >= 0x8000 ? c - 0x10000 : c) },
  { name: "float:3.2", nan: 0x1e, nanCount: 6, decode: tableDecoder(new TableFormat(floatSpec(3, 2))) },
  { name: "float:4.3", nan: 0x7c, nanCount: 14, decode: tableDecoder(new TableFormat(floatSpec(4, 3))) },
  { name: "fp8e5m2", nan: 0x7e, nanCount: 6, decode: tableDecoder(new TableFormat(floatSpec(5, 2))) },
  { name: "fp8e4m3fn", nan: 0x7f, nanCount: 2, decode: tableDecoder(new TableFormat(floatSpec(4, 3, { fn: true, ovf: "nan" }))) },
  {
    name: "fp16",
    nan: 0x7e00,
    nanCount: 2046,
    decode: (c) => {
      h16bits[0] = c;
      return h16[0];
    },
  },
  {
    name: "bf16",
    nan: 0x7fc0,
    nanCount: 254,
    decode: (c) => {
      u32[0] = c << 16;
      return f32[0];
    },
  },
];

describe.each(FORMATS)("$name: every bit pattern", ({ name, nan, nanCount, decode }) => {
  const f = parseFormat(name);

  it("decodes as the independent decoder does and encodes back to the same code", () => {
    const failures: string[] = [];
    let nans = 0;
    for (let c = 0; c < 2 ** f.bits; c++) {
      const v = f.decode(c);
      const want = decode(c);
      if (!Object.is(v, want)) failures.push(`decode(0x${c.toString(16)}) = ${show(v)}, want ${show(want)}`);
      if (v !== v) nans++;
      const back = f.encode(v);
      const wantCode = v !== v ? nan : c;
      if (back !== wantCode) failures.push(`encode(decode(0x${c.toString(16)})) = 0x${back.toString(16)}, want 0x${wantCode?.toString(16)}`);
      if (!Object.is(f.decode(back), v)) failures.push(`decode(encode(${show(v)})) ≠ ${show(v)}`);
      if (failures.length >= 10) break;
    }
    expect(failures).toEqual([]);
    expect(nans).toBe(nanCount);
  });

  if (nan !== null) {
    it(`NaN encodes as the canonical 0x${nan.toString(16)}`, () => {
      expect(f.encode(NaN)).toBe(nan);
      expect(f.encode(-NaN)).toBe(nan);
      expect(Number.isNaN(f.decode(nan))).toBe(true);
    });
  }
});

describe("fp32 bit patterns", () => {
  const fp32 = PRESETS.fp32;
  it("canonical NaN 0x7FC00000, and specials", () => {
    expect(fp32.encode(NaN)).toBe(0x7fc00000);
    expect(Number.isNaN(fp32.decode(0x7f800001))).toBe(true);
    expect(fp32.encode(fp32.decode(0xffffffff))).toBe(0x7fc00000);
    expect(fp32.encode(Infinity)).toBe(0x7f800000);
    expect(fp32.encode(-Infinity)).toBe(0xff800000);
    expect(fp32.encode(-0)).toBe(0x80000000);
    expect(fp32.encode(2 ** -149)).toBe(1);
    expect(fp32.encode(3.4028234663852886e38)).toBe(0x7f7fffff);
  });

  it("100,000 random patterns agree with Float32Array and round-trip", () => {
    const rng = new Rng(deriveSeed(32, "fp32-codes"));
    const failures: string[] = [];
    for (let i = 0; i < 100_000 && failures.length < 10; i++) {
      const c = rng.int(0, 0xffff) * 65536 + rng.int(0, 0xffff);
      u32[0] = c;
      const want = f32[0];
      const v = fp32.decode(c);
      if (!Object.is(v, want)) failures.push(`decode(0x${c.toString(16)}) = ${show(v)}, want ${show(want)}`);
      const back = fp32.encode(v);
      if (back !== (v !== v ? 0x7fc00000 : c)) failures.push(`encode(${show(v)}) = 0x${back.toString(16)} for 0x${c.toString(16)}`);
    }
    expect(failures).toEqual([]);
  });
});

describe("fixed two's complement patterns", () => {
  it.each([
    ["fixed:3.4", 1, 0x10],
    ["fixed:3.4", -1, 0x70],
    ["fixed:3.4", -0.0625, 0x7f],
    ["fixed:3.4", -4, 0x40],
    ["fixed:3.4", 3.9375, 0x3f],
    ["fixed:2.6", -2, 0x80],
    ["fixed:2.6", -0.015625, 0xff],
    ["fixed:2.6", 1.984375, 0x7f],
    ["fixed:2.6", -1.5, 0xa0],
    ["fixed:16.16", -(2 ** -16), 0xffffffff],
    ["fixed:16.16", -32768, 0x80000000],
    ["fixed:16.16", 32768 - 2 ** -16, 0x7fffffff],
    ["fixed:16.16", -1.5, 0xfffe8000],
    ["fixed:1.31", -1, 0x80000000],
    ["fixed:1.31", 0.5, 0x40000000],
    ["fixed:1.31", -0.5, 0xc0000000],
    ["fixed:4.28", -8, 0x80000000],
    ["fixed:4.28", 1, 0x10000000],
  ] as const)("%s encodes %d as 0x%s", (name, v, code) => {
    const f = parseFormat(name);
    expect(f.encode(v)).toBe(code);
    expect(Object.is(f.decode(code), v)).toBe(true);
  });

  it("fixed:16.16 and fixed:1.31: ±k·2^−F encode as Int32Array reinterpreted as Uint32Array", () => {
    const i32 = new Int32Array(1);
    const asU32 = new Uint32Array(i32.buffer);
    const rng = new Rng(deriveSeed(32, "fixed-codes"));
    for (const [name, F] of [["fixed:16.16", 16], ["fixed:1.31", 31], ["fixed:4.28", 28]] as const) {
      const f = parseFormat(name);
      for (let i = 0; i < 5000; i++) {
        const k = rng.int(-(2 ** 31), 2 ** 31 - 1);
        i32[0] = k;
        const v = k / 2 ** F;
        expect(f.encode(v)).toBe(asU32[0]);
        expect(f.decode(asU32[0])).toBe(v);
      }
    }
  });
});

describe("fp64 bigint patterns agree with DataView", () => {
  const fp64 = PRESETS.fp64;
  const viewBits = (x: number): bigint => {
    const view = new DataView(new ArrayBuffer(8));
    view.setFloat64(0, x);
    return view.getBigUint64(0);
  };
  it.each([0, -0, 1, -1, 0.1, -2.5, Math.PI, Number.MIN_VALUE, -Number.MIN_VALUE, 2 ** -1022, Number.MAX_VALUE, Infinity, -Infinity])(
    "%d",
    (x) => {
      const code = fp64.encode(x);
      expect(typeof code).toBe("bigint");
      expect(code).toBe(viewBits(x));
      expect(Object.is(fp64.decode(code), x)).toBe(true);
    },
  );
  it("hand-checked patterns and the canonical NaN 0x7FF8000000000000", () => {
    expect(fp64.encode(1)).toBe(0x3ff0000000000000n);
    expect(fp64.encode(-0)).toBe(0x8000000000000000n);
    expect(fp64.encode(Number.MIN_VALUE)).toBe(1n);
    expect(fp64.encode(NaN)).toBe(0x7ff8000000000000n);
    expect(Number.isNaN(fp64.decode(0x7ff0000000000001n))).toBe(true);
    expect(fp64.encode(fp64.decode(0xfff0000000000001n))).toBe(0x7ff8000000000000n);
  });
});
