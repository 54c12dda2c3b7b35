import { describe, expect, it } from "vitest";
import { REDUCTIONS, REDUCTION_NAMES, allReductions, makeReduction } from "../../../src/comm/reductions/all.js";
import { UserError } from "../../../src/util/errors.js";
import { forEachBits } from "./checkReduction.js";
import { fullInput } from "../../../src/comm/reduction.js";

describe("REDUCTIONS", () => {
  it("lists every reduction of both papers under task/reduction", () => {
    expect(REDUCTION_NAMES).toEqual([
      "ar/ar",
      "cgram/cgram",
      "counting/counting",
      "disjointness/disjointness",
      "equality/equality",
      "indexlookup/indexlookup",
      "istree/r1",
      "istree/r1-simple",
      "istree/r2",
      "nn/nn",
    ]);
    for (const key of REDUCTION_NAMES) {
      const r = REDUCTIONS[key]();
      expect(`${r.task.split(":")[0]}/${r.name}`).toBe(key);
    }
  });
  it("options reach the reduction; unknown names and options are user errors", () => {
    expect(makeReduction("cgram/cgram", { c: 5 }).task).toBe("cgram:5");
    expect(makeReduction("cgram/cgram", { c: "4" }).task).toBe("cgram:4");
    expect(makeReduction("indexlookup/indexlookup", { sigma: 9 }).task).toBe("indexlookup:9");
    expect(makeReduction("nn/nn", { dimension: 12, seed: 4 }).task).toBe("nn:12");
    expect(() => makeReduction("istree/r3")).toThrow(UserError);
    expect(() => makeReduction("toString")).toThrow(UserError);
    expect(() => makeReduction("ar/ar", { c: 3 })).toThrow(/no option 'c'/);
    expect(() => makeReduction("cgram/cgram", { c: 1 })).toThrow(UserError);
    expect(() => makeReduction("cgram/cgram", { c: 2.5 })).toThrow(UserError);
  });
  it("every reduction at n = 4: answers are answer tokens, tokens are in the vocabulary", () => {
    for (const r of allReductions()) {
      const n = 4;
      const answers = r.answerTokens(n);
      expect(answers.length).toBe(2);
      forEachBits(n, (x) => {
        for (let q = 0; q < r.queryCount(n); q++) {
          expect(answers).toContain(r.expected(n, x, q));
          for (const t of fullInput(r, n, x, q)) expect(t >= 0 && t < r.vocabSize(n)).toBe(true);
        }
      });
      expect(r.tokenText(n, answers[1]).length).toBeGreaterThan(0);
    }
  });
});
