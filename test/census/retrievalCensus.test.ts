import { describe, expect, it } from "vitest";
import { cli, cliJson } from "../cli/helpers.js";

describe("census --retrieval: the two-way protocol of rag-* models", () => {
  it("rag-index: one state after Alice's prefix, accuracy 1/1, 2⌈log₂(n+2)⌉ bits per game, no one-way bound", async () => {
    const doc = await cliJson("census", "index", "--model", "rag-index", "--n", "1..8", "--retrieval");
    expect(doc.retrieval).toBe(true);
    for (const row of doc.rows) {
      expect(row.distinctStates).toBe("1");
      expect(row.accuracyExact).toBe("1/1");
      expect(row.bayesOptimalAccuracy).toBeNull();
      expect(row.accuracyUpperBound).toBeNull();
      expect(row.twoWay).toBe(true);
      expect(row.retrievalBitsMax).toBe(2 * Math.ceil(Math.log2(row.n + 2)));
      expect(row.retrievalBitsMean).toBe(row.retrievalBitsMax);
    }
    const table = await cli("census", "index", "--model", "rag-index", "--n", "4", "--retrieval");
    expect(table.stdout).toContain("no one-way bound applies (two-way)");
  });

  it("rag-ar and rag-istree are exact too; a model without a retriever is a user error", async () => {
    const ar = await cliJson("census", "ar", "--model", "rag-ar", "--n", "2..6", "--retrieval");
    for (const row of ar.rows) expect(row.accuracyExact).toBe("1/1");
    const tree = await cliJson("census", "istree", "--reduction", "r2", "--model", "rag-istree", "--n", "2..5", "--retrieval");
    for (const row of tree.rows) {
      expect(row.accuracyExact).toBe("1/1");
      expect(row.distinctStates).toBe("1");
      expect(row.retrievalBitsMax).toBeGreaterThan(0);
    }
    const bad = await cli("census", "index", "--model", "lstm", "--n", "3", "--retrieval");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/no retriever/);
    const wrongTask = await cli("census", "ar", "--model", "rag-index", "--n", "3");
    expect(wrongTask.code).toBe(2);
  });

  it("game --retrieval counts the round's bits", async () => {
    const g = await cliJson("game", "index", "--model", "rag-index", "--x", "0110", "--i", "2", "--retrieval");
    expect(g.correct).toBe(true);
    expect(g.retrievals).toBe(1);
    expect(g.retrievalBits).toBe(2 * 3);
    expect(g.messageBits).toBe(2 + 3);
  });
});
