import { describe, expect, it } from "vitest";
import { transformerCount, transformerCountSizes } from "../../../src/models/constructions/transformerCount.js";
import { countingCases, countingInstance, countingWrong } from "../../../src/models/constructions/_internals/countingCases.js";
import { precisionRow } from "../../../src/models/constructions/precision.js";
import { precisionSubject } from "../../../src/models/constructions/precisionSubjects.js";
import { countingSymbolToken, countingThresholdToken, countingVocabulary, solveCounting } from "../../../src/tasks/counting.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { parseFormat } from "../../../src/numeric/parseFormat.js";
import { cliJson } from "../../cli/helpers.js";

describe("transformer-count: fetch q, a q-selective average against a sink, a threshold", () => {
  it("is an ordinary 2-layer transformer whose KV cache grows with t", () => {
    const m = transformerCount({ n: 8 });
    expect(m.describe().architecture).toBe("transformer");
    expect(m.describe().params.layers).toBe(2);
    expect(m.stateBits(9)).toBeGreaterThan(m.stateBits(1));
    expect(transformerCountSizes(1024)).toMatchObject({ L: 11, P: 11, d: 49, lambda1: 128, lambda2: 64 });
  });

  it("at its default format fp32: right on every x of the reduction, every query and every threshold, n = 1..8", () => {
    for (let n = 1; n <= 8; n++) {
      const m = transformerCount({ n });
      const { checked, count, cases } = countingCases(n, 1, 0);
      expect(checked).toBe("exhaustive");
      expect(count).toBe(2 ** n * n * (n + 1));
      let xs = 0;
      for (const c of cases) {
        expect(c(m), `n = ${n}`).toBeNull();
        xs++;
      }
      expect(xs).toBe(2 ** n);
    }
  }, 60_000);

  it("at fp32: right on 60 seeded task instances at n = 64, each at every threshold (both labels, counts over the range)", () => {
    const n = 64;
    const m = transformerCount({ n });
    const counts = new Set<number>();
    for (let k = 0; k < 60; k++) {
      const { prefix, q } = countingInstance(n, 3, k, "test/transformer-count");
      counts.add(prefix.filter((s) => s === countingSymbolToken(n, q)).length);
      expect(countingWrong(m, n, prefix, [q])).toBeNull();
    }
    // Counts far apart, so thresholds near 0 and near n both meet the boundary c = t.
    expect(Math.min(...counts)).toBeLessThan(16);
    expect(Math.max(...counts)).toBeGreaterThan(48);
  }, 60_000);

  it("census counting --model transformer-count --n 1..10: D(n) = 2^n and accuracy 1/1", async () => {
    const doc = await cliJson("census", "counting", "--model", "transformer-count", "--n", "1..10");
    expect(doc.format).toBe("fp32");
    expect(doc.rows).toHaveLength(10);
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe(String(2 ** row.n));
      expect(row.accuracyExact).toBe("1/1");
    }
  }, 60_000);

  it("game counting: Bob answers from Alice's message (the KV cache)", async () => {
    for (const i of ["1", "3"]) {
      const doc = await cliJson("game", "counting", "--model", "transformer-count", "--x", "011010", "--i", i);
      expect(doc.correct).toBe(true);
    }
  });

  it("precision at n = 4 and 16: correct at the reported p, wrong at p − 1 on a printed input, re-run here", () => {
    const subject = precisionSubject("transformer-count", "counting");
    for (const n of [4, 16]) {
      const row = precisionRow(subject, n, "fixed", 1, 4);
      expect(row.checked).toBe(n <= 12 ? "exhaustive" : "sampled");
      expect(row.bits).not.toBeNull();
      expect(row.failureBelow).not.toBeNull();
      console.log(`transformer-count n=${n}: correct at ${row.format} (${row.bits} bits); at ${row.failureBelow?.format} it fails on ${row.failureBelow?.input}`);
      const m = /^(.*) \| q = (\S+), t = (\d+) /.exec(row.failureBelow!.input)!;
      const text = countingVocabulary(n);
      const input = [...m[1].split(" ").map((s) => text.indexOf(s)), text.indexOf(m[2]), countingThresholdToken(n, Number(m[3]))];
      const run = (format: string) => {
        const model = subject.build(n, parseFormat(format));
        return predict(model.logits(runModel(model, input, { checkBudget: false }).state), [0, 1]);
      };
      expect(run(row.failureBelow!.format)).not.toBe(solveCounting(n, input));
      expect(run(row.format!)).toBe(solveCounting(n, input));
    }
  }, 60_000);
});
