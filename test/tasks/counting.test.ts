import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import { COUNTING_FILLER, COUNTING_NO, COUNTING_YES, countingTask, countingVocabulary, solveCounting } from "../../src/tasks/index.js";

describe("counting", () => {
  it("vocabulary: answers, filler, n symbols, n + 1 thresholds (2n + 4)", () => {
    expect(countingVocabulary(2)).toEqual(["0", "1", "_", "s0", "s1", "#0", "#1", "#2"]);
  });
  it("solver: 1 iff q occurs more than t times; fillers never count", () => {
    const n = 4;
    const s = (j: number) => 3 + j;
    const t = (k: number) => n + 3 + k;
    expect(solveCounting(n, [s(1), s(1), COUNTING_FILLER, s(0), s(1), t(1)])).toBe(COUNTING_YES);
    expect(solveCounting(n, [s(1), s(1), COUNTING_FILLER, s(0), s(1), t(2)])).toBe(COUNTING_NO);
    expect(solveCounting(n, [COUNTING_FILLER, COUNTING_FILLER, COUNTING_FILLER, COUNTING_FILLER, s(3), t(0)])).toBe(COUNTING_NO);
    expect(() => solveCounting(n, [s(1), s(1), COUNTING_FILLER, s(0), COUNTING_FILLER, t(0)])).toThrow(UserError);
    expect(() => solveCounting(n, [s(1), 0, COUNTING_FILLER, s(0), s(1), t(0)])).toThrow(UserError);
  });
  it("generated labels are balanced and agree with a direct count", () => {
    const rng = new Rng(5);
    let yes = 0;
    const total = 4000;
    for (let k = 0; k < total; k++) {
      const n = 2 + (k % 40);
      const inst = countingTask.generate(n, rng, "direct");
      expect(inst.tokens.length).toBe(n + 3);
      const q = inst.tokens[n];
      const threshold = inst.tokens[n + 1] - (n + 3);
      const count = inst.tokens.slice(0, n).filter((x) => x === q).length;
      expect(inst.answer).toBe(count > threshold ? COUNTING_YES : COUNTING_NO);
      if (inst.answer === COUNTING_YES) yes++;
    }
    expect(Math.abs(yes / total - 0.5)).toBeLessThan(0.03);
  });
});
