import { describe, expect, it } from "vitest";
import { arReduction } from "../../../src/comm/reductions/ar.js";
import { checkBlockShape, checkExhaustive } from "./checkReduction.js";
import { UserError } from "../../../src/util/errors.js";

describe("ar reduction", () => {
  it("the AR solver answers x_i for every x and i, n = 2..10", () => {
    let checked = 0;
    for (let n = 2; n <= 10; n++) checked += checkExhaustive(arReduction, n, (x, i) => x[i] as 0 | 1);
    expect(checked).toBe([2, 3, 4, 5, 6, 7, 8, 9, 10].reduce((s, n) => s + n * 2 ** n, 0));
  });
  it("blocks are 2 tokens for every j and bit", () => {
    for (let n = 2; n <= 10; n++) checkBlockShape(arReduction, n);
    expect(arReduction.block(4, 2, 1)).toEqual([2, 5]);
    expect(arReduction.taskSize(7)).toBe(7);
  });
  it("n = 1 and out-of-range queries are user errors", () => {
    expect(() => arReduction.suffix(1, 0)).toThrow(UserError);
    expect(() => arReduction.suffix(4, 4)).toThrow(UserError);
    expect(() => arReduction.expected(4, [1, 0, 1], 0)).toThrow(UserError);
  });
});
