import { describe, expect, it } from "vitest";
import { exactCensus, indexErrorLowerBound } from "../../src/census/index.js";
import { indexReduction } from "../../src/comm/reductions/indexReduction.js";
import { idealModel } from "../../src/models/ideal.js";
import { replayFoolingPair } from "../../src/census/foolingPair.js";
import { parseBits } from "../../src/comm/reduction.js";

const idealCensus = (M: number, n: number) =>
  exactCensus({ reduction: indexReduction, modelFor: (k) => idealModel({ stateBits: M, reduction: indexReduction, n: k }) }, n);

describe("exact census of the ideal M-bit algorithm on Index", () => {
  it("gives D(n) = 2^min(n,M) and accuracy (M + (n−M)/2)/n exactly", () => {
    const M = 5;
    for (let n = 1; n <= 9; n++) {
      const row = idealCensus(M, n);
      expect(row.distinctStates).toBe(String(2 ** Math.min(n, M)));
      const kept = Math.min(n, M);
      // accuracy = (kept + (n − kept)/2)/n = (n + kept)/(2n)
      const p = BigInt(n + kept);
      const q = BigInt(2 * n);
      const g = gcd(p, q);
      expect(row.accuracyExact).toBe(`${p / g}/${q / g}`);
      expect(row.accuracy).toBeLessThanOrEqual(row.bayesOptimalAccuracy! + 1e-15);
      expect(row.bayesOptimalAccuracy!).toBeLessThanOrEqual(row.accuracyUpperBound! + 1e-12);
      if (n > M) {
        expect(row.foolingPair).not.toBeNull();
        expect(row.foolingPair!.replayed).toBe(true);
        expect(row.foolingPair!.x).not.toBe(row.foolingPair!.xPrime);
      } else expect(row.foolingPair).toBeNull();
    }
  });

  it("storing M raw bits is Bayes-optimal for its own state map", () => {
    const row = idealCensus(3, 7);
    expect(row.accuracyExact).toBe(row.bayesOptimalAccuracyExact);
  });

  it("a fooling pair it reports really leaves both inputs in one state", () => {
    const row = idealCensus(2, 5);
    const fp = row.foolingPair!;
    const model = idealModel({ stateBits: 2, reduction: indexReduction, n: 5 });
    const again = replayFoolingPair(model, indexReduction, 5, parseBits(fp.x), parseBits(fp.xPrime), fp.query);
    expect(again).toEqual(fp);
    expect([fp.expected, fp.expectedPrime]).toContain(fp.output);
    expect(fp.expected).not.toBe(fp.expectedPrime);
  });

  it("refuses a census too large for memory, pointing at --shard and --search", () => {
    expect(() =>
      exactCensus({ reduction: indexReduction, modelFor: (k) => idealModel({ stateBits: 40, reduction: indexReduction, n: k }), maxBytes: 2 ** 20 }, 20),
    ).toThrow(/use --shard k\/K \(then merge\) or --search/);
  });
});

describe("the universal bound", () => {
  it("matches the table of theory.md §4", () => {
    const table: [number, number][] = [[0.1, 0.316], [0.25, 0.215], [0.5, 0.11], [0.75, 0.042], [0.9, 0.013]];
    for (const [ratio, err] of table) expect(indexErrorLowerBound(1000, ratio * 1000)).toBeCloseTo(err, 3);
    expect(indexErrorLowerBound(10, 10)).toBe(0);
  });
});

function gcd(a: bigint, b: bigint): bigint {
  while (b) [a, b] = [b, a % b];
  return a;
}

describe("the census's memory budget", () => {
  it("stops a census whose arrays outgrow the budget as they are allocated, in one line", async () => {
    const { censusShard, WHOLE } = await import("../../src/census/shard.js");
    const { MemoryBudget } = await import("../../src/census/_internals/memoryBudget.js");
    const opts = { reduction: indexReduction, modelFor: (k: number) => idealModel({ stateBits: 40, reduction: indexReduction, n: k }) };
    const budget = new MemoryBudget(2 ** 20, "this census");
    expect(() => censusShard(opts, 16, WHOLE, { budget })).toThrow(/^this census needs more than .* GiB \(--max-memory\); .*--shard k\/K/);
    const roomy = new MemoryBudget(2 ** 30, "this census");
    censusShard(opts, 12, WHOLE, { budget: roomy });
    expect(roomy.peak).toBeGreaterThan(2 ** 12 * 4);
  });
});
