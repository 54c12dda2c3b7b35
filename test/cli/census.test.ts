import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, cliJson } from "./helpers.js";

describe("streambound census index --model ideal", () => {
  it("gives D(n) = 2^min(n,12), accuracy 1 up to 12 and (12 + (n−12)/2)/n after, with replayed fooling pairs", async () => {
    const doc = await cliJson("census", "index", "--model", "ideal", "--state-bits", "12", "--n", "1..16");
    expect(doc.stateBits).toBe(12);
    expect(doc.rows).toHaveLength(16);
    for (const row of doc.rows) {
      expect(row.exhaustive).toBe(true);
      expect(row.distinctStates).toBe(String(2 ** Math.min(row.n, 12)));
      if (row.n <= 12) {
        expect(row.accuracyExact).toBe("1/1");
        expect(row.foolingPair).toBeNull();
      } else {
        expect(row.accuracy).toBeCloseTo((12 + (row.n - 12) / 2) / row.n, 14);
        // exactly: (12 + (n−12)/2)/n = (n + 12)/(2n)
        const [p, q] = row.accuracyExact.split("/").map(BigInt);
        expect(p * BigInt(2 * row.n)).toBe(q * BigInt(row.n + 12));
        expect(row.foolingPair.replayed).toBe(true);
      }
    }
  });
});

describe("streambound census index --model store", () => {
  it("holds C = width bits: D(n) = 2^n and accuracy 1 for every n ≤ C", async () => {
    const doc = await cliJson("census", "index", "--model", "store", "--width", "8", "--format", "fixed:2.0", "--n", "1..10");
    expect(doc.stateBits).toBe(16);
    for (const row of doc.rows) {
      if (row.n <= 8) {
        expect(row.distinctStates).toBe(String(2 ** row.n));
        expect(row.accuracyExact).toBe("1/1");
      } else {
        expect(row.distinctStates).toBe(String(2 ** 8));
        expect(row.foolingPair).not.toBeNull();
      }
    }
  });
  it("works in float formats too (every value stays in {−1, 0, 1})", async () => {
    const doc = await cliJson("census", "index", "--model", "store", "--width", "5", "--format", "fp8e4m3fn", "--n", "5");
    expect(doc.stateBits).toBe(40);
    expect(doc.rows[0].distinctStates).toBe("32");
    expect(doc.rows[0].accuracyExact).toBe("1/1");
  });
});

describe("census of a seeded LSTM", () => {
  const args = ["census", "index", "--model", "lstm", "--width", "4", "--format", "fixed:2.6", "--n", "1..13", "--seed", "3"];
  it("is byte-identical when run twice, and its numbers respect every bound", async () => {
    const a = await cli(...args, "--json");
    const b = await cli(...args, "--json");
    expect(a.code).toBe(0);
    expect(a.stdout).toBe(b.stdout);
    const doc = JSON.parse(a.stdout);
    const M = doc.stateBits;
    expect(M).toBe(64);
    for (const row of doc.rows) {
      expect(BigInt(row.distinctStates) <= 2n ** BigInt(Math.min(row.n, M))).toBe(true);
      expect(row.accuracy).toBeLessThanOrEqual(row.bayesOptimalAccuracy);
      expect(row.bayesOptimalAccuracy).toBeLessThanOrEqual(row.accuracyUpperBound + 1e-12);
    }
  });
  it("prints fooling pairs that replay through `streambound game` as one state for both inputs", async () => {
    const doc = await cliJson(...args);
    const pairs = doc.rows.filter((r: any) => r.foolingPair);
    expect(pairs.length).toBeGreaterThan(0);
    for (const row of pairs.slice(0, 4)) {
      const fp = row.foolingPair;
      const game = (x: string) =>
        cliJson("game", "index", "--model", "lstm", "--width", "4", "--format", "fixed:2.6", "--seed", "3", "--x", x, "--i", String(fp.query));
      const [g1, g2] = [await game(fp.x), await game(fp.xPrime)];
      expect(g1.message).toBe(g2.message);
      expect(g1.output).toBe(fp.output);
      expect(g2.output).toBe(fp.output);
      expect(g1.correct).not.toBe(g2.correct);
    }
  });
});

describe("census --search", () => {
  it("finds replayed fooling pairs past exhaustive sizes and labels its counts as estimates", async () => {
    for (const method of ["sample", "flip"]) {
      const doc = await cliJson("census", "index", "--model", "ideal", "--state-bits", "8", "--n", "40", "--search", method, "--samples", "200");
      const row = doc.rows[0];
      expect(row.exhaustive).toBe(false);
      expect(row.distinctStatesIsLowerEstimate).toBe(true);
      expect(Number(row.distinctStates)).toBeLessThanOrEqual(256);
      expect(row.accuracyIsEstimate).toBe(true);
      expect(row.bayesOptimalAccuracy).toBeNull();
      expect(row.foolingPair.replayed).toBe(true);
    }
  });
});

describe("bad input: one line, exit code 2, no partial output", () => {
  const cases: [string, string[]][] = [
    ["a zero-width format", ["census", "index", "--model", "lstm", "--format", "fixed:0.0", "--n", "3"]],
    ["--n 0", ["census", "index", "--model", "lstm", "--n", "0"]],
    ["--width -1", ["census", "index", "--model", "lstm", "--width", "-1", "--n", "3"]],
    ["an unknown model", ["census", "index", "--model", "transformerish", "--n", "3"]],
    ["a flag the model does not use", ["census", "index", "--model", "ideal", "--state-bits", "4", "--width", "8", "--n", "3"]],
    ["an unknown task", ["census", "nosuchtask", "--model", "lstm", "--n", "3"]],
    ["an unknown reduction", ["census", "istree", "--reduction", "r9", "--model", "lstm", "--n", "3"]],
    ["an unknown reduction option", ["census", "cgram", "--param", "k=3", "--model", "lstm", "--n", "3"]],
    ["an unknown flag", ["census", "index", "--model", "lstm", "--n", "3", "--widht", "4"]],
    ["a missing weights file", ["census", "index", "--model", "lstm", "--weights", "/nonexistent/w.safetensors", "--n", "3"]],
    ["a census too large for memory", ["census", "index", "--model", "lstm", "--n", "28"]],
  ];
  for (const [what, argv] of cases) {
    it(what, async () => {
      const dir = mkdtempSync(join(tmpdir(), "sb-"));
      const out = join(dir, "census.json");
      const r = await cli(...argv, "--out", out);
      expect(r.code).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).not.toMatch(/at .*\.ts:\d+/);
      expect(existsSync(out)).toBe(false);
      expect(readdirSync(dir)).toEqual([]);
    });
  }
  it("the too-large census says to use --search", async () => {
    const r = await cli("census", "index", "--model", "lstm", "--n", "28");
    expect(r.stderr).toMatch(/--search/);
  });
});

describe("census memory", () => {
  it("census index --model ideal --state-bits 64 --n 22 under a small --max-memory is refused in one line naming --shard and --search", async () => {
    const r = await cli("census", "index", "--model", "ideal", "--state-bits", "64", "--n", "22", "--max-memory", "0.05");
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/--shard k\/K.*--search/);
  });
});

describe("census table labels", () => {
  it("names the bound as an accuracy ceiling and says which input of a fooling pair is answered wrongly", async () => {
    const r = await cli("census", "index", "--model", "ideal", "--state-bits", "2", "--n", "3");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("accuracy ≤ (bound)");
    expect(r.stdout).toMatch(/wrong on x'?\b/);
  });
  it("under --search, log2 D carries ≥ like D", async () => {
    const r = await cli("census", "index", "--model", "ideal", "--state-bits", "4", "--n", "12", "--search", "sample", "--samples", "50");
    expect(r.code).toBe(0);
    const row = r.stdout.split("\n").find((l) => /^\s*12\s/.test(l))!;
    expect(row.match(/≥/g)).toHaveLength(2);
  });
});
