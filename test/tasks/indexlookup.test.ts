import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import { indexLookupTask, solveIndexLookup } from "../../src/tasks/index.js";

describe("indexlookup", () => {
  it("vocabulary |Σ| + n; solver returns x_p", () => {
    expect(indexLookupTask(3).vocabulary(2)).toEqual(["a0", "a1", "a2", "@0", "@1"]);
    expect(solveIndexLookup(3, 4, [2, 0, 1, 1, 3 + 2])).toBe(1);
    expect(solveIndexLookup(3, 4, [2, 0, 1, 1, 3 + 0])).toBe(2);
    expect(() => solveIndexLookup(3, 4, [2, 0, 3, 1, 3])).toThrow(UserError); // a position among symbols
    expect(() => solveIndexLookup(3, 4, [2, 0, 1, 1, 2])).toThrow(UserError); // a symbol as the query
    expect(() => indexLookupTask(1)).toThrow(/\|Σ\| ≥ 2/);
  });
  it("generated answers are the queried symbol, every symbol appears as an answer", () => {
    const task = indexLookupTask(5);
    const rng = new Rng(3);
    const answers = new Set<number>();
    for (let s = 0; s < 2000; s++) {
      const n = 1 + (s % 50);
      const inst = task.generate(n, rng, "direct");
      expect(inst.tokens.length).toBe(n + 2);
      const p = inst.tokens[n] - 5;
      expect(inst.answer).toBe(inst.tokens[p]);
      answers.add(inst.answer);
    }
    expect([...answers].sort()).toEqual([0, 1, 2, 3, 4]);
    expect(indexLookupTask().name).toBe("indexlookup");
  });
});
