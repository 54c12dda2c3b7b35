import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryIO } from "../../src/cli/io.js";
import { REPRODUCTIONS, planText, runPlan, stepArgv, type Reproduction } from "../../src/reproduce/index.js";
import { gridPoints, readGrid } from "../../src/float/sweepGrid.js";
import { runSlug } from "../../src/float/train.js";
import { describeWith } from "../_helpers/components.js";

const plan = REPRODUCTIONS.get("wen2025-istree")!;
const OUT = "/tmp/sb-istree-plan";
const step = (id: string) => {
  const s = plan.steps.find((x) => x.id === id);
  if (!s) throw new Error(`no step ${id}`);
  return s;
};
const argvOf = (id: string, quick: boolean) => stepArgv(step(id), { quick, device: "cpu", out: OUT });
const flag = (argv: string[], name: string) => argv[argv.indexOf(name) + 1];
const LR = { mamba: 3e-4, transformer: 1e-3, hybrid: 3e-4 } as const;

interface CensusRow { n: number; accuracy: number; bayesOptimalAccuracy: number | null; accuracyUpperBound: number | null; retrievalBitsMax?: number; foolingPair: unknown }
const rowsOf = (out: string, id: string): CensusRow[] => (JSON.parse(readFileSync(join(out, "steps", `${id}.json`), "utf8")) as { rows: CensusRow[] }).rows;

describe("reproduction wen2025-istree: the plan", () => {
  it("trains Mamba, Transformer and hybrid in every mode with theory.md §8's setup, n ∈ {16, 32, 64} at paper scale", () => {
    for (const arch of ["mamba", "transformer", "hybrid"] as const)
      for (const mode of ["direct", "cot", "retrieval"]) {
        for (const quick of [true, false]) {
          const argv = argvOf(`sweep-${arch}-${mode}`, quick);
          expect(argv[0]).toBe("sweep");
          const points = gridPoints(readGrid(flag(argv, "--grid")));
          expect(points.length).toBeGreaterThan(0);
          for (const { options: o } of points) {
            expect([o.task, o.arch, o.mode, o.tiedSinusoidal, o.batch, o.lr, o.weightDecay]).toEqual(["istree", arch, mode, true, 64, LR[arch], 0.01]);
            if (arch === "hybrid") expect(o.base).toBe("mamba");
          }
          const ns = [...new Set(points.map((p) => p.options.n))].sort((a, b) => a - b);
          if (quick) expect(ns).toEqual([mode === "retrieval" ? 6 : 8]);
          else {
            expect(ns).toEqual([16, 32, 64]);
            for (const { options: o } of points) {
              expect(o.steps * o.batch).toBeGreaterThanOrEqual(1_000_000);
              expect(o.validSize).toBe(5000);
            }
          }
          // results reads the very directory the sweep writes
          expect(flag(argvOf(`results-${arch}-${mode}`, quick), "--sweep")).toBe(flag(argv, "--out"));
        }
      }
  });

  it("runs the exact trained-Mamba censuses on weights its own sweeps write", () => {
    for (const [id, sweep] of [["census-r2-mamba-trained", "sweep-mamba-direct"], ["census-r2-mamba-trained-cot", "sweep-mamba-cot"]])
      for (const quick of [true, false]) {
        const sweepArgv = argvOf(sweep, quick);
        const slugs = gridPoints(readGrid(flag(sweepArgv, "--grid"))).map((p) => runSlug(p.options));
        const weights = flag(argvOf(id, quick), "--weights");
        expect(slugs.map((s) => join(flag(sweepArgv, "--out"), s, "weights.safetensors"))).toContain(weights);
      }
  });

  it("prints its reduced sizes with --quick, and covers every reduction, CoT, retrieval and both certificates", () => {
    const quick = planText(plan, { quick: true, device: "cpu", out: OUT });
    expect(quick).toMatch(/--quick: n = 8, width 16, one layer.*100 steps.*retrieval at n = 6, 30 steps/);
    const argvs = plan.steps.map((s) => stepArgv(s, { quick: true, device: "cpu", out: OUT }));
    const reductions = new Set(argvs.filter((a) => a[0] === "census" && a[1] === "istree").map((a) => flag(a, "--reduction")));
    expect([...reductions].sort()).toEqual(["r1", "r1-simple", "r2"]);
    expect(argvs.some((a) => a[0] === "census" && a.includes("--cot") && flag(a, "--model") === "ideal")).toBe(true);
    expect(argvs.some((a) => a[0] === "census" && a.includes("--retrieval") && flag(a, "--model") === "rag-istree")).toBe(true);
    expect(argvs.filter((a) => a[0] === "prove").map((a) => a[1]).sort()).toEqual(["cot-no-rescue", "istree-cot-lower", "istree-cot-lower"]);
  });
});

describe("reproduction wen2025-istree: its exact steps, run", () => {
  it("the 4-bit ceiling falls below 1 past M with CoT as without, rag-istree answers every input, the certificate verifies", async () => {
    const reduced: Reproduction = { ...plan, steps: ["census-r1-ideal4", "census-r1-ideal4-cot", "census-r1-rag-istree", "prove-istree-cot-lower"].map(step) };
    const out = mkdtempSync(join(tmpdir(), "sb-istree-"));
    const { records, index } = await runPlan(reduced, { quick: true, device: "cpu", out, io: memoryIO() });
    expect(records.map((r) => r.status)).toEqual(["ran", "ran", "ran", "ran"]);

    const direct = rowsOf(out, "census-r1-ideal4");
    const cot = rowsOf(out, "census-r1-ideal4-cot");
    expect(cot.map((r) => r.bayesOptimalAccuracy)).toEqual(direct.map((r) => r.bayesOptimalAccuracy));
    for (const r of cot) {
      if (r.n <= 4) expect(r.bayesOptimalAccuracy).toBe(1);
      else {
        expect(r.bayesOptimalAccuracy!).toBeLessThan(1);
        expect(r.bayesOptimalAccuracy!).toBeLessThanOrEqual(r.accuracyUpperBound!);
        expect(r.foolingPair).not.toBeNull();
      }
    }
    const rag = rowsOf(out, "census-r1-rag-istree");
    expect(rag.map((r) => r.n)).toEqual([1, 2, 3, 4, 5, 6]);
    for (const r of rag) {
      expect(r.accuracy).toBe(1);
      expect(r.accuracyUpperBound).toBeNull();
      expect(r.retrievalBitsMax!).toBeGreaterThan(0);
    }
    expect(existsSync(join(out, "certificates", "istree-cot-lower.json"))).toBe(true);
    expect(readFileSync(index, "utf8")).toMatch(/verified/);
  }, 60_000);
});

describeWith("torch", "reproduction wen2025-istree: a float sweep, its results and the exact census of the trained Mamba", () => {
  it("trains the quick Mamba (direct), tabulates it, and runs its weights exactly", async () => {
    const reduced: Reproduction = { ...plan, steps: ["sweep-mamba-direct", "results-mamba-direct", "census-r2-mamba-trained"].map(step) };
    const out = mkdtempSync(join(tmpdir(), "sb-istree-float-"));
    await runPlan(reduced, { quick: true, device: "cpu", out, io: memoryIO() });
    const results = JSON.parse(readFileSync(join(out, "steps", "results-mamba-direct.json"), "utf8")) as { rows: { task: string; n: number; arch: string; width: number; exactCeiling: number | null }[] };
    expect(results.rows.map((r) => [r.task, r.n, r.arch, r.width])).toEqual([["istree", 8, "mamba", 16]]);
    // the exact ceiling is counted on istree/r2 graphs of the runs' own 8 vertices
    expect(results.rows[0].exactCeiling).not.toBeNull();
    expect(results.rows[0].exactCeiling!).toBeLessThanOrEqual(1);
    const spec = JSON.parse(readFileSync(join(out, "sweeps", "mamba-direct", "istree-n8-mamba-w16-l1-lr0.0003-s1", "spec.json"), "utf8")) as { options: { tiedSinusoidal: boolean; lr: number } };
    expect(spec.options).toMatchObject({ tiedSinusoidal: true, lr: 3e-4 });
    const census = rowsOf(out, "census-r2-mamba-trained");
    expect(census.map((r) => r.n)).toEqual([2, 3, 4, 5, 6]);
    // its own states' ceiling bounds its exact accuracy
    for (const r of census) expect(r.accuracy).toBeLessThanOrEqual(r.bayesOptimalAccuracy!);
  }, 120_000);
});
