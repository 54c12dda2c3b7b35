import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import { arTask, arVocabulary, solveAr } from "../../src/tasks/index.js";

describe("ar", () => {
  it("vocabulary: keys k0.. then values v0.., size 2n", () => {
    expect(arVocabulary(3)).toEqual(["k0", "k1", "k2", "v0", "v1", "v2"]);
  });
  it("solver reads the value after the query key (first occurrence)", () => {
    // n = 3: k2 v0 k0 v2 k1 v1, query k0 → v2 (id 5)
    expect(solveAr(3, [2, 3, 0, 5, 1, 4, 0])).toBe(5);
    expect(solveAr(3, [2, 3, 2, 5, 1, 4, 2])).toBe(3); // repeated key: first wins
    expect(() => solveAr(3, [2, 3, 2, 5, 1, 4, 0])).toThrow(/does not occur/);
    expect(() => solveAr(3, [2, 0, 0, 5, 1, 4, 0])).toThrow(UserError); // a key where a value belongs
    expect(() => solveAr(3, [2, 3, 0])).toThrow(UserError);
  });
  it("generated instances: distinct keys, answer = value stored with the query (a Map oracle)", () => {
    const rng = new Rng(11);
    for (let s = 0; s < 2000; s++) {
      const n = 1 + (s % 20);
      const inst = arTask.generate(n, rng, "direct");
      expect(inst.tokens.length).toBe(2 * n + 2);
      const store = new Map<number, number>();
      for (let p = 0; p < n; p++) store.set(inst.tokens[2 * p], inst.tokens[2 * p + 1]);
      expect(store.size).toBe(n);
      expect(inst.answer).toBe(store.get(inst.tokens[2 * n]));
      expect(inst.tokens[2 * n + 1]).toBe(inst.answer);
      expect(inst.supervised.indexOf(1)).toBe(2 * n + 1);
    }
    expect(() => arTask.generate(4, rng, "cot")).toThrow(/no mode 'cot'/);
  });
});
