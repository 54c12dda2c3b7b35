import { describe, expect, it } from "vitest";
import { cli, cliJson } from "./helpers.js";
import { fitLogLine, rangeBits } from "../../src/models/constructions/precision.js";

describe("streambound precision", () => {
  it("finds the smallest p with p, p+1, p+2 correct, prints a failing input at p − 1, fits a + b·log₂n", async () => {
    const doc = await cliJson("precision", "dyck", "--model", "dyck-rnn", "--n", "2,4,64", "--samples", "50");
    expect(doc.rows.map((r: { checked: string }) => r.checked)).toEqual(["exhaustive", "exhaustive", "sampled"]);
    for (const r of doc.rows) {
      expect(r.bits).toBe(9);
      expect(r.format).toBe("fixed:8.1");
      expect(r.failureBelow.bits).toBe(8);
      expect(r.failureBelow.input).toMatch(/answered/);
    }
    expect(doc.rows[0].instances).toBe(16);
    expect(doc.slope).toBe(0);
    expect(doc.intercept).toBe(9);
    const table = await cli("precision", "dyck", "--model", "dyck-rnn", "--n", "4");
    expect(table.stdout).toContain("fit: p ≈ 9.00 + 0.00·log₂n");
    expect(table.stdout).toContain("at 8 bits (fixed:8.0) it fails on");
  });

  it("lstm-store's precision is found exhaustively", async () => {
    const doc = await cliJson("precision", "index", "--model", "lstm-store", "--n", "4");
    expect(doc.rows[0].checked).toBe("exhaustive");
    expect(doc.rows[0].bits).toBeGreaterThan(rangeBits(160, "fixed"));
    expect(doc.rows[0].failureBelow).not.toBeNull();
  });

  it("transformer-ar (float family) and mamba-store (weights and compute; state fixed:1.2) have a p and fail at p − 1", async () => {
    const ar = await cliJson("precision", "ar", "--model", "transformer-ar", "--n", "4,8", "--family", "float");
    const store = await cliJson("precision", "index", "--model", "mamba-store", "--n", "4");
    for (const r of [...ar.rows, ...store.rows]) {
      expect(r.checked).toBe("exhaustive");
      expect(r.bits).toBeGreaterThan(4);
      expect(r.failureBelow.bits).toBe(r.bits - 1);
      expect(r.failureBelow.input).toMatch(/answered/);
    }
    expect(store.rows[0].format).toMatch(/^fixed:/);
  });

  it("bad input: unknown construction, a RAG controller, a task mismatch", async () => {
    for (const args of [["index", "--model", "nope"], ["index", "--model", "rag-index"], ["index", "--model", "dyck-rnn"]]) {
      const r = await cli("precision", ...args, "--n", "4");
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
  });

  it("fits a line through exact points", () => {
    const fit = fitLogLine([{ n: 8, bits: 7 }, { n: 16, bits: 9 }, { n: 64, bits: 13 }]);
    expect(fit.slope).toBeCloseTo(2, 12);
    expect(fit.intercept).toBeCloseTo(1, 12);
    expect(rangeBits(80, "fixed")).toBe(8);
    expect(rangeBits(1, "fixed")).toBe(2);
  });
});
