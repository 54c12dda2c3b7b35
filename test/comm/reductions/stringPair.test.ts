import { describe, expect, it } from "vitest";
import { disjointnessReduction, equalityReduction, queryBits } from "../../../src/comm/reductions/stringPair.js";
import { checkBlockShape, checkExhaustive } from "./checkReduction.js";
import { UserError } from "../../../src/util/errors.js";

// 4^n pairs: n ≤ 10 is ~1.4M solver calls per reduction (about a second each with these solvers).
describe("equality and disjointness reductions", () => {
  it("EQ: the equality solver answers [x = y] for every x, y ∈ {0,1}^n, n ≤ 10", () => {
    let checked = 0;
    for (let n = 1; n <= 10; n++) {
      checked += checkExhaustive(equalityReduction, n, (x, q) => (queryBits(n, q).every((b, j) => b === x[j]) ? 1 : 0));
    }
    expect(checked).toBe((4 ** 11 - 4) / 3);
  });
  it("DISJ: the disjointness solver answers [no j with x_j = y_j = 1], n ≤ 10", () => {
    let checked = 0;
    for (let n = 1; n <= 10; n++) {
      checked += checkExhaustive(disjointnessReduction, n, (x, q) => (queryBits(n, q).some((b, j) => b === 1 && x[j] === 1) ? 0 : 1));
    }
    expect(checked).toBe((4 ** 11 - 4) / 3);
  });
  it("1-token blocks; Bob's string is printed y_0 first", () => {
    for (let n = 1; n <= 8; n++) {
      checkBlockShape(equalityReduction, n);
      checkBlockShape(disjointnessReduction, n);
    }
    expect(equalityReduction.queryText(4, 0b0110)).toBe("0110");
    expect(equalityReduction.queryText(4, 0b0001)).toBe("1000");
    expect(equalityReduction.suffix(3, 0b011)).toEqual([2, 1, 1, 0]);
  });
  it("too many strings for Bob is a user error", () => {
    expect(() => equalityReduction.queryCount(31)).toThrow(UserError);
  });
});
