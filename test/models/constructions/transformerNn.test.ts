import { describe, expect, it } from "vitest";
import { nnTiesAgree, transformerNn, transformerNnSizes } from "../../../src/models/constructions/transformerNn.js";
import { precisionRow } from "../../../src/models/constructions/precision.js";
import { nnReductionCases, precisionSubject } from "../../../src/models/constructions/precisionSubjects.js";
import { nnTask } from "../../../src/tasks/nn.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { cliJson } from "../../cli/helpers.js";
import { parseFormat } from "../../../src/numeric/parseFormat.js";

describe("transformer-nn: 2 layers, gather each key, score inner products", () => {
  it("is an ordinary 2-layer, 1-head transformer of width 2d + P + 7", () => {
    const m = transformerNn({ n: 8 });
    const { d, P, width } = transformerNnSizes(8);
    expect(d).toBe(12);
    expect(width).toBe(2 * d + P + 7);
    expect(m.describe().architecture).toBe("transformer");
    expect(m.describe().params).toMatchObject({ layers: 2, heads: 1, width });
    expect(m.stateBits(9)).toBeGreaterThan(m.stateBits(1));
  });

  it("at its default format fp32: right on every x with every query for n = 1..6", () => {
    for (let n = 1; n <= 6; n++) {
      const m = transformerNn({ n });
      const { checked, count, cases } = nnReductionCases(n, 1, 0);
      expect(checked).toBe("exhaustive");
      expect(count).toBe(2 ** n * n);
      for (const c of cases) expect(c(m), `transformer-nn at n = ${n}`).toBeNull();
    }
  }, 120_000);

  it("at fp32: the task's own instances (queries with flipped signs) agree with the solver wherever tied keys share a label", () => {
    for (const [n, count] of [[8, 60], [16, 20]] as const) {
      const task = nnTask();
      const m = transformerNn({ n });
      const { d } = transformerNnSizes(n);
      let covered = 0;
      for (let k = 0; k < count; k++) {
        const inst = task.generate(n, new Rng(deriveSeed(8, `transformer-nn/${n}/${k}`)), "direct");
        const input = inst.tokens.slice(0, n * (d + 1) + d);
        if (!nnTiesAgree(d, n, input)) continue;
        covered++;
        expect(predict(m.logits(runModel(m, input, { checkBudget: false }).state), [0, 1]), `instance ${k} at n = ${n}`).toBe(task.solve(n, input));
      }
      expect(covered).toBeGreaterThan(count / 2);
    }
  }, 120_000);

  it("nnTiesAgree: false exactly when keys tied at the top carry different labels", () => {
    // d = 2, n = 2: keys ++ and --, query +- is at inner product 0 from both.
    const [P, M] = [2, 3];
    expect(nnTiesAgree(2, 2, [P, P, 0, M, M, 1, P, M])).toBe(false);
    expect(nnTiesAgree(2, 2, [P, P, 1, M, M, 1, P, M])).toBe(true);
    expect(nnTiesAgree(2, 2, [P, P, 0, M, M, 1, P, P])).toBe(true);
  });

  it("census nn --model transformer-nn --n 1..8: D(n) = 2^n and accuracy 1/1", async () => {
    const doc = await cliJson("census", "nn", "--model", "transformer-nn", "--n", "1..8");
    expect(doc.format).toBe("fp32");
    expect(doc.rows).toHaveLength(8);
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe(String(2 ** row.n));
      expect(row.accuracyExact).toBe("1/1");
    }
  }, 180_000);

  it("serves a fixed key dimension (task nn:6): census nn --param dimension=6 --n 1..4 is exact", async () => {
    const doc = await cliJson("census", "nn", "--param", "dimension=6", "--model", "transformer-nn", "--n", "1..4");
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe(String(2 ** row.n));
      expect(row.accuracyExact).toBe("1/1");
    }
  }, 60_000);

  it("precision (float): the smallest p passes exhaustively, and p − 1 bits fail on a printed input", () => {
    const subject = precisionSubject("transformer-nn", "nn");
    const row = precisionRow(subject, 4, "float", 1, 1);
    expect(row.checked).toBe("exhaustive");
    expect(row.instances).toBe(16 * 4);
    expect(row.bits).not.toBeNull();
    expect(row.failureBelow).not.toBeNull();
    expect(row.failureBelow!.input).toMatch(/^x = [01]{4}, query v_\d/);
    // The failing input really fails at p − 1 and passes at p (re-run).
    const [, xs, qi] = /^x = ([01]+), query v_(\d+)/.exec(row.failureBelow!.input)!;
    const x = Uint8Array.from(xs, (c) => Number(c));
    const { cases } = nnReductionCases(4, 1, 0);
    const index = Array.from(x).reduce((v, b, j) => v + (b << j), 0);
    const target = [...cases][index];
    expect(Number(qi)).toBeLessThan(4);
    expect(target(subject.build(4, parseFormat(row.failureBelow!.format)))).not.toBeNull();
    expect(target(subject.build(4, parseFormat(row.format!)))).toBeNull();
  }, 120_000);
});
