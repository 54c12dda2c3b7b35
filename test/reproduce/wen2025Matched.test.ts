import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { REPRODUCTIONS, stepArgv } from "../../src/reproduce/index.js";
import { matching, matchingMambaShape, smallestPastM } from "../../src/reproduce/matching.js";
import { aliceLength } from "../../src/comm/reduction.js";
import { indexBound } from "../../src/census/bound.js";
import { getReduction } from "../../src/comm/reductions/registry.js";
import { modelFactory } from "../../src/models/registry.js";
import type { ExactModel } from "../../src/models/_internals/descriptor.js";
import { cli, cliJson } from "../cli/helpers.js";

const plan = REPRODUCTIONS.get("wen2025-matched")!;
const quick = { quick: true, device: "cpu" as const, out: "/tmp/sb-matched-plan" };

/** Parameters counted off the built model's own tensors (not the descriptor's shapes). */
function tensorParameters(model: string, format: string, n: number, width?: number, dState?: number): number {
  const req = width === undefined ? { model, format } : { model, format, width, config: { dState, expand: 2, dConv: 4 } };
  const m = modelFactory(req, getReduction("index"), n)(n) as ExactModel;
  return Object.values(m.tensors()).reduce((s, t) => s + t.data.length, 0);
}

describe("wen2025-matched: the matching arithmetic", () => {
  const m = matching({ n: 4, format: "fp16" });

  it("counts both models at one format, from their encodings and their tensors", () => {
    expect(m.format).toBe("fp16");
    expect(m.bitsPerScalar).toBe(16);
    for (const side of [m.transformer, m.mamba]) expect(side.encodedBits).toBe(side.stateBits);
    expect(m.transformer.parameters).toBe(tensorParameters("transformer-index", "fp16", 4));
    const w = Number(m.mamba.config.width);
    const s = Number(m.mamba.config.dState);
    expect(m.mamba.parameters).toBe(tensorParameters("mamba", "fp16", 4, w, s));
    // the formulas written out independently: the KV cache of N − 1 positions plus fields; 2·d·(dState + 3)·b plus the last token
    const d = Number(m.transformer.config.width);
    expect(m.kvCacheBits).toBe(2 * d * 16 * 3);
    expect(m.transformer.stateBits).toBeGreaterThan(m.kvCacheBits);
    expect(m.transformer.stateBits).toBeLessThan(m.kvCacheBits + 2 * d * 16);
    expect(m.mamba.stateBits).toBe(2 * w * (s + 3) * 16 + Math.ceil(Math.log2(6 + 1)));
  });

  it("gives the Mamba at least the Transformer's state at N, within 25 %, and parameters within 25 %", () => {
    expect(m.mamba.stateBits).toBeGreaterThanOrEqual(m.transformer.stateBits);
    expect(m.stateBitsRatio).toBeLessThanOrEqual(1.25);
    expect(m.parametersRatio).toBeGreaterThan(0.75);
    expect(m.parametersRatio).toBeLessThan(1.25);
    expect(m.stateBitsRatio).toBeCloseTo(m.mamba.stateBits / m.transformer.stateBits, 12);
  });

  it("past M: the smallest n > M and 2M, with the universal bound for an M-bit model", () => {
    const M = m.mamba.stateBits;
    expect(m.pastM.map((p) => p.n)).toEqual([M + 1, 2 * M]);
    for (const p of m.pastM) expect(p.boundAccuracy).toBe(indexBound(p.n, M).accuracyUpperBound);
    expect(m.pastM[1].boundAccuracy).toBeLessThan(0.9);
  });

  it("the shape search never picks a Mamba with fewer state bits than asked", () => {
    for (const target of [{ stateBits: 500, parameters: 300 }, { stateBits: 2475, parameters: 879 }, { stateBits: 4000, parameters: 2000 }]) {
      const { width, dState } = matchingMambaShape(target, 10, 16);
      expect(2 * width * (dState + 3) * 16 + 4).toBeGreaterThanOrEqual(target.stateBits);
    }
  });

  it("finds the smallest n past a growing M (mamba-store's vocabulary field)", () => {
    const r = getReduction("index");
    const M = (n: number) => modelFactory({ model: "mamba-store", width: 8 }, r, n)(n).stateBits(aliceLength(r, n));
    const p = smallestPastM({ model: "mamba-store", width: 8 }, r);
    expect(p.stateBits).toBe(M(p.n));
    expect(p.n).toBeGreaterThan(p.stateBits);
    for (let n = 1; n < p.n; n++) expect(M(n)).toBeGreaterThanOrEqual(n);
  });

  it("with trained weights it reads the Mamba's shape from the file and refuses a missing one", async () => {
    const bad = await cli("match", "--n", "4", "--mamba-weights", join(mkdtempSync(join(tmpdir(), "sb-m-")), "none.safetensors"));
    expect(bad.code).toBe(2);
    expect(bad.stderr.trim().split("\n")).toHaveLength(1);
  });
});

describe("wen2025-matched: the plan", () => {
  it("trains the matched shape, names which model is trained and which is a construction, and prints its sizes", () => {
    const m = matching({ n: 4, format: "fp16" });
    const ids = plan.steps.map((s) => s.id);
    expect(new Set(ids).size).toBe(ids.length);
    const train = stepArgv(plan.steps.find((s) => s.id === "train-mamba")!, quick);
    expect(train.slice(train.indexOf("--width"), train.indexOf("--width") + 2)).toEqual(["--width", String(m.mamba.config.width)]);
    expect(train.slice(train.indexOf("--d-state"), train.indexOf("--d-state") + 2)).toEqual(["--d-state", String(m.mamba.config.dState)]);
    const notes = plan.notes.join("\n");
    expect(notes).toMatch(/Trained: the Mamba/);
    expect(notes).toMatch(/Construction: the Transformer/);
    expect(notes).toContain(`past M: n = ${m.pastM[0].n}`);
    // every step past M is at n > M, the Mamba's M
    const past = stepArgv(plan.steps.find((s) => s.id === "census-transformer-past")!, quick);
    const ns = past[past.indexOf("--n") + 1].split(",").map(Number);
    for (const n of ns) expect(n).toBeGreaterThan(m.mamba.stateBits);
    const store = stepArgv(plan.steps.find((s) => s.id === "census-store-past")!, quick);
    expect(store.slice(store.indexOf("--width"), store.indexOf("--width") + 2)).toEqual(["--width", "8"]);
    expect(notes).toMatch(/Construction: mamba-store/);
    const flip = stepArgv(plan.steps.find((s) => s.id === "census-ideal-flip")!, quick);
    expect(flip[flip.indexOf("--state-bits") + 1]).toBe(String(m.mamba.stateBits));
  });

  it("runs a real step: the match command's document, and transformer-index exact at N", async () => {
    const doc = await cliJson("match", "--n", "4", "--format", "fp16");
    expect(doc.kind).toBe("streambound.stateBits");
    expect(doc.matching.mamba.stateBits).toBeGreaterThanOrEqual(doc.matching.transformer.stateBits);
    const grows = doc.series.filter((p: { label: string }) => p.label.startsWith("transformer-index")).map((p: { stateBits: number }) => p.stateBits);
    expect(grows[2]).toBeGreaterThan(grows[1]);
    expect(grows[1]).toBeGreaterThan(grows[0]);
    const step = plan.steps.find((s) => s.id === "census-transformer")!;
    const argv = stepArgv(step, quick);
    const census = await cliJson(...argv.filter((a) => a !== "--json"));
    expect(census.rows.map((r: { accuracyExact: string }) => r.accuracyExact)).toEqual(["1/1", "1/1", "1/1", "1/1"]);
    expect(census.rows.every((r: { exhaustive: boolean }) => r.exhaustive)).toBe(true);
  });
});
