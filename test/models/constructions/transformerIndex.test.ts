import { describe, expect, it } from "vitest";
import { transformerIndex, transformerIndexSizes } from "../../../src/models/constructions/transformerIndex.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { indexQueryToken, solveIndex } from "../../../src/tasks/indexTask.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { cliJson } from "../../cli/helpers.js";

function wrong(n: number, x: number[], model = transformerIndex({ n })): number {
  const { state, t } = runModel(model, x, { checkBudget: false });
  let bad = 0;
  for (let i = 0; i < n; i++) {
    const out = predict(model.logits(model.step(state, indexQueryToken(i), t)), [0, 1]);
    if (out !== solveIndex(n, [...x, indexQueryToken(i)])) bad++;
  }
  return bad;
}

describe("transformer-index: 1 layer, position codes, a large score gap", () => {
  it("is an ordinary 1-layer transformer whose KV cache grows with t", () => {
    const m = transformerIndex({ n: 8 });
    expect(m.describe().architecture).toBe("transformer");
    expect(m.stateBits(9)).toBeGreaterThan(m.stateBits(1));
    expect(transformerIndexSizes(1024)).toEqual({ L: 11, d: 25, lambda: 32 });
  });

  it("census at its default format: D(n) = 2^n and accuracy 1/1 for n = 1..8", async () => {
    const doc = await cliJson("census", "index", "--model", "transformer-index", "--n", "1..8");
    expect(doc.format).toBe("fp32");
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe(String(2 ** row.n));
      expect(row.accuracyExact).toBe("1/1");
    }
    // Beside it, an M = 8 ideal falls below 1 past n = 8.
    const ideal = await cliJson("census", "index", "--model", "ideal", "--state-bits", "8", "--n", "9,10");
    for (const row of ideal.rows) expect(row.accuracy).toBeLessThan(1);
  });

  it("is right on seeded inputs at n = 64 (every query of 40 inputs: 2,560 instances)", () => {
    const m = transformerIndex({ n: 64 });
    for (let k = 0; k < 40; k++) {
      const rng = new Rng(deriveSeed(2, `t-index/${k}`));
      expect(wrong(64, Array.from({ length: 64 }, () => rng.bit()), m)).toBe(0);
    }
  });

  it("precision: a slope far below 3 bits per doubling, every row within 2 bits of the fit", async () => {
    const doc = await cliJson("precision", "index", "--model", "transformer-index", "--n", "8,16,32,64", "--samples", "2");
    expect(doc.slope).toBeLessThanOrEqual(3);
    for (const r of doc.rows) {
      expect(r.bits).not.toBeNull();
      expect(Math.abs(r.bits - (doc.intercept + doc.slope * Math.log2(r.n)))).toBeLessThanOrEqual(2);
    }
  });
});
