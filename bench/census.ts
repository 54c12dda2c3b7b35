/**
 * Census at scale (issue 10), each figure beside its goal:
 *  1. the n = 20 exact census of a seeded width-4 fp32 LSTM on Index (D(n) = 2^n), on 2 workers,
 *     against bench/census_torch.py: a PyTorch float32 batched enumeration of the same model with
 *     the same weights (all 2^n prefixes, dedupe the final (h, c), score every query), 2 threads;
 *  2. the n = 24 census of the same model on 2 workers: wall time and peak memory. It is long, so
 *     it is its own entry (`node dist/bench/run.js census24`, `npm run bench:census24`), for a
 *     quiet machine; it runs in a child process so its peak is its own;
 *  3. a 1-layer Transformer census on Index at n = 16.
 *
 * BENCH_CENSUS_N overrides the n of 1, BENCH_TRANSFORMER_N the n of 3 (smaller for a quick look).
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { parallelCensus } from "../src/census/workers.js";
import type { CensusRecipe } from "../src/census/recipe.js";
import { indexReduction } from "../src/comm/reductions/indexReduction.js";
import { createLstm } from "../src/models/lstm.js";
import { saveWeights } from "../src/models/weights/save.js";
import { parseFormat } from "../src/numeric/index.js";
import { packageRoot } from "../src/cluster/packageRoot.js";

const root = packageRoot();
const python = process.env.STREAMBOUND_PYTHON ?? "/usr/bin/python3";

/** The CLI's census in a child process, so its wall time and peak memory (all threads) are its own. */
function childCensus(argv: string[]): { code: number; seconds: number; cpuSeconds: number; peakGiB: number; doc: { rows: { distinctStates: string; accuracyExact: string }[] } | null } {
  const script =
    `const m = await import(${JSON.stringify(resolve(root, "dist", "src", "cli", "main.js"))});` +
    `let text = ""; const io = { out: (t) => { text += t; }, err: (t) => process.stderr.write(t), interactive: false };` +
    `const t0 = performance.now(); const code = await m.main(${JSON.stringify([...argv, "--json"])}, io);` +
    `process.stdout.write(JSON.stringify({ code, seconds: (performance.now() - t0) / 1000, maxRssKiB: process.resourceUsage().maxRSS, cpu: (process.resourceUsage().userCPUTime + process.resourceUsage().systemCPUTime) / 1e6, doc: code === 0 ? JSON.parse(text) : null }));`;
  const out = JSON.parse(execFileSync(process.execPath, ["--input-type=module", "-e", script], { encoding: "utf8", maxBuffer: 1 << 28 }));
  return { code: out.code, seconds: out.seconds, cpuSeconds: out.cpu, peakGiB: out.maxRssKiB / 2 ** 20, doc: out.doc };
}

async function timedCensus(recipe: CensusRecipe, n: number, workers: number) {
  const t0 = performance.now();
  const [row] = await parallelCensus({ recipe, ns: [n], workers, maxBytes: 8 * 2 ** 30 });
  return { row, seconds: (performance.now() - t0) / 1000 };
}

function torchAvailable(): boolean {
  try {
    execFileSync(python, ["-c", "import torch"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
}

/** 1. The fp32 census at n = 20 against PyTorch. */
export function benchFp32Census(): void {
  const n = Number(process.env.BENCH_CENSUS_N ?? 20);
  const run = childCensus(["census", "index", "--model", "lstm", "--width", "4", "--format", "fp32", "--n", String(n), "--workers", "2", "--max-memory", "8"]);
  const seconds = run.seconds;
  const row = run.doc!.rows[0];
  console.log(`census: LSTM width 4 at fp32, Index n=${n}, exhaustive, 2 workers`);
  console.log(`  D(n) = ${row.distinctStates} (2^${Math.log2(Number(row.distinctStates)).toFixed(2)}), accuracy ${row.accuracyExact}, wall time ${seconds.toFixed(2)} s (CPU ${run.cpuSeconds.toFixed(1)} s), peak memory ${run.peakGiB.toFixed(2)} GiB`);
  if (torchAvailable()) {
    const dir = mkdtempSync(join(tmpdir(), "sb-bench-"));
    try {
      const weights = join(dir, "lstm.json");
      saveWeights(createLstm({ width: 4, layers: 1, format: parseFormat("fp32"), vocabSize: indexReduction.vocabSize(n), seed: 1 }), weights, "json");
      const out = JSON.parse(execFileSync(python, [resolve(root, "bench", "census_torch.py"), weights, String(n), "2"], { encoding: "utf8" }));
      const ratio = seconds / out.seconds;
      console.log(`  PyTorch float32 batched enumeration (2 threads): ${out.seconds.toFixed(2)} s (CPU ${out.cpuSeconds.toFixed(1)} s), ${out.distinct} distinct (h, c), accuracy ${out.accuracy}`);
      console.log(`  exact / PyTorch = ${ratio.toFixed(2)}x wall (CPU time: ${(run.cpuSeconds / out.cpuSeconds).toFixed(2)}x); goal ≤ 2x -> ${ratio <= 2 ? "met" : "NOT met"}`);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  } else console.log("  PyTorch comparison skipped: torch is not importable by " + python);
}

/** 2. n = 24 on 2 workers (long). */
export function benchCensus24(): void {
  const n = 24;
  const run = childCensus(["census", "index", "--model", "lstm", "--width", "4", "--format", "fp32", "--n", String(n), "--workers", "2", "--max-memory", "8"]);
  console.log(`census: LSTM width 4 at fp32, Index n=${n}, 2 workers: exit ${run.code}, D(n) = ${run.doc?.rows[0].distinctStates}, wall time ${run.seconds.toFixed(1)} s, peak memory ${run.peakGiB.toFixed(2)} GiB`);
  console.log(`  goal: under 10 min within 8 GiB -> ${run.code === 0 && run.seconds < 600 && run.peakGiB <= 8 ? "met" : "NOT met"}`);
}

/** 3. A 1-layer Transformer on Index at n = 16. */
export async function benchTransformerCensus(): Promise<void> {
  const n = Number(process.env.BENCH_TRANSFORMER_N ?? 16);
  const recipe: CensusRecipe = { task: "index", params: {}, model: { model: "transformer", width: 8, layers: 1, format: "fp32", seed: 1 }, nMax: n, cot: false };
  const { row, seconds } = await timedCensus(recipe, n, 2);
  console.log(`census: 1-layer Transformer width 8 at fp32, Index n=${n}, 2 workers: D(n) = ${row.distinctStates}, accuracy ${row.accuracyExact}, wall time ${seconds.toFixed(2)} s (no goal; the issue asks for the figure)`);
}
