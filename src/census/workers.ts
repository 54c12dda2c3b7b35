import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker } from "node:worker_threads";
import { userError, UserError } from "../util/errors.js";
import { aliceLength } from "../comm/reduction.js";
import { buildCensus, type CensusRecipe } from "./recipe.js";
import { censusRow, checkPlannedMemory, DEFAULT_MAX_BYTES, exactCensus } from "./exact.js";
import { mergeClassParts } from "./merge.js";
import { checkExhaustiveSize, type ShardResult, type ShardSpec } from "./shard.js";
import { KeyTable } from "./_internals/keyTable.js";
import type { ShardTask } from "./_internals/shardWorker.js";
import type { CensusProgress, CensusRow } from "./types.js";

/** Below this many inputs a census with the default worker count stays on the main thread (same result, no start-up cost). */
export const PARALLEL_MIN_INPUTS = 2 ** 14;

export function defaultWorkers(): number {
  return availableParallelism();
}

/** The compiled worker script; from the TypeScript sources (tests), the build's copy. */
function workerScript(): URL | null {
  const here = fileURLToPath(import.meta.url);
  if (here.endsWith(".js")) return new URL("./_internals/shardWorker.js", import.meta.url);
  const built = here.replace(/[\\/]src[\\/]census[\\/]workers\.ts$/, "/dist/src/census/_internals/shardWorker.js");
  return built !== here && existsSync(built) ? pathToFileURL(built) : null;
}

/**
 * How W workers split the inputs: by their low b bits, b = ⌈log₂ W⌉ + 2 (at most n), prefix p
 * going to worker p mod W, so each worker runs one breadth-first pass over its prefixes.
 */
export function workerShards(n: number, W: number): ShardSpec[] {
  const bits = Math.min(n, Math.ceil(Math.log2(W)) + 2);
  const specs: ShardSpec[] = [];
  for (let w = 0; w < Math.min(W, 2 ** bits); w++) {
    const prefixes: number[] = [];
    for (let p = w; p < 2 ** bits; p += W) prefixes.push(p);
    specs.push({ bits, prefixes });
  }
  return specs;
}

export interface ParallelOptions {
  recipe: CensusRecipe;
  ns: readonly number[];
  /** Worker threads; null = the cores available, used only from PARALLEL_MIN_INPUTS inputs up. */
  workers: number | null;
  maxBytes?: number;
  onProgress?: (p: CensusProgress) => void;
}

/**
 * The exact census on worker threads: each worker runs a breadth-first pass over its share of
 * the inputs; the classes merge exactly, and so do the distinct states after every block, so
 * the rows are byte-identical to a single-thread census.
 */
export async function parallelCensus(o: ParallelOptions): Promise<CensusRow[]> {
  const W = o.workers ?? defaultWorkers();
  if (!Number.isInteger(W) || W < 1) userError(`--workers must be a whole number ≥ 1 (got ${o.workers})`);
  const opts = buildCensus(o.recipe);
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES;
  const script = W > 1 ? workerScript() : null;
  if (W > 1 && !script && o.workers !== null) throw new Error("census workers need the compiled build (npm run build)");
  const rows: CensusRow[] = [];
  let pool: Worker[] = [];
  try {
    for (const n of o.ns) {
      const parallel = script && W > 1 && (o.workers !== null || 2 ** n >= PARALLEL_MIN_INPUTS);
      if (!parallel) {
        rows.push(exactCensus({ ...opts, maxBytes, onProgress: o.onProgress }, n));
        continue;
      }
      checkExhaustiveSize(n);
      const model = opts.modelFor(n);
      checkPlannedMemory(n, model.stateBits(aliceLength(opts.reduction, n)), maxBytes);
      const specs = workerShards(n, W);
      // Workers inherit node's flags, except --input-type, which only applies to a string entry (node -e).
      const execArgv = process.execArgv.filter((a) => !a.startsWith("--input-type"));
      while (pool.length < specs.length) pool.push(new Worker(script!, { execArgv }));
      const results = await runShards(pool, specs, o.recipe, n, maxBytes, o.onProgress);
      const perBlock = unionPerBlock(results, n);
      const merged = mergeClassParts(opts.reduction, results.map((r) => r.parts));
      perBlock.push(String(merged.distinct));
      rows.push(censusRow(opts.reduction, model, n, merged, opts.cot ?? null, perBlock));
      o.onProgress?.({ n, done: 2 * n, total: 2 * n });
    }
  } finally {
    await Promise.all(pool.map((w) => w.terminate()));
    pool = [];
  }
  return rows;
}

function runShards(
  pool: Worker[],
  specs: ShardSpec[],
  recipe: CensusRecipe,
  n: number,
  maxBytes: number,
  onProgress?: (p: CensusProgress) => void,
): Promise<ShardResult[]> {
  const fraction = specs.map(() => 0);
  const report = () => {
    const f = fraction.reduce((a, b) => a + b, 0) / specs.length;
    onProgress?.({ n, done: Math.floor(2 * n * f), total: 2 * n });
  };
  return Promise.all(
    specs.map(
      (spec, w) =>
        new Promise<ShardResult>((resolve, reject) => {
          const worker = pool[w];
          const cleanup = () => {
            worker.removeAllListeners("message");
            worker.removeAllListeners("error");
          };
          worker.on("message", (m: { type: string; [k: string]: unknown }) => {
            if (m.type === "progress") {
              const done = m.done as number;
              const total = m.total as number;
              fraction[w] = m.phase === "alice" ? (0.5 * done) / total : 0.5 + (0.5 * done) / Math.max(1, total);
              report();
            } else if (m.type === "result") {
              cleanup();
              resolve(m.result as ShardResult);
            } else {
              cleanup();
              reject(m.user ? new UserError(String(m.message)) : Object.assign(new Error(String(m.message)), { stack: String(m.stack) }));
            }
          });
          worker.once("error", (e) => {
            cleanup();
            reject(e);
          });
          const task: ShardTask = { recipe, n, spec, maxBytes: maxBytes / (specs.length + 1) };
          worker.postMessage(task);
        }),
    ),
  );
}

/** Distinct states after each block but the last, over all workers (each shard's keys are distinct within it). */
function unionPerBlock(results: ShardResult[], n: number): string[] {
  const out: string[] = [];
  for (let j = 0; j < n - 1; j++) {
    const width = results[0].layerWidths[j];
    const table = new KeyTable(width, Math.max(...results.map((r) => r.layerCounts[j])));
    for (const r of results) {
      const keys = r.layerKeys![j];
      for (let c = 0; c < r.layerCounts[j]; c++) table.insert(keys, c * width);
      r.layerKeys![j] = new Uint32Array(0);
    }
    out.push(String(table.size));
  }
  return out;
}
