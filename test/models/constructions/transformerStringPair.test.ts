import { describe, expect, it } from "vitest";
import { transformerDisj, transformerEq } from "../../../src/models/constructions/transformerStringPair.js";
import { equalityTask, solveEquality } from "../../../src/tasks/equality.js";
import { disjointnessTask, solveDisjointness } from "../../../src/tasks/disjointness.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";

const CASES = [
  ["transformer-eq", transformerEq, solveEquality, equalityTask],
  ["transformer-disj", transformerDisj, solveDisjointness, disjointnessTask],
] as const;

const answer = (m: ReturnType<typeof transformerEq>, input: number[]) => predict(m.logits(runModel(m, input, { checkBudget: false }).state), [0, 1]);

describe.each(CASES)("%s: 2 layers, retrieve x_j, local bit, average and threshold", (name, make, solve, task) => {
  it("is an ordinary 2-layer transformer", () => {
    const m = make({ n: 4 });
    expect(m.describe().architecture).toBe("transformer");
    expect(m.describe().params.layers).toBe(2);
  });

  it("is right on every (x, y) for n = 1..5", () => {
    for (let n = 1; n <= 5; n++) {
      const m = make({ n });
      for (let a = 0; a < 2 ** n; a++) for (let b = 0; b < 2 ** n; b++) {
        const input = [...Array.from({ length: n }, (_, j) => (a >>> j) & 1), 2, ...Array.from({ length: n }, (_, j) => (b >>> j) & 1)];
        expect(answer(m, input), `${name} n=${n} ${input.join("")}`).toBe(solve(n, input));
      }
    }
  });

  it("is right on 50 seeded instances at n = 64", () => {
    const m = make({ n: 64 });
    for (let k = 0; k < 50; k++) {
      const inst = task.generate(64, new Rng(deriveSeed(8, `${name}/64/${k}`)), "direct");
      const input = inst.tokens.slice(0, 129);
      expect(answer(m, input)).toBe(solve(64, input));
    }
  });
});
