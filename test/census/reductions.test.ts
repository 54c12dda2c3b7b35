import { describe, expect, it } from "vitest";
import { exactCensus } from "../../src/census/index.js";
import { getReduction } from "../../src/comm/reductions/registry.js";
import { idealModel } from "../../src/models/ideal.js";
import { modelFactory } from "../../src/models/registry.js";

const ideal = (task: string, name: string | undefined, M: number) => {
  const r = getReduction(task, name);
  return (n: number) => exactCensus({ reduction: r, modelFor: (k) => idealModel({ stateBits: M, reduction: r, n: k }) }, n);
};

describe("the census on other tasks' reductions", () => {
  it("ideal on IsTree r1-simple: D(n) = 2^min(n,M) and exactly its Index accuracy", () => {
    const M = 5;
    const onTree = ideal("istree", "r1-simple", M);
    const onIndex = ideal("index", undefined, M);
    for (let n = 1; n <= 9; n++) {
      const a = onTree(n);
      const b = onIndex(n);
      expect(a.distinctStates).toBe(String(2 ** Math.min(n, M)));
      expect(a.accuracyExact).toBe(b.accuracyExact);
      expect(a.bayesOptimalAccuracyExact).toBe(b.bayesOptimalAccuracyExact);
      if (n > M) expect(a.foolingPair?.replayed).toBe(true);
    }
  });
  it("ideal is exact on every Index-like reduction while M ≥ n", () => {
    for (const [task, name] of [["ar", "ar"], ["cgram", "cgram"], ["counting", "counting"], ["istree", "r1"], ["istree", "r2"], ["indexlookup", "indexlookup"], ["nn", "nn"]]) {
      const row = ideal(task, name, 6)(5);
      expect(row.accuracyExact, `${task}/${name}`).toBe("1/1");
      expect(row.distinctStates).toBe("32");
    }
  });
  it("on equality and disjointness the census reports D(n) and fooling pairs over Bob's strings", () => {
    for (const task of ["equality", "disjointness"]) {
      const row = ideal(task, undefined, 3)(5);
      expect(row.distinctStates).toBe("8");
      expect(row.accuracy).toBeLessThanOrEqual(row.bayesOptimalAccuracy!);
      expect(row.accuracyUpperBound).toBeNull();
      expect(row.foolingPair?.replayed).toBe(true);
    }
  });
  it("an LSTM's census on IsTree r1-simple runs to n = 14 and respects its ceiling", () => {
    const r = getReduction("istree", "r1-simple");
    const factory = modelFactory({ model: "lstm", width: 4, format: "fixed:2.6", seed: 1 }, r, 14);
    const row = exactCensus({ reduction: r, modelFor: factory }, 14);
    expect(row.exhaustive).toBe(true);
    expect(BigInt(row.distinctStates) <= 2n ** 14n).toBe(true);
    expect(row.accuracy).toBeLessThanOrEqual(row.bayesOptimalAccuracy!);
    expect(row.bayesOptimalAccuracy!).toBeLessThanOrEqual(row.accuracyUpperBound! + 1e-12);
  });
});
