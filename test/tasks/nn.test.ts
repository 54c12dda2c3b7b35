import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import {
  NN_LABEL0, NN_LABEL1, NN_MINUS, NN_PLUS, defaultNnDimension, nearOrthogonalKeys, nnTask, solveNn,
} from "../../src/tasks/index.js";

describe("nn", () => {
  it("solver: largest inner product, ties to the lowest index", () => {
    const P = NN_PLUS;
    const M = NN_MINUS;
    // d = 2, n = 2: keys ++ (label 0), -- (label 1); query +- is equidistant → key 0's label.
    expect(solveNn(2, 2, [P, P, NN_LABEL0, M, M, NN_LABEL1, P, M])).toBe(NN_LABEL0);
    expect(solveNn(2, 2, [P, P, NN_LABEL0, M, M, NN_LABEL1, M, M])).toBe(NN_LABEL1);
    expect(() => solveNn(2, 2, [P, P, P, M, M, NN_LABEL1, M, M])).toThrow(UserError);
  });
  it("keys are distinct ±1 vectors", () => {
    const keys = nearOrthogonalKeys(64, 8, new Rng(1));
    expect(new Set(keys.map((k) => k.join())).size).toBe(64);
    expect(keys.every((k) => k.every((x) => x === 1 || x === -1))).toBe(true);
    expect(() => nearOrthogonalKeys(5, 2, new Rng(1))).toThrow(UserError);
  });
  it("generated answers are the label of the Hamming-nearest key (first on ties)", () => {
    const rng = new Rng(17);
    const task = nnTask();
    for (let s = 0; s < 1000; s++) {
      const n = 1 + (s % 40);
      const d = defaultNnDimension(n);
      const inst = task.generate(n, rng, "direct");
      expect(inst.tokens.length).toBe(n * (d + 1) + d + 1);
      const q = inst.tokens.slice(n * (d + 1), n * (d + 1) + d);
      let best = Infinity;
      let label = -1;
      for (let j = 0; j < n; j++) {
        const key = inst.tokens.slice(j * (d + 1), j * (d + 1) + d);
        const dist = key.filter((t, c) => t !== q[c]).length;
        if (dist < best) [best, label] = [dist, inst.tokens[j * (d + 1) + d]];
      }
      expect(inst.answer).toBe(label);
    }
    expect(nnTask(12).name).toBe("nn:12");
    expect(defaultNnDimension(16)).toBe(16);
  });
});
