/**
 * Float twins at paper size (issue 10, item 7), when torch is present: bench/float_bench.py's
 * figures, each beside its goal.
 *  - every recurrent twin at length 2048 (batch 8, width 64, 1 layer): forward and training
 *    tokens/s and peak memory, chunked scan against the sequential one;
 *  - Mamba training at length 2048: chunked against the sequential loop the twin shipped
 *    before (goal ≥ 10×), and against today's sequential reference;
 *  - training inside `train` against a bare PyTorch loop over the same module and batch
 *    (goal: within 10%).
 * On CPU, times are the process's CPU time (torch on one thread), so a shared machine's other
 * load does not enter the ratios; on CUDA, wall time.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { join } from "node:path";
import { packageRoot, pythonExecutable } from "../src/float/pythonRuntime.js";

interface ScanRow {
  figure: "scan";
  arch: string;
  scan: "chunked" | "sequential" | "before";
  device: string;
  length: number;
  forwardTokensPerSecond: number;
  trainTokensPerSecond: number;
  forwardPeakBytes: number;
  trainPeakBytes: number;
}
interface TrainRow {
  figure: "train";
  arch: string;
  device: string;
  length: number;
  trainTokensPerSecond: number;
  bareTokensPerSecond: number;
  bareRuns: number[];
  meanRatio: number;
  ratio: number;
}
type Row = ScanRow | TrainRow | { figure: "error"; arch: string; scan: string; message: string[] };

const python = pythonExecutable();
let torchThere = true;
try {
  execFileSync(python, ["-c", "import torch"], { stdio: "ignore", timeout: 60_000 });
} catch {
  torchThere = false;
}

if (!torchThere) {
  console.log(`float twins: skipped (torch is not importable by ${python})`);
} else {
  const script = join(packageRoot(), "bench", "float_bench.py");
  const run = spawnSync(python, [script], { encoding: "utf8", maxBuffer: 1 << 24, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
  if (run.status !== 0) throw new Error(`bench/float_bench.py failed: ${run.stderr}`);
  const rows = run.stdout
    .trim()
    .split("\n")
    .map((l) => JSON.parse(l) as Row);
  const mib = (b: number) => `${(b / 2 ** 20).toFixed(0)} MiB`;
  const k = (x: number) => `${(x / 1000).toFixed(1)}k`;
  for (const device of [...new Set(rows.filter((r) => r.figure !== "error").map((r) => (r as ScanRow).device))]) {
    const scans = rows.filter((r): r is ScanRow => r.figure === "scan" && r.device === device);
    const length = scans[0]?.length;
    console.log(`float twins on ${device}, length ${length}, batch 8, width 64, 1 layer (tokens/s; peak tensor memory of a training step)`);
    for (const arch of [...new Set(scans.map((r) => r.arch))]) {
      const of = (s: string) => scans.find((r) => r.arch === arch && r.scan === s);
      const c = of("chunked");
      const s = of("sequential");
      if (!c || !s) continue;
      console.log(
        `  ${arch.padEnd(16)} chunked: forward ${k(c.forwardTokensPerSecond)}, train ${k(c.trainTokensPerSecond)}, peak ${mib(c.trainPeakBytes)} | ` +
          `sequential: forward ${k(s.forwardTokensPerSecond)}, train ${k(s.trainTokensPerSecond)}, peak ${mib(s.trainPeakBytes)} | ` +
          `train speed-up ${(c.trainTokensPerSecond / s.trainTokensPerSecond).toFixed(2)}×`,
      );
    }
    const c = scans.find((r) => r.arch === "mamba" && r.scan === "chunked");
    const before = scans.find((r) => r.arch === "mamba" && r.scan === "before");
    const seq = scans.find((r) => r.arch === "mamba" && r.scan === "sequential");
    if (c && before && seq) {
      const speedup = c.trainTokensPerSecond / before.trainTokensPerSecond;
      console.log(
        `  Mamba training at ${length}: chunked ${k(c.trainTokensPerSecond)} vs the loop shipped before ${k(before.trainTokensPerSecond)} tokens/s = ${speedup.toFixed(1)}×; ` +
          `goal ≥ 10× -> ${speedup >= 10 ? "met" : "NOT met"} (vs today's sequential reference: ${(c.trainTokensPerSecond / seq.trainTokensPerSecond).toFixed(2)}×)`,
      );
    }
    for (const t of rows.filter((r): r is TrainRow => r.figure === "train" && r.device === device)) {
      console.log(
        `  train vs bare loop, ${t.arch} at length ${t.length}: fastest step ${t.ratio.toFixed(3)} of the bare loop's; goal ≥ 0.9 -> ${t.ratio >= 0.9 ? "met" : "NOT met"} ` +
          `(means: ${k(t.trainTokensPerSecond)} vs ${k(t.bareTokensPerSecond)} tokens/s = ${t.meanRatio.toFixed(3)}, bare runs ${t.bareRuns.map(k).join(" and ")})`,
      );
    }
  }
  for (const e of rows.filter((r) => r.figure === "error")) console.log(`  error: ${JSON.stringify(e)}`);
}
