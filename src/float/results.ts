import { existsSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { runCensus } from "../census/census.js";
import { indexBound } from "../census/bound.js";
import { getReduction } from "../comm/reductions/registry.js";
import { loadWeights } from "../models/weights/load.js";
import { parseFormat } from "../numeric/parseFormat.js";
import type { StreamingModel } from "../stream/model.js";
import { UserError, userError } from "../util/errors.js";
import type { Format } from "../numeric/format.js";
import { architectureNamed } from "../models/architectures.js";
import { RNN_ARCHITECTURES, stateBits } from "./architectures.js";
import { exactEvalPath, readJson, runPath, runState } from "./runDirectory.js";
import type { EvalResult } from "./evalRun.js";
import type { RunResult, RunSpec } from "./train.js";

export interface ResultsOptions {
  readonly sweep: string;
  /**
   * A what-if: the format of the state bits M and of the exact ceiling. Default: the dtype the
   * runs were trained in (float32, so fp32), since that is the state the trained model has.
   */
  readonly format?: string;
  /** Largest n for which the exhaustive census runs (2^n inputs; default 16 for recurrent models, 10 where the state grows with t); beyond it the ceiling is null. */
  readonly censusMaxN?: number;
}

export interface ResultsRow {
  readonly task: string;
  readonly n: number;
  readonly arch: string;
  readonly width: number;
  readonly layers: number;
  /** Finished runs in the group (every seed and lr: never best-of alone). */
  readonly runs: number;
  /** Mean test exact match (every supervised token, argmax over the vocabulary). */
  readonly meanAccuracy: number;
  /** Mean test answer accuracy (argmax over the answer tokens); null when a run predates it. */
  readonly meanAnswerAccuracy: number | null;
  /** Sample standard deviation over runs (0 for one run). */
  readonly stdAccuracy: number;
  readonly minAccuracy: number;
  readonly maxAccuracy: number;
  /** State bits M at the format, after the n + 1 input tokens (transformers grow with t). */
  readonly stateBits: number;
  readonly stateBitsFormula: string;
  /** Index: 1 − H₂⁻¹(1 − M/n), the ceiling of ANY M-bit model (null for other tasks). */
  readonly universalBound: number | null;
  /**
   * The exact Bayes-optimal accuracy of the trained models' own state maps at the format
   * (census over all 2^n inputs; the largest over the group's runs). null when not computed,
   * with the reason in ceilingNote.
   */
  readonly exactCeiling: number | null;
  readonly ceilingNote: string;
  /**
   * Argmax agreement of the bit-exact model with its twin, pooled over the group's runs that have
   * an `eval --in exact` recorded at the format on their own task, n and mode
   * (eval-exact-<format>.json): agreeing / positions. null when none has.
   */
  readonly argmaxAgreement: { readonly rate: number | null; readonly agreeing: number; readonly positions: number; readonly runs: number; readonly dtypes: string[] } | null;
  readonly devices: string[];
}

/** Every run trains in float32 (src/float/python/training.py builds the twin in torch's default dtype). */
export const TRAINING_FORMAT = "fp32";

export interface ResultsTable {
  readonly sweep: string;
  readonly format: string;
  /** true when --format chose the format (a what-if), false when it is the runs' training dtype. */
  readonly formatIsWhatIf: boolean;
  readonly rows: ResultsRow[];
  /** Points of the sweep without result.json yet. */
  readonly unfinished: number;
}

/** Aggregates a sweep directory's finished runs per (task, n, arch, width). */
export function sweepResults(o: ResultsOptions): ResultsTable {
  const dir = resolve(o.sweep);
  if (!existsSync(join(dir, "sweep.json"))) userError(`${dir} is not a sweep directory (no sweep.json)`);
  const format = parseFormat(o.format ?? TRAINING_FORMAT);
  const censusMaxN = o.censusMaxN;
  const groups = new Map<string, { spec: RunSpec; dir: string; result: RunResult }[]>();
  let unfinished = 0;
  for (const name of readdirSync(dir, { withFileTypes: true })) {
    if (!name.isDirectory()) continue;
    const run = join(dir, name.name);
    const state = runState(run);
    if (state === "empty") continue;
    if (state !== "finished") {
      unfinished++;
      continue;
    }
    const spec = readJson<RunSpec>(runPath(run, "spec"), "run spec");
    const result = readJson<RunResult>(runPath(run, "result"), "run result");
    const o2 = spec.options;
    const key = JSON.stringify([o2.task, o2.n, o2.arch, o2.width, o2.layers]);
    groups.set(key, [...(groups.get(key) ?? []), { spec, dir: run, result }]);
  }
  const rows: ResultsRow[] = [];
  for (const runs of groups.values()) {
    const { spec } = runs[0];
    const accs = runs.map((r) => r.result.testAccuracy);
    const mean = accs.reduce((a, b) => a + b, 0) / accs.length;
    const std = accs.length > 1 ? Math.sqrt(accs.reduce((a, b) => a + (b - mean) ** 2, 0) / (accs.length - 1)) : 0;
    const t = spec.dataset.n + 1;
    const m = exactStateBits(runs[0].dir, spec, format, t) ?? stateBits(spec.architecture, spec.config, format.bits, t);
    const isIndex = spec.dataset.task === "index";
    const ceiling = exactCeiling(runs, format.name, censusMaxN);
    rows.push({
      task: spec.dataset.task,
      n: spec.dataset.n,
      arch: spec.options.arch,
      width: spec.options.width,
      layers: spec.options.layers,
      runs: runs.length,
      meanAccuracy: mean,
      meanAnswerAccuracy: runs.every((r) => typeof r.result.testAnswerAccuracy === "number")
        ? runs.reduce((a, r) => a + r.result.testAnswerAccuracy!, 0) / runs.length
        : null,
      stdAccuracy: std,
      minAccuracy: Math.min(...accs),
      maxAccuracy: Math.max(...accs),
      stateBits: m.bits,
      stateBitsFormula: m.formula,
      universalBound: isIndex ? indexBound(spec.dataset.n, m.bits).accuracyUpperBound : null,
      exactCeiling: ceiling.value,
      ceilingNote: ceiling.note,
      argmaxAgreement: recordedAgreement(runs, format.name),
      devices: [...new Set(runs.map((r) => r.result.device))],
    });
  }
  rows.sort((a, b) => a.task.localeCompare(b.task) || a.n - b.n || a.arch.localeCompare(b.arch) || a.width - b.width || a.layers - b.layers);
  return { sweep: dir, format: format.name, formatIsWhatIf: o.format !== undefined, rows, unfinished };
}

/** Pools the agreement recorded by `eval --in exact` at this format, on each run's own dataset. */
function recordedAgreement(runs: { spec: RunSpec; dir: string }[], formatName: string): ResultsRow["argmaxAgreement"] {
  let agreeing = 0;
  let positions = 0;
  let counted = 0;
  const dtypes = new Set<string>();
  for (const r of runs) {
    const path = exactEvalPath(r.dir, formatName);
    if (!existsSync(path)) continue;
    const e = readJson<EvalResult>(path, "recorded exact eval");
    const d = r.spec.dataset;
    if (!e.argmaxAgreement || e.numbers !== formatName || e.task !== d.task || e.n !== d.n || e.mode !== d.mode) continue;
    agreeing += e.argmaxAgreement.agreeing;
    positions += e.argmaxAgreement.positions;
    dtypes.add(e.argmaxAgreement.dtype);
    counted++;
  }
  if (!counted) return null;
  return { rate: positions ? agreeing / positions : null, agreeing, positions, runs: counted, dtypes: [...dtypes].sort() };
}

/**
 * M from the bit-exact model's own encoding (src/models/architectures.ts) when the architecture
 * has one and loads at this format; null otherwise (the twin's formula is used then).
 */
function exactStateBits(dir: string, spec: RunSpec, format: Format, t: number): { bits: number; formula: string } | null {
  if (!architectureNamed(spec.architecture)) return null;
  try {
    const { model } = loadWeights(runPath(dir, "weights"), { format, architecture: spec.architecture });
    const m = model as StreamingModel<unknown>;
    return { bits: m.stateBits(t), formula: `${m.describe().stateBitsFormula} (the bit-exact model, t = ${t})` };
  } catch (e) {
    if (e instanceof UserError) return null;
    throw e;
  }
}

function exactCeiling(
  runs: { spec: RunSpec; dir: string }[],
  formatName: string,
  censusMaxN: number | undefined,
): { value: number | null; note: string } {
  const spec = runs[0].spec;
  if (!architectureNamed(spec.architecture)) {
    return { value: null, note: `pending: no bit-exact TypeScript ${spec.architecture} yet` };
  }
  if (spec.dataset.mode !== "direct") return { value: null, note: "census of direct mode only" };
  // a growing state (KV cache) makes every input its own class: 2^n full runs, so a lower default
  const maxN = censusMaxN ?? ((RNN_ARCHITECTURES as readonly string[]).includes(spec.architecture) ? 16 : 10);
  if (spec.dataset.n > maxN) return { value: null, note: `n > ${maxN}: exhaustive census skipped (--census-max-n)` };
  const format = parseFormat(formatName);
  // IsTree's n counts vertices: r2 at n − 2 bits draws graphs of exactly n vertices from the official binary family, the runs' own distribution
  const isTree = spec.dataset.task === "istree";
  const reduction = isTree ? getReduction("istree", "r2") : getReduction(spec.dataset.task);
  const censusN = isTree ? spec.dataset.n - 2 : spec.dataset.n;
  if (censusN < 1 || reduction.vocabSize(censusN) > spec.dataset.vocabSize) return { value: null, note: `no reduction of ${spec.dataset.task} fits the runs' vocabulary at n = ${spec.dataset.n}` };
  let best = -1;
  for (const r of runs) {
    const { model } = loadWeights(runPath(r.dir, "weights"), { format, architecture: spec.architecture });
    const [row] = runCensus({ reduction, modelFor: () => model as StreamingModel<unknown> }, [censusN]);
    if (row.bayesOptimalAccuracy !== null) best = Math.max(best, row.bayesOptimalAccuracy);
  }
  const where = isTree ? ` on istree/r2 at ${censusN} bits (graphs of ${spec.dataset.n} vertices)` : "";
  return best < 0 ? { value: null, note: "census gave no Bayes-optimal accuracy" } : { value: best, note: `exhaustive census at ${formatName}${where}, best of ${runs.length} run(s)` };
}
