/**
 * The documented domain of rsqrt, expm1, elu, sin and cos (docs/formats.md) at special values,
 * in an IEEE float, the fn float, a saturating and an erroring fixed format, and fp64.
 */
import { describe, expect, it } from "vitest";
import { parseFormat } from "../../src/numeric/index.js";

const same = (got: number, want: number, label: string): void => {
  expect(Object.is(got, want), `${label}: got ${Object.is(got, -0) ? "-0" : got}, want ${Object.is(want, -0) ? "-0" : want}`).toBe(true);
};

describe("domains at special values", () => {
  it("IEEE floats (fp16, and fp64 the host double)", () => {
    for (const name of ["fp16", "fp64"]) {
      const f = parseFormat(name);
      same(f.rsqrt(0), Infinity, `${name} rsqrt(+0)`);
      same(f.rsqrt(-0), -Infinity, `${name} rsqrt(-0)`);
      same(f.rsqrt(Infinity), 0, `${name} rsqrt(+inf)`);
      same(f.rsqrt(-1), NaN, `${name} rsqrt(-1)`);
      same(f.rsqrt(-Infinity), NaN, `${name} rsqrt(-inf)`);
      same(f.rsqrt(NaN), NaN, `${name} rsqrt(NaN)`);
      same(f.rsqrt(4), 0.5, `${name} rsqrt(4)`);
      same(f.expm1(0), 0, `${name} expm1(+0)`);
      same(f.expm1(-0), -0, `${name} expm1(-0)`);
      same(f.expm1(Infinity), Infinity, `${name} expm1(+inf)`);
      same(f.expm1(-Infinity), -1, `${name} expm1(-inf)`);
      same(f.expm1(NaN), NaN, `${name} expm1(NaN)`);
      same(f.elu(-0), -0, `${name} elu(-0)`);
      same(f.elu(3), 3, `${name} elu(3)`);
      same(f.elu(-Infinity), -1, `${name} elu(-inf)`);
      same(f.elu(Infinity), Infinity, `${name} elu(+inf)`);
      same(f.elu(NaN), NaN, `${name} elu(NaN)`);
      for (const fn of ["sin", "cos"] as const) {
        same(f[fn](Infinity), NaN, `${name} ${fn}(+inf)`);
        same(f[fn](-Infinity), NaN, `${name} ${fn}(-inf)`);
        same(f[fn](NaN), NaN, `${name} ${fn}(NaN)`);
      }
      same(f.sin(-0), -0, `${name} sin(-0)`);
      same(f.cos(-0), 1, `${name} cos(-0)`);
      same(f.softplus(25), 25, `${name} softplus(25): PyTorch's threshold`);
    }
    // overflow of a finite result follows the policy (fp16: inf)
    same(parseFormat("fp16").expm1(12), Infinity, "fp16 expm1(12) = 162754 > 65504");
    same(parseFormat("fp16").rsqrt(2 ** -24), 4096, "fp16 rsqrt(min subnormal)");
  });

  it("fp8e4m3fn has no infinity: ±∞ results take its policy (NaN)", () => {
    const f = parseFormat("fp8e4m3fn");
    same(f.rsqrt(0), NaN, "rsqrt(+0)");
    same(f.rsqrt(-0), NaN, "rsqrt(-0)");
    same(f.rsqrt(-2), NaN, "rsqrt(-2)");
    same(f.expm1(7), NaN, "expm1(7) = 1095.6 > 448");
    same(f.rsqrt(2 ** -9), 22, "rsqrt(2^-9) = 22.63 rounds to 22 (the quantum is 2 in [16, 32))");
  });

  it("fixed point: ±∞ results saturate (or throw with ovf=error); a NaN result throws, like √ and log", () => {
    const f = parseFormat("fixed:3.4");
    same(f.rsqrt(0), f.maxFinite, "rsqrt(0) saturates");
    expect(() => f.rsqrt(-1)).toThrow(RangeError);
    same(f.expm1(-8), -1, "expm1(-8) = −0.99966 rounds to −1");
    same(f.elu(-8), -1, "elu(-8)");
    same(f.elu(2.5), 2.5, "elu(2.5)");
    same(f.expm1(3), f.maxFinite, "expm1(3) = 19.1 saturates");
    same(f.sin(0), 0, "sin(0)");
    same(f.cos(0), 1, "cos(0)");
    same(f.sin(-0.0625), -0.0625, "sin(−1/16) = −0.06246 rounds to −1/16");
    same(f.cos(1.5625), 0, "cos(1.5625) = 0.0083 rounds to +0 (fixed has no −0)");
    const e = parseFormat("fixed:3.4:ovf=error");
    expect(() => e.rsqrt(0)).toThrow(RangeError);
  });
});
