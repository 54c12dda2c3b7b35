import { describe, expect, it } from "vitest";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cli } from "../cli/helpers.js";
import { createLstm, getReduction } from "../../src/index.js";
import { parseFormat } from "../../src/numeric/index.js";
import { saveWeights } from "../../src/models/weights/save.js";

const dir = mkdtempSync(join(tmpdir(), "sb-verify-"));

async function prove(...args: string[]): Promise<any> {
  const out = join(dir, `c${Math.random().toString(36).slice(2)}.json`);
  const p = await cli("prove", ...args, "--out", out);
  expect(p.code, p.stderr).toBe(0);
  return { path: out, cert: JSON.parse(readFileSync(out, "utf8")), stdout: p.stdout };
}

function write(name: string, text: string): string {
  const p = join(dir, name);
  writeFileSync(p, text);
  return p;
}

describe("streambound prove / verify", () => {
  it("the issue's command: lstm width 2 at fixed:2.6, n = 20 < M = 32, says the error is the model's own", async () => {
    const { path, cert, stdout } = await prove("index-lower", "--model", "lstm", "--width", "2", "--format", "fixed:2.6", "--n", "20");
    expect(cert.M).toBe(32);
    expect(stdout).not.toMatch(/once n > M/);
    expect(stdout).toMatch(/M = 32 ≥ 20: the bound forces no error at this size/);
    const v = await cli("verify", path);
    expect(v.code).toBe(0);
    expect(v.stdout).toMatch(/^verified: /);
  });

  it("construction-upper: prove --model transformer-index --n 6, verify exits 0; a changed M exits 1 naming it", async () => {
    const { path, cert, stdout } = await prove("construction-upper", "--model", "transformer-index", "--n", "6");
    expect(stdout).toMatch(/answers all 384 inputs \(x, q\) of index\/index at n = 6 correctly/);
    expect((await cli("verify", path)).code).toBe(0);
    const v = await cli("verify", write("cu-m.json", JSON.stringify({ ...cert, M: cert.M - 1 })));
    expect(v.code).toBe(1);
    expect(v.stderr + v.stdout).toMatch(/M: /);
    const bad = await cli("prove", "construction-upper", "--model", "ideal", "--state-bits", "4", "--n", "4");
    expect(bad.code).toBe(2);
  });

  it("exit 1 with one line naming the field for a refuted certificate (M = 23 or 1e9, an output, the hash)", async () => {
    const { cert } = await prove("index-lower", "--model", "lstm", "--width", "2", "--format", "fixed:2.6", "--n", "20");
    const cases: [(c: any) => void, RegExp][] = [
      [(c) => (c.M = 23), /refuted: M: /],
      [(c) => (c.M = 1e9), /refuted: M: /],
      [(c) => (c.facts[0].output = 1 - c.facts[0].output), /refuted: facts\[0\]\.output: /],
      [(c) => (c.facts[0].messageSha256 = "f".repeat(64)), /refuted: facts\[0\]\.messageSha256: /],
      [(c) => delete c.n, /refuted: n: /],
      [(c) => (c.claim = "index-upper"), /refuted: claim: /],
    ];
    for (const [patch, pattern] of cases) {
      const c = JSON.parse(JSON.stringify(cert));
      patch(c);
      const v = await cli("verify", write("t.json", JSON.stringify(c)));
      expect(v.code).toBe(1);
      expect(v.stderr).toMatch(pattern);
      expect(v.stderr.trim().split("\n")).toHaveLength(1);
      expect(v.stderr).not.toMatch(/at .*\.js:\d+/);
    }
  });

  it("exit 2 with one line for what is not a certificate", async () => {
    for (const text of ["null", "[1,2]", '{"schema": "streambound.certificate/1", "cla', "42", "{}"]) {
      const v = await cli("verify", write("n.json", text));
      expect(v.code, text).toBe(2);
      expect(v.stderr).toMatch(/not a certificate/);
      expect(v.stderr.trim().split("\n")).toHaveLength(1);
    }
    const missing = await cli("verify", join(dir, "no-such-file.json"));
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/cannot read certificate/);
  });

  it("--weights: the certificate carries the sha256 and embeds small weights, so it verifies from anywhere", async () => {
    const w = join(dir, "w.json");
    saveWeights(createLstm({ width: 2, layers: 1, format: parseFormat("fixed:2.6"), vocabSize: getReduction("index").vocabSize(8), seed: 3 }), w, "json");
    const { path, cert } = await prove("index-lower", "--model", "lstm", "--weights", w, "--n", "8");
    expect(cert.model.weightsFile.sha256).toMatch(/^[0-9a-f]{64}$/);
    expect(cert.model.weightsFile.path).toBe(resolve(w));
    expect(cert.model.weightsFile.embedded.length).toBeGreaterThan(0);
    writeFileSync(w, "{}"); // the file is gone: the embedded copy still verifies
    expect((await cli("verify", path)).code).toBe(0);
    const c = JSON.parse(readFileSync(path, "utf8"));
    c.model.weightsFile.embedded = Buffer.from("{}").toString("base64");
    const v = await cli("verify", write("w2.json", JSON.stringify(c)));
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/model\.weightsFile\.embedded/);
  });

  it("a model given as a module path: proved, verified, and refuted when the module changes", async () => {
    const src = readFileSync(resolve("examples/fixtures/firstBitsModel.mjs"), "utf8");
    const mod = write("mine.mjs", src);
    const { path, cert } = await prove("index-lower", "--model", mod, "--n", "8");
    expect(cert.model).toMatchObject({ kind: "supplied", module: { path: mod, exportName: "default" } });
    expect(cert.M).toBe(6);
    expect((await cli("verify", path)).code).toBe(0);
    writeFileSync(mod, src.replace("const K = 6", "const K = 7"));
    const v = await cli("verify", path);
    expect(v.code).toBe(1);
    expect(v.stderr).toMatch(/model\.module\.sha256/);
  });

  it("a claim that is not executable says why", async () => {
    const p = await cli("prove", "rag-cot-solves-p", "--model", "ideal", "--state-bits", "2", "--n", "4");
    expect(p.code).toBe(2);
    expect(p.stderr).toMatch(/not executable: a statement about the whole class P/);
  });
});
