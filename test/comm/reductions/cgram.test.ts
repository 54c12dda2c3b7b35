import { describe, expect, it } from "vitest";
import { cgramCode, cgramReduction, codeBase } from "../../../src/comm/reductions/cgram.js";
import { checkBlockShape, checkExhaustive } from "./checkReduction.js";
import { UserError } from "../../../src/util/errors.js";

describe("cgram reduction", () => {
  for (const c of [2, 3, 4, 5]) {
    it(`c = ${c}: the c-gram solver answers x_i for all x, i, n ≤ 10`, () => {
      const r = cgramReduction(c);
      let checked = 0;
      for (let n = r.minBits; n <= 10; n++) checked += checkExhaustive(r, n, (x, i) => x[i] as 0 | 1);
      expect(checked).toBeGreaterThan(10 * 1024);
    });
    it(`c = ${c}: blocks are c tokens; codes are distinct (c−1)-grams`, () => {
      const r = cgramReduction(c);
      for (let n = r.minBits; n <= 10; n++) {
        checkBlockShape(r, n);
        expect(r.block(n, 0, 1).length).toBe(c);
        const codes = new Set(Array.from({ length: n }, (_, j) => cgramCode(n, c, j).join(",")));
        expect(codes.size).toBe(n);
        expect(codeBase(n, c) ** (c - 1)).toBeGreaterThanOrEqual(n);
      }
    });
  }
  it("the default is c = 3, task name cgram; others are cgram:C", () => {
    expect(cgramReduction().task).toBe("cgram");
    expect(cgramReduction(4).task).toBe("cgram:4");
    expect(cgramCode(9, 3, 7)).toEqual([2 + 2, 2 + 1]); // 7 = 21 in base 3
  });
  it("c < 2 and too few bits are user errors", () => {
    expect(() => cgramReduction(1)).toThrow(UserError);
    expect(() => cgramReduction(2).suffix(1, 0)).toThrow(UserError);
  });
});
