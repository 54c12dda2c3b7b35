/**
 * fp32 + − × ÷ √ against Math.fround of the double result (exact for binary32: 53 ≥ 2·24 + 2,
 * docs/formats.md) on 100,000 seeded operand pairs that cover every exponent, subnormals, signed
 * zeros, infinities, NaN, near-cancellation and exact ties; plus round(x) on random doubles.
 */
import { describe, expect, it } from "vitest";
import { PRESETS } from "../../src/numeric/index.js";
import { deriveSeed, Rng } from "../../src/util/rng.js";

const fp32 = PRESETS.fp32;
const N = 100_000;
const SEED = 20240613;

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);
const f64 = new Float64Array(1);
const u32of64 = new Uint32Array(f64.buffer);

function fromBits32(bits: number): number {
  u32[0] = bits >>> 0;
  return f32[0];
}

const SPECIALS = [0, -0, Infinity, -Infinity, NaN, fromBits32(0x7f7fffff), fromBits32(0xff7fffff), 2 ** -149, -(2 ** -149), 2 ** -126, -(2 ** -126), 1, -1];

/** A random binary32 value drawn from a mix of categories (raw bits cover every exponent). */
function randomFp32(rng: Rng, near: number): number {
  const pick = rng.int(0, 99);
  const sign = rng.bit() << 31;
  if (pick < 45) return fromBits32(rng.int(0, 0xffff) * 65536 + rng.int(0, 0xffff)); // any pattern, NaN/∞ included
  if (pick < 60) return fromBits32(sign | rng.int(0, 0x7fffff)); // subnormal (or zero)
  if (pick < 68) return SPECIALS[rng.int(0, SPECIALS.length - 1)];
  if (pick < 85) return fromBits32(sign | (rng.int(100, 154) << 23) | rng.int(0, 0x7fffff)); // |x| in [2^−27, 2^28)
  if (pick < 93 && Number.isFinite(near)) {
    // close to the other operand: cancellation in − and ties in + (same or adjacent binade)
    u32[0] = 0;
    f32[0] = near;
    return fromBits32(u32[0] + rng.int(-3, 3));
  }
  // short significands (few low bits set): sums and products land on exact ties often
  return fromBits32(sign | (rng.int(60, 194) << 23) | (rng.int(0, 15) << 19));
}

/** A random double from its 64 raw bits (every exponent, NaN, ∞, subnormals). */
function randomDouble(rng: Rng): number {
  u32of64[0] = rng.int(0, 0xffff) * 65536 + rng.int(0, 0xffff);
  u32of64[1] = rng.int(0, 0xffff) * 65536 + rng.int(0, 0xffff);
  return f64[0];
}

const show = (v: number): string => (Object.is(v, -0) ? "-0" : String(v));

describe("fp32 equals Math.fround of the double operation", () => {
  it(`+ − × ÷ √ on ${N} seeded operand pairs`, () => {
    const rng = new Rng(deriveSeed(SEED, "fp32-ops"));
    const failures: string[] = [];
    const seen = { sub: 0, nan: 0, inf: 0, negZero: 0 };
    const fail = (what: string, got: number, want: number): void => {
      if (failures.length < 10) failures.push(`${what}: got ${show(got)}, want ${show(want)}`);
    };
    for (let i = 0; i < N; i++) {
      const a = randomFp32(rng, NaN);
      const b = randomFp32(rng, a);
      const cases: [string, number, number][] = [
        ["add", fp32.add(a, b), Math.fround(a + b)],
        ["sub", fp32.sub(a, b), Math.fround(a - b)],
        ["mul", fp32.mul(a, b), Math.fround(a * b)],
        ["div", fp32.div(a, b), Math.fround(a / b)],
        ["sqrt", fp32.sqrt(a), Math.fround(Math.sqrt(a))],
      ];
      for (const [op, got, want] of cases) {
        if (!Object.is(got, want)) fail(`${op}(${show(a)}, ${show(b)})`, got, want);
        if (want !== 0 && Math.abs(want) < 2 ** -126) seen.sub++;
        if (want !== want) seen.nan++;
        if (Math.abs(want) === Infinity) seen.inf++;
        if (Object.is(want, -0)) seen.negZero++;
      }
    }
    expect(failures).toEqual([]);
    // the draw really covers the special regions (each at least a few hundred results)
    expect(Math.min(seen.sub, seen.nan, seen.inf, seen.negZero)).toBeGreaterThan(300);
  });

  it(`round(x) on ${N} random doubles (all exponents, specials)`, () => {
    const rng = new Rng(deriveSeed(SEED, "fp32-round"));
    const failures: string[] = [];
    for (let i = 0; i < N; i++) {
      // raw doubles, and doubles near binary32 values (ties and near-ties with few extra bits)
      let x = randomDouble(rng);
      if (i % 2 === 1) x = Math.fround(randomFp32(rng, NaN)) * (1 + rng.int(-8, 8) * 2 ** -26);
      const got = fp32.round(x);
      const want = Math.fround(x);
      if (!Object.is(got, want) && failures.push(`round(${show(x)}): got ${show(got)}, want ${show(want)}`) >= 10) break;
    }
    expect(failures).toEqual([]);
  });
});
