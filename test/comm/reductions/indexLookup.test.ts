import { describe, expect, it } from "vitest";
import { indexLookupReduction } from "../../../src/comm/reductions/indexLookup.js";
import { solveIndexLookup } from "../../../src/tasks/indexlookup.js";
import { checkBlockShape, checkExhaustive } from "./checkReduction.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { UserError } from "../../../src/util/errors.js";

describe("indexlookup reduction", () => {
  for (const sigma of [2, 4, 7]) {
    it(`|Σ| = ${sigma}, binary blocks: the solver answers a_{x_i} for all x, i, n ≤ 10`, () => {
      const r = indexLookupReduction(sigma);
      for (let n = 1; n <= 10; n++) {
        checkExhaustive(r, n, (x, i) => x[i] as 0 | 1);
        checkBlockShape(r, n);
      }
    });
    it(`|Σ| = ${sigma}, full alphabet: 10,000 seeded instances agree with the solver`, () => {
      const r = indexLookupReduction(sigma);
      const rng = new Rng(deriveSeed(7, `indexlookup-sample-${sigma}`));
      const seen = new Set<number>();
      for (let k = 0; k < 10_000; k++) {
        const n = 1 + (k % 16);
        const s = r.sampleInstance(n, rng);
        expect(s.tokens.length).toBe(n + 1);
        expect(solveIndexLookup(sigma, n, s.tokens)).toBe(s.expected);
        seen.add(s.expected);
      }
      expect(seen.size).toBe(sigma); // every symbol was an answer at least once
    });
  }
  it("symbols outside Σ and |Σ| < 2 are user errors", () => {
    expect(() => indexLookupReduction(1)).toThrow(UserError);
    expect(() => indexLookupReduction(3).symbolBlock(4, 0, 3)).toThrow(UserError);
  });
});
