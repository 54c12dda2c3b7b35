import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "./helpers.js";

// --workers K runs worker threads from the compiled build (npm test builds it first).
const dir = mkdtempSync(join(tmpdir(), "streambound-merge-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const withoutPerBlock = (json: string): string => {
  const doc = JSON.parse(json);
  for (const row of doc.rows) delete row.distinctStatesPerBlock;
  return JSON.stringify(doc) + "\n";
};

async function ok(...argv: string[]): Promise<string> {
  const r = await cli(...argv);
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return r.stdout;
}

async function shards(name: string, args: string[], K: number): Promise<string[]> {
  const paths: string[] = [];
  for (let k = 0; k < K; k++) {
    const out = join(dir, `${name}-shard-${k}.json`);
    await ok(...args, "--shard", `${k}/${K}`, "--out", out);
    paths.push(out);
  }
  return paths;
}

const cases: [string, string[]][] = [
  ["lstm fp32 on index", ["census", "index", "--model", "lstm", "--width", "4", "--format", "fp32", "--n", "1..7", "--seed", "3"]],
  ["gru fixed:2.6 on index", ["census", "index", "--model", "gru", "--width", "4", "--format", "fixed:2.6", "--n", "6..8", "--seed", "1"]],
  ["lstm fp32 on istree r1-simple", ["census", "istree", "--reduction", "r1-simple", "--model", "lstm", "--width", "4", "--format", "fp32", "--n", "3..5", "--seed", "5"]],
  ["lstm fixed:2.6 on index, Bob with chain of thought", ["census", "index", "--model", "lstm", "--width", "3", "--format", "fixed:2.6", "--n", "3..5", "--seed", "3", "--cot"]],
  ["gru fixed:2.6 on istree r1-simple", ["census", "istree", "--reduction", "r1-simple", "--model", "gru", "--width", "4", "--format", "fixed:2.6", "--n", "3..6", "--seed", "2"]],
  ["transformer fp16 on index", ["census", "index", "--model", "transformer", "--width", "4", "--format", "fp16", "--n", "1..6", "--seed", "2"]],
  ["transformer fixed:2.6 on istree r1-simple", ["census", "istree", "--reduction", "r1-simple", "--model", "transformer", "--width", "4", "--format", "fixed:2.6", "--n", "3..4", "--seed", "2"]],
];

describe("census --workers 1, --workers 2 and the merge of 8 shards give the same document", () => {
  for (const [name, args] of cases) {
    it(name, async () => {
      const one = await ok(...args, "--json", "--workers", "1");
      const two = await ok(...args, "--json", "--workers", "2");
      expect(two).toBe(one);
      if (name.startsWith("gru fixed:2.6 on index")) expect(await ok(...args, "--json", "--workers", "3")).toBe(one);
      const slug = name.replace(/\W+/g, "-");
      const merged = await ok("merge", ...(await shards(slug, args, 8)), "--json");
      expect(merged).toBe(withoutPerBlock(one));
      // The GRU's states collapse, so its rows have fooling pairs, some of them across shards.
      const pairs = JSON.parse(one).rows.filter((r: { foolingPair: unknown }) => r.foolingPair).length;
      if (name.startsWith("gru")) expect(pairs).toBeGreaterThan(0);
    });
  }
});

describe("shards", () => {
  const args = ["census", "index", "--model", "gru", "--width", "3", "--format", "fixed:2.6", "--n", "6", "--seed", "4"];
  it("a finished shard is never redone", async () => {
    const out = join(dir, "again.json");
    await ok(...args, "--shard", "1/4", "--out", out);
    const before = statSync(out).mtimeMs;
    const r = await cli(...args, "--shard", "1/4", "--out", out);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/already done/);
    expect(statSync(out).mtimeMs).toBe(before);
  });

  it("K not a power of two is one line, exit 2, no file", async () => {
    const out = join(dir, "three.json");
    const r = await cli(...args, "--shard", "0/3", "--out", out);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
    expect(r.stderr).toMatch(/power of two/);
    expect(existsSync(out)).toBe(false);
  });

  it("merging shards of different models, of different sizes, or an incomplete set is one line and exit 2", async () => {
    const a = await shards("a", args, 2);
    const otherSeed = await shards("b", [...args.slice(0, -1), "5"], 2);
    const otherN = await shards("c", [...args.slice(0, -4), "--n", "7", "--seed", "4"], 2);
    for (const files of [[a[0], otherSeed[1]], [a[0], otherN[1]], [a[0]], [a[0], a[0]]]) {
      const r = await cli("merge", ...files, "--json");
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
    }
  });

  it("a tampered shard is refused in one line", async () => {
    const a = await shards("t", args, 2);
    const file = JSON.parse(readFileSync(a[1], "utf8"));
    file.rows[0].outputs[0] = [1];
    const bad = join(dir, "tampered.json");
    writeFileSync(bad, JSON.stringify(file));
    const r = await cli("merge", a[0], bad);
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
