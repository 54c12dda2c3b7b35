import { describe, expect, it } from "vitest";
import { hybridIndex, hybridIndexSizes } from "../../../src/models/constructions/hybridIndex.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { indexQueryToken } from "../../../src/tasks/indexTask.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { cliJson } from "../../cli/helpers.js";

describe("hybrid-index: an elman base under one RoPE attention layer", () => {
  it("is the ordinary hybrid architecture over a relu elman base", () => {
    const m = hybridIndex({ n: 8 });
    expect(m.describe().architecture).toBe("hybrid");
    expect(hybridIndexSizes(1024).K).toBe(13);
  });

  it("the frequency codes lead by ≥ 0.6 at every offset 1 ≤ D ≤ n", () => {
    for (const n of [1, 2, 8, 64, 1024]) {
      const { K } = hybridIndexSizes(n);
      for (let D = 1; D <= n; D++) {
        let s = 0;
        for (let k = 0; k < K; k++) s += Math.cos(D / 2 ** k);
        expect(K - s).toBeGreaterThan(0.6);
      }
    }
  });

  it("census at fp32: D(n) = 2^n and accuracy 1/1 for n = 1..7", async () => {
    const doc = await cliJson("census", "index", "--model", "hybrid-index", "--n", "1..7");
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe(String(2 ** row.n));
      expect(row.accuracyExact).toBe("1/1");
    }
  });

  it("is right on seeded inputs at n = 64 (every query of 10 inputs)", () => {
    const m = hybridIndex({ n: 64 });
    for (let k = 0; k < 10; k++) {
      const rng = new Rng(deriveSeed(4, `h-index/${k}`));
      const x = Array.from({ length: 64 }, () => rng.bit());
      const { state, t } = runModel(m, x, { checkBudget: false });
      for (let i = 0; i < 64; i++) expect(predict(m.logits(m.step(state, indexQueryToken(i), t)), [0, 1])).toBe(x[i]);
    }
  });
});
