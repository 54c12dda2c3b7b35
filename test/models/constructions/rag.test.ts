import { describe, expect, it } from "vitest";
import { ragIndex } from "../../../src/models/constructions/ragIndex.js";
import { ragAr } from "../../../src/models/constructions/ragAr.js";
import { ragIsTree } from "../../../src/models/constructions/ragIsTree.js";
import { runRag } from "../../../src/models/constructions/_internals/runRag.js";
import { indexTask, solveIndex, INDEX_BIT0, INDEX_BIT1 } from "../../../src/tasks/indexTask.js";
import { arTask, solveAr, arValueToken } from "../../../src/tasks/ar.js";
import { istreeTask } from "../../../src/tasks/istree.js";
import { ISTREE_EOS, ISTREE_FALSE, ISTREE_TRUE } from "../../../src/tasks/istreeVocabulary.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { indexRetrieve } from "../../../src/tasks/indexRetriever.js";
import { arRetrieve } from "../../../src/tasks/arRetriever.js";
import { isRagModel } from "../../../src/models/rag.js";

describe("Index's and AR's retrievers", () => {
  it("answer the token at a position, and the value after a key, only for generated queries", () => {
    const ctx = [1, 0, 1, 2 + 1]; // x = 101, query @1
    expect(indexRetrieve(ctx, 3)).toBeNull();
    expect(indexRetrieve([...ctx, 2 + 2], 3)).toBe(1);
    expect(indexRetrieve([...ctx, 2 + 1], 3)).toBe(0);
    expect(indexRetrieve([...ctx, 0], 3)).toBeNull();
    // AR, n = 2: k1 v0 k0 v1, query k0
    const ar = [1, 2 + 0, 0, 2 + 1, 0];
    expect(arRetrieve(ar, 2)).toBeNull();
    expect(arRetrieve([...ar, 0], 2)).toBe(3);
    expect(arRetrieve([...ar, 1], 2)).toBe(2);
    expect(arRetrieve([...ar, 3], 2)).toBeNull();
  });
});

describe("rag-index and rag-ar", () => {
  it("are rag models whose state does not grow with the context", () => {
    const m = ragIndex(64);
    expect(isRagModel(m)).toBe(true);
    expect(m.describe().params.context).toMatch(/never counted/);
    expect(ragIndex(1024).stateBits(0)).toBeLessThanOrEqual(4 * ragIndex(32).stateBits(0));
    expect(ragIndex(32).stateBits(0)).toBe(2 + 6);
    expect(ragIndex(1024).stateBits(0)).toBe(2 + 11);
  });

  it("rag-index answers every (x, i) exhaustively for n ≤ 8, with 2⌈log₂ V⌉ retrieval bits", () => {
    for (let n = 1; n <= 8; n++) {
      const m = ragIndex(n);
      for (let x = 0; x < 2 ** n; x++) {
        const bits = Array.from({ length: n }, (_, j) => (x >>> j) & 1);
        for (let i = 0; i < n; i++) {
          const input = [...bits, 2 + i];
          const run = runRag(m, input, [INDEX_BIT0, INDEX_BIT1], 8);
          expect(run.output).toBe(solveIndex(n, input));
          expect(run.retrievals).toBe(1);
          expect(run.retrievalBits).toBe(2 * Math.ceil(Math.log2(n + 2)));
        }
      }
    }
  });

  it("rag-index and rag-ar are right on 2,000 seeded instances at n = 64", () => {
    const mi = ragIndex(64);
    const ma = ragAr(64);
    const values = Array.from({ length: 64 }, (_, j) => arValueToken(64, j));
    for (let k = 0; k < 2000; k++) {
      const ii = indexTask.generate(64, new Rng(deriveSeed(7, `rag-index/${k}`)), "direct").tokens.slice(0, 65);
      expect(runRag(mi, ii, [INDEX_BIT0, INDEX_BIT1], 8).output).toBe(solveIndex(64, ii));
      const ai = arTask.generate(64, new Rng(deriveSeed(7, `rag-ar/${k}`)), "direct").tokens.slice(0, 129);
      expect(runRag(ma, ai, values, 8).output).toBe(solveAr(64, ai));
    }
  });
});

describe("rag-istree", () => {
  it("emits the official retrieval chain of thought token for token and answers right (seeded, n = 16 and 64)", () => {
    for (const [n, count] of [[16, 200], [64, 30]] as const) {
      const m = ragIsTree(n);
      for (let k = 0; k < count; k++) {
        const inst = istreeTask.generate(n, new Rng(deriveSeed(11, `rag-istree/${n}/${k}`)), "retrieval");
        const eos = inst.tokens.indexOf(ISTREE_EOS);
        const input = inst.tokens.slice(0, eos + 1);
        const run = runRag(m, input, [ISTREE_FALSE, ISTREE_TRUE], 37 * n + 64);
        expect(run.tokens).toEqual(inst.tokens.slice(eos + 1));
        expect(run.output).toBe(inst.answer);
        expect(run.maxStateBits).toBe(m.stateBits(0));
      }
    }
  });

  it("keeps O(log n) bits: at N = 1024 at most 4× its state at N = 32", () => {
    expect(ragIsTree(1024).stateBits(0)).toBeLessThanOrEqual(4 * ragIsTree(32).stateBits(0));
    expect(ragIsTree(32).stateBits(0)).toBe(6 + 5 * 6 + 2);
  });
});
