import { mkdtempSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createModel, saveWeights } from "../../src/models/recurrentIndex.js";
import { parseFormat } from "../../src/numeric/parseFormat.js";
import { describeWith } from "../_helpers/components.js";
import { cli, cliJson } from "./helpers.js";

const dir = mkdtempSync(join(tmpdir(), "sb-archs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const gamma = (m: number) => 2 * Math.floor(Math.log2(m)) + 1;
const pending = (V: number) => Math.ceil(Math.log2(V + 1));

/** One line on stderr, exit 2, nothing on stdout. */
async function oneLineError(...argv: string[]): Promise<string> {
  const r = await cli(...argv);
  expect(r.code, r.stderr).toBe(2);
  expect(r.stdout).toBe("");
  expect(r.stderr.trim().split("\n")).toHaveLength(1);
  return r.stderr;
}

describe("census and game of the transformer and the hybrid", () => {
  it("census index --model transformer --width 8 --format fp16 --n 1..8: D(n) ≤ 2^n, accuracy ≤ Bayes, M = the formula", async () => {
    const doc = await cliJson("census", "index", "--model", "transformer", "--width", "8", "--format", "fp16", "--n", "1..8");
    expect(doc.rows).toHaveLength(8);
    for (const r of doc.rows) {
      expect(BigInt(r.distinctStates) <= 2n ** BigInt(r.n)).toBe(true);
      expect(r.accuracy).toBeLessThanOrEqual(r.bayesOptimalAccuracy + 1e-12);
    }
    // Alice's prefix at n = 8 is 8 tokens: c = 7 positions folded, V = 10.
    const V = 10;
    expect(doc.stateBits).toBe(gamma(8) + 2 * 1 * 8 * 7 * 16 + pending(V));
    expect(doc.stateBitsFormula).toMatch(/2⌊log₂\(c \+ 1\)⌋ \+ 1 \+ \(2·layers·width·c\)·bits/);
  });

  for (const base of ["elman", "lstm", "gru"]) {
    it(`census of a hybrid over ${base}: D(n) ≤ 2^n, accuracy ≤ Bayes`, async () => {
      const doc = await cliJson("census", "index", "--model", "hybrid", "--base", base, "--width", "8", "--heads", "2", "--format", "fp16", "--n", "1..6");
      for (const r of doc.rows) {
        expect(BigInt(r.distinctStates) <= 2n ** BigInt(r.n)).toBe(true);
        expect(r.accuracy).toBeLessThanOrEqual(r.bayesOptimalAccuracy + 1e-12);
      }
    });
  }

  it("census --search sample runs the transformer past exhaustive sizes", async () => {
    const doc = await cliJson("census", "index", "--model", "transformer", "--width", "8", "--format", "bf16", "--n", "24", "--search", "sample", "--samples", "64");
    expect(doc.rows[0].distinctStatesIsLowerEstimate).toBe(true);
  });

  it("game --json: the transformer's messageBits grow linearly with n", async () => {
    const bits: number[] = [];
    for (const n of [2, 4, 6, 8]) {
      const g = await cliJson("game", "index", "--model", "transformer", "--width", "8", "--format", "fp16", "-x", "10".repeat(n / 2), "-i", "0");
      const V = 2 + n; // index's vocabulary: the two bits and the n query tokens
      bits.push(g.messageBits - gamma(n) - pending(V));
    }
    expect(bits).toEqual([1, 3, 5, 7].map((c) => 2 * 8 * c * 16));
  });
});

describe("bad input: one line, exit 2", () => {
  it("heads that do not divide the width; a flag the model does not take", async () => {
    expect(await oneLineError("census", "index", "--model", "transformer", "--width", "8", "--heads", "3", "--n", "2")).toMatch(/heads 3 does not divide width 8/);
    expect(await oneLineError("census", "index", "--model", "lstm", "--heads", "2", "--n", "2")).toMatch(/--heads does not apply to --model lstm/);
    expect(await oneLineError("census", "index", "--model", "transformer", "--base", "lstm", "--n", "2")).toMatch(/--base does not apply to --model transformer/);
  });

  it("a hybrid whose base is a hybrid", async () => {
    expect(await oneLineError("census", "index", "--model", "hybrid", "--base", "hybrid", "--n", "2")).toMatch(/cannot itself be a hybrid/);
  });

  it("a sequence longer than learned positions allow", async () => {
    expect(await oneLineError("census", "index", "--model", "transformer", "--positions", "learned", "--max-len", "4", "--n", "6")).toMatch(/maxLen 4/);
  });

  it("a KV-cache census whose planned memory exceeds --max-memory", async () => {
    expect(await oneLineError("census", "index", "--model", "transformer", "--width", "8", "--n", "12", "--max-memory", "0.0001")).toMatch(/may need .* GiB/);
  });

  it("weights of another architecture, with nothing written", async () => {
    const path = join(dir, "tf.safetensors");
    saveWeights(createModel("transformer", { width: 4, layers: 1, vocabSize: 12 }, parseFormat("fp32"), 1), path, "safetensors");
    const out = join(dir, "out.json");
    expect(await oneLineError("census", "index", "--model", "lstm", "--weights", path, "--n", "2", "--out", out)).toMatch(/architecture is transformer, expected lstm/);
    expect(existsSync(out)).toBe(false);
  });
});

describeWith("torch", "census --weights of a transformer with the float32 twin check", () => {
  it("every fooling pair goes through the twin at float32", async () => {
    // Equal embedding rows for the two bit tokens: Alice's states cannot differ, so pairs exist.
    const m = createModel("transformer", { width: 8, layers: 1, vocabSize: 8, heads: 2 }, parseFormat("fp32"), 2);
    const emb = m.tensors()["embedding.weight"].data;
    emb.copyWithin(8, 0, 8);
    const path = join(dir, "tf-fooled.safetensors");
    saveWeights(m, path, "safetensors", { dtype: "F32" });
    const doc = await cliJson("census", "index", "--model", "transformer", "--weights", path, "--format", "fp32", "--n", "2..4", "--device", "cpu");
    const rows = doc.rows.filter((r: any) => r.foolingPair);
    expect(rows.length).toBe(3);
    for (const row of rows) {
      expect(row.floatCheck.dtype).toBe("float32");
      expect(row.floatCheck.sameAnswer).toBe(row.floatCheck.outputs[0] === row.floatCheck.outputs[1]);
      expect(row.foolingPair.replayed).toBe(true);
    }
  });
});
