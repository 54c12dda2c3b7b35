import { describe, expect, it } from "vitest";
import { countingReduction } from "../../../src/comm/reductions/counting.js";
import { COUNTING_FILLER } from "../../../src/tasks/counting.js";
import { checkBlockShape, checkExhaustive } from "./checkReduction.js";

describe("counting reduction", () => {
  it("the Counting solver answers x_i (s_i occurs more than 0 times) for all x, i, n ≤ 10", () => {
    let checked = 0;
    for (let n = 1; n <= 10; n++) checked += checkExhaustive(countingReduction, n, (x, i) => x[i] as 0 | 1);
    expect(checked).toBe([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].reduce((s, n) => s + n * 2 ** n, 0));
  });
  it("blocks are 1 token: s_j or the filler", () => {
    for (let n = 1; n <= 10; n++) checkBlockShape(countingReduction, n);
    expect(countingReduction.block(5, 3, 0)).toEqual([COUNTING_FILLER]);
  });
});
