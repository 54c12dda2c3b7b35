import { describe, expect, it } from "vitest";
import { transformerDisj, transformerEq } from "../../../src/models/constructions/transformerStringPair.js";
import { precisionRow } from "../../../src/models/constructions/precision.js";
import { precisionSubject, stringPairCases } from "../../../src/models/constructions/precisionSubjects.js";
import { equalityTask, solveEquality } from "../../../src/tasks/equality.js";
import { disjointnessTask, solveDisjointness } from "../../../src/tasks/disjointness.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { cliJson } from "../../cli/helpers.js";
import { parseFormat } from "../../../src/numeric/parseFormat.js";

const CASES = [
  ["transformer-eq", "equality", transformerEq, solveEquality, equalityTask],
  ["transformer-disj", "disjointness", transformerDisj, solveDisjointness, disjointnessTask],
] as const;

describe.each(CASES)("%s: 2 layers, retrieve x_j, local bit, average and threshold", (name, task, make, solve, generator) => {
  it("is an ordinary 2-layer transformer", () => {
    const m = make({ n: 4 });
    expect(m.describe().architecture).toBe("transformer");
    expect(m.describe().params.layers).toBe(2);
    expect(m.stateBits(9)).toBeGreaterThan(m.stateBits(1));
  });

  it("at its default format fp32: right on every (x, y) for n = 1..8", () => {
    for (let n = 1; n <= 8; n++) {
      const m = make({ n });
      const { checked, count, cases } = stringPairCases(task)(n, 1, 0);
      expect(checked).toBe("exhaustive");
      expect(count).toBe(4 ** n);
      let xs = 0;
      for (const c of cases) {
        expect(c(m), `${name} at n = ${n}`).toBeNull();
        xs++;
      }
      expect(xs).toBe(2 ** n);
    }
  }, 120_000);

  it("at fp32: right on 200 seeded instances at n = 64 (both labels)", () => {
    const m = make({ n: 64 });
    const labels = [0, 0];
    for (let k = 0; k < 200; k++) {
      const input = generator.generate(64, new Rng(deriveSeed(8, `${name}/64/${k}`)), "direct").tokens.slice(0, 129);
      const want = solve(64, input);
      labels[want]++;
      expect(predict(m.logits(runModel(m, input, { checkBudget: false }).state), [0, 1])).toBe(want);
    }
    expect(Math.min(...labels)).toBeGreaterThan(50);
  });

  it(`census ${task} --model ${name} --n 1..6: D(n) = 2^n and accuracy 1/1`, async () => {
    const doc = await cliJson("census", task, "--model", name, "--n", "1..6");
    expect(doc.format).toBe("fp32");
    expect(doc.rows).toHaveLength(6);
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe(String(2 ** row.n));
      expect(row.accuracyExact).toBe("1/1");
    }
  }, 60_000);

  it("precision at n = 4 (every (x, y); n up to 256 in docs/constructions.md): correct at the reported p, wrong at p − 1 on a printed input", () => {
    const subject = precisionSubject(name, task);
    for (const n of [4]) {
      const row = precisionRow(subject, n, "fixed", 1, 0);
      expect(row.checked).toBe("exhaustive");
      expect(row.bits).not.toBeNull();
      expect(row.failureBelow).not.toBeNull();
      console.log(`${name} n=${n}: correct at ${row.format} (${row.bits} bits); at ${row.failureBelow?.format} it fails on ${row.failureBelow?.input}`);
      // The failing input really fails at p − 1 and is right at p, re-run here.
      const [x, y] = (row.failureBelow?.input.match(/x = (\d+), y = (\d+)/) ?? []).slice(1);
      const input = [...x, "2", ...y].map(Number);
      const below = subject.build(n, parseFormat(row.failureBelow!.format));
      const at = subject.build(n, parseFormat(row.format!));
      const run = (m: typeof below) => predict(m.logits(runModel(m, input, { checkBudget: false }).state), [0, 1]);
      expect(run(below)).not.toBe(solve(n, input));
      expect(run(at)).toBe(solve(n, input));
    }
  }, 120_000);
});
