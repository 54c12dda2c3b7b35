import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import { BIT0, BIT1, BIT_PAIR_SEPARATOR, equalityTask, solveEquality } from "../../src/tasks/index.js";

describe("equality", () => {
  it("solver over all pairs of 3-bit strings", () => {
    for (let x = 0; x < 8; x++) {
      for (let y = 0; y < 8; y++) {
        const bits = (v: number) => [0, 1, 2].map((j) => (v >> j) & 1);
        expect(solveEquality(3, [...bits(x), BIT_PAIR_SEPARATOR, ...bits(y)])).toBe(x === y ? BIT1 : BIT0);
      }
    }
    expect(() => solveEquality(3, [0, 1, 0, 0, 1, 0, 1])).toThrow(UserError); // no separator
  });
  it("generated labels are balanced and correct", () => {
    const rng = new Rng(9);
    let equal = 0;
    for (let s = 0; s < 4000; s++) {
      const n = 1 + (s % 16);
      const inst = equalityTask.generate(n, rng, "direct");
      expect(inst.tokens.length).toBe(2 * n + 2);
      const x = inst.tokens.slice(0, n).join("");
      const y = inst.tokens.slice(n + 1, 2 * n + 1).join("");
      expect(inst.answer).toBe(x === y ? BIT1 : BIT0);
      if (x === y) equal++;
    }
    expect(Math.abs(equal / 4000 - 0.5)).toBeLessThan(0.03);
  });
});
