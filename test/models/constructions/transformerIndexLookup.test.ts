import { describe, expect, it } from "vitest";
import { transformerIndexLookup, transformerIndexLookupSizes } from "../../../src/models/constructions/transformerIndexLookup.js";
import { indexLookupReduction } from "../../../src/comm/reductions/indexLookup.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { cliJson } from "../../cli/helpers.js";

/** Wrong answers of the model over every position p of one string x ∈ Σ^n (argmax over all of Σ). */
function wrong(sigma: number, x: readonly number[], model: ReturnType<typeof transformerIndexLookup>): number {
  const n = x.length;
  const { state, t } = runModel(model, x, { checkBudget: false });
  const symbols = Array.from({ length: sigma }, (_, a) => a);
  let bad = 0;
  for (let p = 0; p < n; p++) if (predict(model.logits(model.step(state, sigma + p, t)), symbols) !== x[p]) bad++;
  return bad;
}

describe("transformer-indexlookup: transformer-index whose value carries the symbol", () => {
  it("is an ordinary 1-layer transformer whose KV cache grows with n; width 2L + 1 + 2|Σ|", () => {
    const m = transformerIndexLookup({ n: 8 });
    expect(m.describe().architecture).toBe("transformer");
    expect(m.stateBits(9)).toBeGreaterThan(m.stateBits(1));
    expect(transformerIndexLookupSizes(1024, 4)).toMatchObject({ L: 11, d: 31 });
  });

  it("answers every position of every x ∈ Σ^n, |Σ| = 4, n ≤ 6 (argmax over the whole alphabet)", () => {
    for (let n = 1; n <= 6; n++) {
      const m = transformerIndexLookup({ n, sigma: 4 });
      for (let v = 0; v < 4 ** n; v++) {
        const x = Array.from({ length: n }, (_, j) => Math.floor(v / 4 ** j) % 4);
        expect(wrong(4, x, m), `n=${n} x=${x.join("")}`).toBe(0);
      }
    }
  });

  it("census over the binary sub-alphabet, every x and query: D(n) = 2^n and accuracy 1/1 for n = 1..10", async () => {
    const doc = await cliJson("census", "indexlookup", "--model", "transformer-indexlookup", "--n", "1..10");
    expect(doc.format).toBe("fp32");
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe(String(2 ** row.n));
      expect(row.accuracyExact).toBe("1/1");
    }
  });

  it("is right on seeded strings over Σ = 4 at n = 64 and over Σ = 16 at n = 32", () => {
    for (const [sigma, n, count] of [[4, 64, 30], [16, 32, 30]]) {
      const r = indexLookupReduction(sigma);
      const m = transformerIndexLookup({ n, sigma });
      for (let k = 0; k < count; k++) {
        const rng = new Rng(deriveSeed(3, `t-indexlookup/${sigma}/${k}`));
        const { x } = r.sampleInstance(n, rng);
        expect(wrong(sigma, x, m)).toBe(0);
      }
    }
  });

  it("precision: a slope ≤ 3 bits per doubling, every row within 2 bits of the fit, a failing input at p − 1", async () => {
    const doc = await cliJson("precision", "indexlookup", "--model", "transformer-indexlookup", "--n", "8,16,32,64", "--samples", "2");
    expect(doc.slope).toBeLessThanOrEqual(3);
    for (const r of doc.rows) {
      expect(r.bits).not.toBeNull();
      expect(Math.abs(r.bits - (doc.intercept + doc.slope * Math.log2(r.n)))).toBeLessThanOrEqual(2);
    }
    // fixed needs no fraction bit (p − 1 would not hold the range); float shows a failing input at p − 1
    const float = await cliJson("precision", "indexlookup", "--model", "transformer-indexlookup", "--n", "8,16", "--samples", "2", "--family", "float");
    for (const r of float.rows) expect(r.failureBelow?.input).toMatch(/^x = .*, p = \d+: answered a\d, x_p = a\d$/);
  });
});
