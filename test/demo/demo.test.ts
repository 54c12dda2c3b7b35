import { describe, expect, it } from "vitest";
import { createHash } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli } from "../cli/helpers.js";
import { describeWith } from "../_helpers/components.js";
import { getReduction, runCensus, parseFormat } from "../../src/index.js";
import { loadModelWeights } from "../../src/models/weights/load.js";
import { demoFixture, packageRoot } from "../../src/demo/fixture.js";
import { DEMO_TRAINING, trainDemoModel } from "../../src/demo/trainDemoModel.js";

const EXACT_NS = [1, 2, 3, 4, 5, 6, 7, 8];

function exactAccuracies(weights: string): number[] {
  const model = loadModelWeights(weights, { architecture: DEMO_TRAINING.architecture, format: parseFormat(DEMO_TRAINING.format) });
  return runCensus({ reduction: getReduction("index"), modelFor: () => model }, EXACT_NS).map((r) => r.accuracy);
}

describe("the demo's trained model", () => {
  it("ships with the sha256 and the command that trained it", () => {
    const meta = JSON.parse(readFileSync(join(packageRoot(), "examples", "fixtures", "demo-gru.json"), "utf8"));
    const bytes = readFileSync(join(packageRoot(), "examples", "fixtures", meta.weights));
    expect(createHash("sha256").update(bytes).digest("hex")).toBe(meta.sha256);
    expect(meta.command).toMatch(/^streambound demo --retrain \S+ --device cpu/);
    expect(meta.training).toEqual(DEMO_TRAINING);
    expect(demoFixture().sha256).toBe(meta.sha256);
  });

  it("`streambound demo` runs in under a minute: exact accuracy ≥ 0.95 at the smallest n, a ceiling below 1, a fooling pair past M replayed", async () => {
    const t0 = Date.now();
    const r = await cli("demo", "--json");
    expect(r.code, r.stderr).toBe(0);
    expect(Date.now() - t0).toBeLessThan(60_000);
    const doc = JSON.parse(r.stdout);
    const trained = doc.models.find((m: any) => m.kind === "trained");
    const exact = trained.rows.filter((row: any) => row.exhaustive);
    expect(exact[0].n).toBe(1);
    expect(exact[0].accuracy).toBeGreaterThanOrEqual(0.95);
    expect(exact[exact.length - 1].bayesOptimalAccuracy).toBeLessThan(0.8);
    const past = trained.rows.find((row: any) => !row.exhaustive);
    expect(past.n).toBeGreaterThan(trained.stateBits);
    expect(past.foolingPair).not.toBeNull();
    expect(trained.replay).toHaveLength(2);
    expect(trained.replay[0].message).toBe(trained.replay[1].message);
    expect(trained.replay[0].output).toBe(trained.replay[1].output);
    expect(trained.replay.filter((g: any) => !g.correct)).toHaveLength(1);
    const tf = doc.models.find((m: any) => m.kind === "transformer");
    for (const row of tf.rows) expect(row.accuracy).toBe(1);
    const bits = tf.rows.map((row: any) => tf.stateBitsByN[row.n]);
    for (let k = 1; k < bits.length; k++) expect(bits[k]).toBeGreaterThan(bits[k - 1]);
    expect(bits[bits.length - 1]).toBeGreaterThan(tf.rows[tf.rows.length - 1].n);
    const text = await cli("demo");
    expect(text.stdout).toMatch(/What these numbers prove, and what they do not/);
    expect(text.stdout).toMatch(/forces no error/);
  });
});

describeWith("torch", "retraining the demo's model", () => {
  it("the shipped command gives exact accuracies within 0.02 of the shipped model's", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sb-demo-retrain-"));
    const { weights } = await trainDemoModel({ dir, device: "cpu" });
    const shipped = exactAccuracies(demoFixture().path);
    const again = exactAccuracies(weights);
    const mean = (xs: number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;
    expect(Math.abs(mean(again) - mean(shipped))).toBeLessThanOrEqual(0.02);
    expect(again[0]).toBeGreaterThanOrEqual(0.95);
  }, 600_000);
});
