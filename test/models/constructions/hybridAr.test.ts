import { describe, expect, it } from "vitest";
import { hybridAr, hybridArSizes } from "../../../src/models/constructions/hybridAr.js";
import { arReduction } from "../../../src/comm/reductions/ar.js";
import { arKeyToken, arTask, arValueToken, solveAr } from "../../../src/tasks/ar.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { sameFormat } from "../../../src/models/_internals/roleFormats.js";
import { parseFormat } from "../../../src/numeric/parseFormat.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { cliJson } from "../../cli/helpers.js";

/** Runs k v … k v once and answers every query key from that prefix state; returns the first wrong query. */
function firstWrongQuery(m: ReturnType<typeof hybridAr>, n: number, prefix: number[]): number | null {
  const values = Array.from({ length: n }, (_, j) => arValueToken(n, j));
  const { state, t } = runModel(m, prefix, { checkBudget: false });
  for (let q = 0; q < n; q++) {
    const out = predict(m.logits(m.step(state, arKeyToken(n, q), t)), values);
    if (out !== solveAr(n, [...prefix, arKeyToken(n, q)])) return q;
  }
  return null;
}

describe("hybrid-ar: the elman base computes the query side, one RoPE attention layer retrieves", () => {
  it("is the ordinary hybrid architecture over a relu elman base, 1 head", () => {
    const d = hybridAr({ n: 8 }).describe();
    expect(d.architecture).toBe("hybrid");
    expect(d.params.base).toBe("elman");
    expect(d.params.heads).toBe(1);
  });

  it("RoPE turns the used pairs by less than 2^−12 rad over the whole input, for every n ≤ 1024", () => {
    for (const n of [2, 3, 8, 100, 1024]) {
      const { d, ropeBase } = hybridArSizes(n);
      expect(Number.isFinite(ropeBase)).toBe(true);
      expect(Math.pow(ropeBase, -2 / d) * (2 * n + 1)).toBeLessThan(2 ** -12);
    }
  });

  it("at fp32, every x and every query of the AR reduction is answered right for n = 2..12", () => {
    for (let n = 2; n <= 12; n++) {
      const m = hybridAr({ n });
      for (let v = 0; v < 2 ** n; v++) {
        const prefix: number[] = [];
        for (let j = 0; j < n; j++) prefix.push(...arReduction.block(n, j, ((v >>> j) & 1) as 0 | 1));
        const wrong = firstWrongQuery(m, n, prefix);
        if (wrong !== null) expect.fail(`n=${n}, x=${v.toString(2)}, query k${wrong}`);
      }
    }
  }, 120_000);

  it("census on the AR reduction at fp32: D(n) = 2^n and accuracy 1/1 for n = 2..6", async () => {
    const doc = await cliJson("census", "ar", "--model", "hybrid-ar", "--n", "2..6");
    expect(doc.format).toBe("fp32");
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe(String(2 ** row.n));
      expect(row.accuracyExact).toBe("1/1");
    }
  });

  it("answers seeded AR instances (shuffled keys, any values; every query of each prefix) at n = 8 and 64", () => {
    for (const [n, prefixes] of [[8, 25], [64, 10]] as const) {
      const m = hybridAr({ n });
      for (let k = 0; k < prefixes; k++) {
        const prefix = arTask.generate(n, new Rng(deriveSeed(6, `h-ar/${n}/${k}`)), "direct").tokens.slice(0, 2 * n);
        expect(firstWrongQuery(m, n, prefix)).toBeNull();
      }
    }
  });

  it("one bit below its least float precision it fails on a printed input, re-checked by re-running", async () => {
    const doc = await cliJson("precision", "ar", "--model", "hybrid-ar", "--n", "4,8", "--family", "float");
    for (const row of doc.rows) {
      expect(row.checked).toBe("exhaustive");
      expect(row.failureBelow.bits).toBe(row.bits - 1);
      const match = /x = ([01]+), query k(\d+)/.exec(row.failureBelow.input);
      expect(match).not.toBeNull();
      const x = match![1].split("").map(Number);
      const prefix: number[] = [];
      for (let j = 0; j < row.n; j++) prefix.push(...arReduction.block(row.n, j, x[j] as 0 | 1));
      const at = (f: string) => hybridAr({ n: row.n, format: sameFormat(parseFormat(f)), roundWeights: true });
      expect(firstWrongQuery(at(row.failureBelow.format), row.n, prefix)).not.toBeNull();
      expect(firstWrongQuery(at(row.format), row.n, prefix)).toBeNull();
    }
  });
});
