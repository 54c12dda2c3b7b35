import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { BIT0, BIT1, BIT_PAIR_SEPARATOR, disjointnessTask, solveDisjointness } from "../../src/tasks/index.js";

describe("disjointness", () => {
  it("solver over all pairs of 4-bit strings: 1 iff x AND y = 0", () => {
    const bits = (v: number) => [0, 1, 2, 3].map((j) => (v >> j) & 1);
    for (let x = 0; x < 16; x++) {
      for (let y = 0; y < 16; y++) {
        expect(solveDisjointness(4, [...bits(x), BIT_PAIR_SEPARATOR, ...bits(y)])).toBe((x & y) === 0 ? BIT1 : BIT0);
      }
    }
  });
  it("generated: balanced, intersecting instances intersect exactly once", () => {
    const rng = new Rng(21);
    let disjoint = 0;
    for (let s = 0; s < 4000; s++) {
      const n = 1 + (s % 16);
      const inst = disjointnessTask.generate(n, rng, "direct");
      let common = 0;
      for (let j = 0; j < n; j++) if (inst.tokens[j] === 1 && inst.tokens[n + 1 + j] === 1) common++;
      expect(common).toBeLessThanOrEqual(1);
      expect(inst.answer).toBe(common === 0 ? BIT1 : BIT0);
      if (common === 0) disjoint++;
    }
    expect(Math.abs(disjoint / 4000 - 0.5)).toBeLessThan(0.03);
  });
});
