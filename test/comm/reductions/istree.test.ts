import { describe, expect, it } from "vitest";
import { isTreeR1Reduction, isTreeR1SimpleReduction, isTreeR2Reduction } from "../../../src/comm/reductions/istree.js";
import { ISTREE_BOS, ISTREE_EOS, isTreeVocabulary } from "../../../src/tasks/istree.js";
import { alicePrefix } from "../../../src/comm/reduction.js";
import { checkBlockShape, checkExhaustive } from "./checkReduction.js";

describe("istree reductions", () => {
  it("r1: the IsTree solver says tree ⇔ x_i = 1, for all x, i, n ≤ 10", () => {
    for (let n = 1; n <= 10; n++) checkExhaustive(isTreeR1Reduction, n, (x, i) => x[i] as 0 | 1);
  });
  it("r1-simple: tree ⇔ x_i = 1, for all x, i, n ≤ 10", () => {
    for (let n = 1; n <= 10; n++) checkExhaustive(isTreeR1SimpleReduction, n, (x, i) => x[i] as 0 | 1);
  });
  it("r2: tree ⇔ x_i ≠ x_{i+1}, for all x and i < n − 1, n = 2..10", () => {
    for (let n = 2; n <= 10; n++) checkExhaustive(isTreeR2Reduction, n, (x, i) => (x[i] !== x[i + 1] ? 1 : 0));
    expect(isTreeR2Reduction.queryCount(10)).toBe(9);
  });
  it("graph sizes: N = n + 2 (r1, r2), n + 3 (r1-simple), with N − 1 edges and |V| = N + 17", () => {
    for (const r of [isTreeR1Reduction, isTreeR1SimpleReduction, isTreeR2Reduction]) {
      for (let n = 2; n <= 10; n++) {
        checkBlockShape(r, n);
        expect(r.block(n, 0, 0).length).toBe(3);
        const N = r.taskSize(n);
        expect(N).toBe(n + (r === isTreeR1SimpleReduction ? 3 : 2));
        expect(r.vocabSize(n)).toBe(isTreeVocabulary(N).length);
        expect(r.vocabSize(n)).toBe(N + 17);
        const input = [...alicePrefix(r, n, new Uint8Array(n)), ...r.suffix(n, 0)];
        expect(input[0]).toBe(ISTREE_BOS);
        expect(input[input.length - 1]).toBe(ISTREE_EOS);
        expect((input.length - 2) / 3).toBe(N - 1); // edges
      }
    }
  });
  it("edges are written larger endpoint first; r1-simple never repeats an edge", () => {
    for (let n = 1; n <= 8; n++) {
      for (let i = 0; i < n; i++) {
        const x = new Uint8Array(n);
        const input = [...alicePrefix(isTreeR1SimpleReduction, n, x), ...isTreeR1SimpleReduction.suffix(n, i)];
        const edges = new Set<string>();
        for (let k = 1; k + 2 < input.length; k += 3) {
          expect(input[k]).toBeGreaterThan(input[k + 2]);
          edges.add(`${input[k]}-${input[k + 2]}`);
        }
        expect(edges.size).toBe((input.length - 2) / 3);
      }
    }
  });
});
