import { mkdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError, userError } from "../util/errors.js";
import { readJson, runPath, runState, writeJsonAtomic } from "./runDirectory.js";
import { gridPoints, type Grid, type GridPoint } from "./sweepGrid.js";
import { runTrain, type RunResult, type RunSpec, type TrainHooks } from "./train.js";
import { probeTorch } from "./workerProcess.js";

export type PointOutcome = "skipped" | "trained" | "resumed" | "failed" | "interrupted";

export interface PointReport {
  readonly id: string;
  readonly dir: string;
  readonly outcome: PointOutcome;
  readonly result?: RunResult;
  readonly error?: string;
  /** CUDA_VISIBLE_DEVICES the point ran with, when on a multi-GPU machine. */
  readonly gpu?: number;
}

export interface SweepOptions {
  readonly grid: Grid;
  /** The sweep directory: one run directory per point, plus sweep.json. */
  readonly out: string;
  /** Points running at once (default: the number of GPUs when there are several, else 1). */
  readonly parallel?: number;
  /** Run only this point (0-based index in grid order): what a Slurm array task does. */
  readonly point?: number;
  readonly signal?: AbortSignal;
  readonly onPointStart?: (p: GridPoint, index: number, total: number) => void;
  readonly onPointEnd?: (r: PointReport, index: number, total: number) => void;
  /** Progress of the running points (for a bar). */
  readonly hooks?: (p: GridPoint) => Pick<TrainHooks, "onProgress" | "onMetrics">;
}

export interface SweepReport {
  readonly out: string;
  readonly points: PointReport[];
  readonly interrupted: boolean;
}

/**
 * Runs every grid point once. A finished point (result.json) is skipped; a started one resumes
 * from its checkpoint; so after Ctrl-C, rerunning finishes the rest without redoing anything.
 */
export async function runSweep(o: SweepOptions): Promise<SweepReport> {
  const out = resolve(o.out);
  const all = gridPoints(o.grid);
  let todo = all.map((p, index) => ({ p, index }));
  if (o.point !== undefined) {
    if (!(Number.isInteger(o.point) && o.point >= 0 && o.point < all.length)) {
      userError(`--point must be 0..${all.length - 1} (the grid has ${all.length} points), got ${o.point}`);
    }
    todo = [todo[o.point]];
  }
  mkdirSync(out, { recursive: true });
  writeJsonAtomic(join(out, "sweep.json"), { kind: "streambound-sweep", version: 1, grid: o.grid, points: all.map((p) => p.id) });
  for (const { p } of todo) checkSameOptions(join(out, p.id), p);

  const needsWork = todo.some(({ p }) => runState(join(out, p.id)) !== "finished");
  const probe = needsWork ? await probeTorch() : undefined;
  const gpus = probe?.cuda ? probe.deviceCount : 0;
  const parallel = o.parallel ?? (gpus > 1 ? gpus : 1);
  if (!(Number.isInteger(parallel) && parallel >= 1)) userError(`--parallel must be a whole number ≥ 1 (got ${parallel})`);

  const reports: PointReport[] = new Array(todo.length);
  let next = 0;
  const worker = async (slot: number): Promise<void> => {
    while (next < todo.length && !o.signal?.aborted) {
      const k = next++;
      const { p, index } = todo[k];
      const dir = join(out, p.id);
      const gpu = gpus > 1 && p.options.device !== "cpu" ? slot % gpus : undefined;
      o.onPointStart?.(p, index, all.length);
      const report = await runPoint(p, dir, gpu, o);
      reports[k] = report;
      o.onPointEnd?.(report, index, all.length);
    }
  };
  await Promise.all(Array.from({ length: Math.min(parallel, todo.length) }, (_, slot) => worker(slot)));
  const done = reports.filter((r): r is PointReport => r !== undefined);
  return { out, points: done, interrupted: Boolean(o.signal?.aborted) };
}

async function runPoint(p: GridPoint, dir: string, gpu: number | undefined, o: SweepOptions): Promise<PointReport> {
  const state = runState(dir);
  const base = { id: p.id, dir, ...(gpu !== undefined ? { gpu } : {}) };
  if (state === "finished") return { ...base, outcome: "skipped", result: readJson<RunResult>(runPath(dir, "result"), "run result") };
  try {
    const result = await runTrain(state === "started" ? undefined : p.options, state === "started" ? { resumeDir: dir } : { out: dir }, {
      signal: o.signal,
      env: gpu !== undefined ? { CUDA_VISIBLE_DEVICES: String(gpu) } : undefined,
      ...o.hooks?.(p),
    });
    return { ...base, outcome: state === "started" ? "resumed" : "trained", result };
  } catch (e) {
    if (o.signal?.aborted) return { ...base, outcome: "interrupted", error: (e as Error).message };
    if (e instanceof UserError) return { ...base, outcome: "failed", error: e.message };
    throw e;
  }
}

/** A point started under other options (the grid changed) must not be silently resumed. */
function checkSameOptions(dir: string, p: GridPoint): void {
  if (runState(dir) === "empty") return;
  const spec = readJson<RunSpec>(runPath(dir, "spec"), "run spec");
  if (JSON.stringify(spec.options) !== JSON.stringify(p.options)) {
    userError(`${dir} was started with other options than the grid now gives; move it away or restore the grid`);
  }
}
