import { describe, expect, it } from "vitest";
import { kernelOps } from "../../../src/models/_internals/kernelOps.js";
import { Rng } from "../../../src/util/rng.js";
import { fmt } from "../_helpers/models.js";

/** Every value of a fixed format, from its bit patterns. */
function allValues(name: string): number[] {
  const f = fmt(name);
  return Array.from({ length: 2 ** f.bits }, (_, c) => f.decode(c));
}

describe("kernelOps: the specialised fixed-point operations equal the format's own", () => {
  it("every operand pair of 8-bit (and smaller) saturating fixed formats", () => {
    for (const name of ["fixed:2.6", "fixed:4.4", "fixed:1.7", "fixed:8.0", "fixed:1.3", "fixed:3.2"]) {
      const f = fmt(name);
      const ops = kernelOps(f);
      expect(ops).not.toBe(f);
      const xs = allValues(name);
      for (const a of xs) {
        expect(Object.is(ops.tanh(a), f.tanh(a)), `${name} tanh ${a}`).toBe(true);
        expect(Object.is(ops.sigmoid(a), f.sigmoid(a)), `${name} sigmoid ${a}`).toBe(true);
        for (const b of xs) {
          if (!Object.is(ops.add(a, b), f.add(a, b))) expect.fail(`${name} add ${a} ${b}`);
          if (!Object.is(ops.sub(a, b), f.sub(a, b))) expect.fail(`${name} sub ${a} ${b}`);
          if (!Object.is(ops.mul(a, b), f.mul(a, b))) expect.fail(`${name} mul ${a} ${b}`);
        }
      }
      expect(ops.round(1)).toBe(f.round(1));
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
      for (const a of xs) {
        expect(Object.is(ops.tanh(a), f.tanh(a))).toBe(true);
        expect(Object.is(ops.sigmoid(a), f.sigmoid(a))).toBe(true);
        for (const b of xs.slice(0, 120)) {
          if (!Object.is(ops.add(a, b), f.add(a, b))) expect.fail(`${name} add ${a} ${b}`);
          if (!Object.is(ops.sub(a, b), f.sub(a, b))) expect.fail(`${name} sub ${a} ${b}`);
          if (!Object.is(ops.mul(a, b), f.mul(a, b))) expect.fail(`${name} mul ${a} ${b}`);
        }
      }
    }
  });

  it("other formats use the format's own methods", () => {
    for (const name of ["fixed:2.6:ovf=error", "fixed:14.14", "fp16", "bf16", "fp8e4m3fn", "fp64"]) {
      const f = fmt(name);
      expect(kernelOps(f), name).toBe(f);
    }
  });
});
