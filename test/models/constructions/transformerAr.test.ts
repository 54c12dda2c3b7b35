import { describe, expect, it } from "vitest";
import { transformerAr } from "../../../src/models/constructions/transformerAr.js";
import { arTask, solveAr } from "../../../src/tasks/ar.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { cliJson } from "../../cli/helpers.js";

describe("transformer-ar: 2 layers, an induction head", () => {
  it("is an ordinary 2-layer transformer", () => {
    const m = transformerAr({ n: 8 });
    expect(m.describe().architecture).toBe("transformer");
    expect(m.describe().params.layers).toBe(2);
  });

  it("census on the AR reduction at fp32: D(n) = 2^n and accuracy 1/1 for n = 2..5", async () => {
    const doc = await cliJson("census", "ar", "--model", "transformer-ar", "--n", "2..5");
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe(String(2 ** row.n));
      expect(row.accuracyExact).toBe("1/1");
    }
  });

  it("answers seeded AR instances (shuffled keys, any values) at n = 8 and 64", () => {
    for (const [n, count] of [[8, 200], [64, 20]] as const) {
      const m = transformerAr({ n });
      const values = Array.from({ length: n }, (_, j) => n + j);
      for (let k = 0; k < count; k++) {
        const input = arTask.generate(n, new Rng(deriveSeed(6, `t-ar/${n}/${k}`)), "direct").tokens.slice(0, 2 * n + 1);
        expect(predict(m.logits(runModel(m, input, { checkBudget: false }).state), values)).toBe(solveAr(n, input));
      }
    }
  });
});
