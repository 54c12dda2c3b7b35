import chalk from "chalk";
import type { CliCommand } from "../command.js";
import { jsonOption, seedOption } from "../command.js";
import { withModelOptions, modelRequest, reductionParams } from "../modelOptions.js";
import { parseSizes } from "../range.js";
import { progressBar } from "../progress.js";
import { writeFileAtomic, type CliIO } from "../io.js";
import { getReduction } from "../../comm/reductions/registry.js";
import { modelFactory, type ModelRequest } from "../../models/registry.js";
import { existsSync, readFileSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { runCensus } from "../../census/census.js";
import type { CensusProgress, CensusRow, SearchOptions } from "../../census/types.js";
import { parallelCensus } from "../../census/workers.js";
import { censusShard, shardOf } from "../../census/shard.js";
import { checkPlannedMemory } from "../../census/exact.js";
import { modelHash, type CensusRecipe } from "../../census/recipe.js";
import { parseShardFile, shardRow, SHARD_KIND, type ShardFile, type ShardRow } from "../../census/shardFile.js";
import { MemoryBudget } from "../../census/_internals/memoryBudget.js";
import { writeCensusJobs } from "../../cluster/censusJobs.js";
import { defaultCotLimit, type CotOptions } from "../../comm/game.js";
import { userError } from "../../util/errors.js";
import type { StreamingModel } from "../../stream/model.js";
import type { Reduction } from "../../comm/reduction.js";
import { aliceLength, fullInput, parseBits } from "../../comm/reduction.js";
import { predict } from "../../stream/model.js";
import { evalInWorker } from "../../float/evalInWorker.js";
import { checkSearchBudget } from "../censusBudget.js";
import { retrievalCensus, type RetrievalCensusRow } from "../../census/retrievalCensus.js";
import { isRagModel } from "../../models/rag.js";
import { dyckCensusDocument, dyckCensusTable } from "../dyckString.js";

/** How the float twin answers a fooling pair: does it, too, give both inputs one answer? */
export interface FloatCheck {
  dtype: "float32";
  device: string;
  /** Predicted answer token for (x, query) and (x′, query), among the answer tokens. */
  outputs: [number, number];
  logits: [number[], number[]];
  sameAnswer: boolean;
  /** Whether the float model answers each input correctly. */
  correct: [boolean, boolean];
}

export interface CensusDocument {
  task: string;
  reduction: string;
  model: string;
  format: string | null;
  stateBits: number;
  stateBitsFormula: string;
  seed: number;
  search: string | null;
  cot: boolean;
  /** Two-way: Bob's chain of thought asks the model's retriever (rows carry retrievalBits*). */
  retrieval?: boolean;
  rows: (CensusRow & { floatCheck?: FloatCheck } & Partial<RetrievalCensusRow>)[];
}

/** Every fooling pair's two full inputs through the PyTorch twin at float32, in one worker call. */
export async function addFloatCheck(doc: CensusDocument, weights: string, device: "auto" | "cpu" | "cuda"): Promise<void> {
  const reduction = getReduction(doc.task, doc.reduction);
  const withPairs = doc.rows.filter((r) => r.foolingPair);
  if (withPairs.length === 0) return;
  const sequences = withPairs.flatMap((r) =>
    [r.foolingPair!.x, r.foolingPair!.xPrime].map((x) => fullInput(reduction, r.n, parseBits(x), r.foolingPair!.query)),
  );
  const result = await evalInWorker(weights, sequences, { dtype: "float32", device, architecture: doc.model });
  withPairs.forEach((row, k) => {
    const answers = reduction.answerTokens(row.n);
    const fp = row.foolingPair!;
    const logits: [number[], number[]] = [result.logits[2 * k], result.logits[2 * k + 1]];
    const outputs = logits.map((l) => predict(l, answers)) as [number, number];
    row.floatCheck = {
      dtype: "float32",
      device: result.device,
      outputs,
      logits,
      sameAnswer: outputs[0] === outputs[1],
      correct: [outputs[0] === fp.expected, outputs[1] === fp.expectedPrime],
    };
  });
}

/** Values the builder gives flags nobody passed: a job leaves them out (same meaning, and flags that need others stay unused). */
const CENSUS_DEFAULTS: Record<string, unknown> = { seed: seedOption.default, samples: 4096, cot: false, retrieval: false, "max-memory": 3, "float-check": true, device: "auto" };

export const censusCommand: CliCommand = {
  command: "census <task>",
  describe: "count the model's distinguishable states and its exact accuracy on a reduction",
  builder: (y) =>
    withModelOptions(y)
      .positional("task", { type: "string", describe: "task (index, …)" })
      .option("n", { type: "string", demandOption: true, describe: "sizes: 8, 1..20, 8..1024x2 (doubling) or 4,8,16" })
      .option("seed", seedOption)
      .option("search", { choices: ["sample", "flip"] as const, describe: "sampled search past exhaustive sizes" })
      .option("samples", { type: "number", default: CENSUS_DEFAULTS.samples as number, describe: "inputs drawn per n with --search" })
      .option("cot", { type: "boolean", default: false, describe: "Bob generates a chain of thought before answering" })
      .option("retrieval", { type: "boolean", default: CENSUS_DEFAULTS.retrieval as boolean, describe: "rag-* models: a two-way census, Bob's chain of thought asks the model's retriever (every query and answer counted)" })
      .option("max-memory", { type: "number", default: CENSUS_DEFAULTS["max-memory"] as number, describe: "GiB an exhaustive census may use" })
      .option("workers", { type: "number", describe: "worker threads of an exhaustive census (default: the cores available)" })
      .option("shard", { type: "string", describe: "k/K: enumerate only the inputs whose first log2 K bits are k; write its classes to --out (then: streambound merge)" })
      .option("emit", { choices: ["slurm"] as const, describe: "write Slurm jobs for --shards K shards and their merge into the --out directory instead of running" })
      .option("shards", { type: "number", describe: "with --emit slurm: the number of shards K (a power of two)" })
      .option("out", { type: "string", describe: "also write the JSON document to this file (whole or not at all); with --shard the shard file, with --emit the job directory" })
      .option("float-check", { type: "boolean", default: true, describe: "with --weights FILE.safetensors: run each fooling pair through the PyTorch twin at float32" })
      .option("device", { choices: ["auto", "cpu", "cuda"] as const, default: "auto", describe: "device of the float check" })
      .option("json", jsonOption),
  async run(args, io) {
    if (String(args.task) === "dyck") {
      const dyck = dyckCensusDocument(args, io);
      if (args.out) writeFileAtomic(String(args.out), JSON.stringify(dyck, null, 2) + "\n");
      io.out(args.json ? JSON.stringify(dyck) + "\n" : dyckCensusTable(dyck));
      return;
    }
    if (args.retrieval && (args.emit !== undefined || args.shard !== undefined || args.workers !== undefined)) {
      userError("--retrieval runs a two-way census in one process; drop --workers, --shard and --emit");
    }
    const plan = censusPlan(args);
    if (args.emit !== undefined) return emitSlurm(args, plan, io);
    if (args.shard !== undefined) return runShard(args, plan, io);
    if (args.shards !== undefined) userError("--shards goes with --emit slurm (one shard at a time: --shard k/K)");
    const doc = await censusDocument(args, io, plan);
    if (args.weights && args["float-check"] && String(args.weights).endsWith(".safetensors")) {
      await addFloatCheck(doc, String(args.weights), args.device as "auto" | "cpu" | "cuda");
    }
    if (args.out) writeFileAtomic(String(args.out), JSON.stringify(doc, null, 2) + "\n");
    if (args.json) io.out(JSON.stringify(doc) + "\n");
    else io.out(censusTable(doc));
  },
};

/** What every mode of the command shares: sizes, reduction, model, and the same as plain data. */
export interface CensusPlan {
  ns: number[];
  reduction: Reduction;
  factory: (n: number) => StreamingModel<unknown>;
  recipe: CensusRecipe;
  header: Omit<CensusDocument, "rows">;
  search: SearchOptions | null;
  maxBytes: number;
}

export function censusPlan(args: Record<string, unknown>): CensusPlan {
  const ns = parseSizes(args.n as string);
  const reduction = getReduction(String(args.task), args.reduction as string | undefined, reductionParams(args));
  const request = modelRequest(args);
  const factory = modelFactory(request, reduction, ns[ns.length - 1]);
  const search: SearchOptions | null = args.search
    ? { method: args.search as "sample" | "flip", samples: args.samples as number, seed: args.seed as number }
    : null;
  if (search && !(Number.isInteger(search.samples) && search.samples >= 1)) userError(`--samples must be a whole number ≥ 1`);
  checkSearchBudget(reduction, ns, search);
  const maxMemory = args["max-memory"] as number;
  if (!(maxMemory > 0)) userError(`--max-memory must be a positive number of GiB`);
  if (search && (args.workers !== undefined || args.shard !== undefined || args.emit !== undefined)) {
    userError("--workers, --shard and --emit are for exhaustive censuses; drop --search");
  }
  const last = factory(ns[ns.length - 1]);
  const recipe: CensusRecipe = {
    task: String(args.task),
    ...(args.reduction !== undefined ? { reduction: String(args.reduction) } : {}),
    params: reductionParams(args),
    // Plain data only (a worker, a shard file and a job carry it): functions and undefined drop out.
    model: JSON.parse(JSON.stringify({ ...request, ...(request.weights ? { weights: resolve(request.weights) } : {}) })) as ModelRequest,
    nMax: ns[ns.length - 1],
    cot: Boolean(args.cot),
  };
  return {
    ns,
    reduction,
    factory,
    recipe,
    search,
    maxBytes: maxMemory * 2 ** 30,
    header: {
      task: reduction.task,
      reduction: reduction.name,
      model: request.model,
      format: last.format ? last.describe().format : null,
      stateBits: messageBits(last, reduction, ns[ns.length - 1]),
      stateBitsFormula: last.describe().stateBitsFormula,
      seed: args.seed as number,
      search: search?.method ?? null,
      cot: Boolean(args.cot),
    },
  };
}

export async function censusDocument(args: Record<string, unknown>, io: CliIO, plan = censusPlan(args)): Promise<CensusDocument> {
  const { ns, reduction, factory, search } = plan;
  const workers = args.workers as number | undefined;
  if (workers !== undefined && !(Number.isInteger(workers) && workers >= 1)) userError(`--workers must be a whole number ≥ 1 (got ${workers})`);
  const bar = progressBar(io);
  const onProgress = (p: CensusProgress) => bar.update(p.done, p.total, `census n=${p.n}`);
  let rows: CensusRow[];
  if (args.retrieval) {
    if (search) userError("--retrieval runs an exhaustive two-way census; drop --search");
    const name = plan.header.model;
    if (!isRagModel(factory(ns[0]))) userError(`--retrieval needs a retrieval-augmented model (rag-index, rag-ar, rag-istree); ${name} has no retriever`);
    try {
      rows = ns.map((n) =>
        retrievalCensus(
          {
            reduction,
            modelFor: (k) => {
              const m = factory(k);
              if (!isRagModel(m)) throw new Error(`model ${name} lost its retriever at n=${k}`);
              return m;
            },
            maxTokens: (k) => defaultCotLimit("taskSize" in reduction ? (reduction as { taskSize(n: number): number }).taskSize(k) : k),
            onProgress: (p) => bar.update(p.done, p.total, `two-way census n=${p.n}`),
          },
          n,
        ),
      );
    } finally {
      bar.stop();
    }
    return { ...plan.header, cot: true, retrieval: true, rows };
  }
  try {
    if (search) rows = runCensus({ reduction, modelFor: factory, cot: cotOf(plan), onProgress }, ns, search);
    else rows = await parallelCensus({ recipe: plan.recipe, ns, workers: workers ?? null, maxBytes: plan.maxBytes, onProgress });
  } finally {
    bar.stop();
  }
  return { ...plan.header, rows };
}

function cotOf(plan: CensusPlan): CotOptions | null {
  return plan.recipe.cot ? { maxTokens: defaultCotLimit(plan.ns[plan.ns.length - 1]) } : null;
}

/** The flags of this census as a shard job repeats them (paths absolute; mode flags and defaults left out). */
function jobArgs(args: Record<string, unknown>): string[] {
  const skip = new Set(["_", "$0", "task", "emit", "shards", "shard", "out", "workers", "json", "help"]);
  const out = [String(args.task)];
  for (const [key, value] of Object.entries(args)) {
    if (skip.has(key) || /[A-Z]/.test(key) || value === undefined || CENSUS_DEFAULTS[key] === value) continue;
    if (typeof value === "boolean") out.push(value ? `--${key}` : `--no-${key}`);
    else if (Array.isArray(value)) for (const v of value) out.push(`--${key}`, String(v));
    else out.push(`--${key}`, key === "weights" ? resolve(String(value)) : String(value));
  }
  return out;
}

function emitSlurm(args: Record<string, unknown>, plan: CensusPlan, io: CliIO): void {
  if (args.shard !== undefined) userError("--emit slurm writes every shard's job; drop --shard");
  if (args.workers !== undefined) userError("--workers does not apply to --emit slurm (each shard job runs on one core)");
  const K = args.shards as number | undefined;
  if (K === undefined) userError("--emit slurm needs --shards K");
  if (!args.out) userError("--emit slurm needs --out DIR for the job files");
  shardOf(0, K, "--shards K");
  if (existsSync(String(args.out)) && !statSync(String(args.out)).isDirectory()) userError(`--out ${String(args.out)} is a file; --emit slurm writes its jobs into a directory`);
  const jobs = writeCensusJobs(jobArgs(args), K, String(args.out));
  io.out(
    args.json
      ? JSON.stringify({ ...jobs, shards: K }) + "\n"
      : `wrote ${jobs.array} (${K} array tasks), ${jobs.merge} and ${jobs.submit}; submit with: sh ${jobs.submit}\n`,
  );
}

function runShard(args: Record<string, unknown>, plan: CensusPlan, io: CliIO): void {
  if (args.workers !== undefined) userError("--workers does not apply to --shard (a shard runs on one core; run shards side by side)");
  if (!args.out) userError("--shard k/K needs --out FILE for the shard's classes");
  const m = /^(\d+)\/(\d+)$/.exec(String(args.shard));
  if (!m) userError(`--shard takes k/K, e.g. 3/8 (got '${String(args.shard)}')`);
  const [k, K] = [Number(m[1]), Number(m[2])];
  const spec = shardOf(k, K);
  const out = String(args.out);
  const floatCheck = args.weights && args["float-check"] && String(args.weights).endsWith(".safetensors") ? { device: String(args.device) } : null;
  const done = finishedShard(out, plan, k, K);
  if (done) {
    io.out(args.json ? JSON.stringify({ shard: `${k}/${K}`, out, done: true }) + "\n" : `shard ${k}/${K} already done: ${out}\n`);
    return;
  }
  const opts = { reduction: plan.reduction, modelFor: plan.factory, cot: cotOf(plan) };
  const bar = progressBar(io);
  const rows: ShardRow[] = [];
  try {
    for (const n of plan.ns) {
      const model = plan.factory(n);
      checkPlannedMemory(n, messageBits(model, plan.reduction, n), plan.maxBytes);
      const result = censusShard(opts, n, spec, {
        keepOutputs: true,
        budget: new MemoryBudget(plan.maxBytes, `shard ${k}/${K} at n=${n}`),
        onBlock: (d) => bar.update(d, 2 * n, `shard ${k}/${K} n=${n}`),
        onBob: (d, t) => bar.update(n + Math.floor((n * d) / Math.max(1, t)), 2 * n, `shard ${k}/${K} n=${n}`),
      });
      rows.push(shardRow(result.parts, modelHash(model)));
    }
  } finally {
    bar.stop();
  }
  const file: ShardFile = { kind: SHARD_KIND, version: 1, recipe: plan.recipe, header: plan.header, floatCheck, shard: { k, K }, rows };
  writeFileAtomic(out, JSON.stringify(file) + "\n");
  const classes = rows.map((r) => `n=${r.n}: ${r.messages.length} ${r.messages.length === 1 ? "class" : "classes"}`).join(", ");
  io.out(args.json ? JSON.stringify({ shard: `${k}/${K}`, out, done: false }) + "\n" : `shard ${k}/${K}: ${classes}; wrote ${out}\n`);
}

/** True when `out` already holds this very shard (written whole, so it is finished): it is never redone. */
function finishedShard(out: string, plan: CensusPlan, k: number, K: number): boolean {
  if (!existsSync(out)) return false;
  let file: ShardFile;
  try {
    file = parseShardFile(readFileSync(out, "utf8"), out);
  } catch {
    userError(`${out} exists and is not a shard file; remove it or choose another --out`);
  }
  const same = JSON.stringify([file.recipe, file.header, file.shard]) === JSON.stringify([plan.recipe, plan.header, { k, K }]);
  if (!same) userError(`${out} holds a shard of another census or another shard; remove it or choose another --out`);
  return true;
}

/** M: the bits Alice's message may have at size n. */
export function messageBits(model: StreamingModel<unknown>, r: Reduction, n: number): number {
  return model.stateBits(aliceLength(r, n));
}

/** The two-way census table: D(n), exact accuracy and the bits the retrieval rounds exchanged. */
function retrievalTable(doc: CensusDocument, lines: string[]): string {
  const head = ["n", "D(n)", "accuracy", "bound", "retrieval bits max", "retrieval bits mean", "rounds max"];
  const body = doc.rows.map((r) => [
    String(r.n),
    r.distinctStates,
    fmt(r.accuracy),
    "no one-way bound applies (two-way)",
    String(r.retrievalBitsMax ?? "—"),
    r.retrievalBitsMean === undefined ? "—" : r.retrievalBitsMean.toFixed(2),
    String(r.retrievalsMax ?? "—"),
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((row) => row[k].length)));
  const row = (cells: string[]) => cells.map((c, k) => c.padStart(widths[k])).join("  ");
  lines.push(chalk.dim(row(head)));
  for (const b of body) lines.push(row(b));
  return lines.join("\n") + "\n";
}

const fmt = (v: number | null, digits = 4): string => (v === null ? "—" : v.toFixed(digits));

/** Which input of a fooling pair the shared answer gets wrong (both, when it is neither expected answer). */
function wrongOn(fp: { output: number; expected: number; expectedPrime: number }): string {
  if (fp.output === fp.expected) return "wrong on x'";
  if (fp.output === fp.expectedPrime) return "wrong on x";
  return "wrong on both";
}

export function censusTable(doc: CensusDocument): string {
  const lines: string[] = [];
  lines.push(
    chalk.bold(`census of ${doc.model}${doc.format ? ` at ${doc.format}` : ""} on ${doc.task}/${doc.reduction}`) +
      `: M = ${doc.stateBits} state bits (${doc.stateBitsFormula}), seed ${doc.seed}` +
      (doc.search ? `, ${doc.search} search (counts are lower estimates)` : ", exhaustive") +
      (doc.cot ? ", Bob with chain of thought" : "") +
      (doc.retrieval ? " and the model's retriever: no one-way bound applies (two-way)" : ""),
  );
  if (doc.retrieval) return retrievalTable(doc, lines);
  const head = ["n", "D(n)", "log2 D", "accuracy", "Bayes-opt", "accuracy ≤ (bound)", "fooling pair (x | x' | query → output, answered wrongly)"];
  const body = doc.rows.map((r) => {
    const atLeast = r.distinctStatesIsLowerEstimate ? "≥" : "";
    return [
      String(r.n),
      atLeast + r.distinctStates,
      atLeast + Math.log2(Number(r.distinctStates)).toFixed(2),
      (r.accuracyIsEstimate ? "≈" : "") + fmt(r.accuracy),
      fmt(r.bayesOptimalAccuracy),
      fmt(r.accuracyUpperBound),
      r.foolingPair ? `${r.foolingPair.x} | ${r.foolingPair.xPrime} | ${r.foolingPair.queryText} → ${r.foolingPair.outputText}, ${wrongOn(r.foolingPair)}` : "none",
    ];
  });
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((row) => row[k].length)));
  const row = (cells: string[]) => cells.map((c, k) => (k === cells.length - 1 ? c : c.padStart(widths[k]))).join("  ");
  lines.push(chalk.dim(row(head)));
  for (const b of body) lines.push(row(b));
  for (const r of doc.rows) {
    if (!r.floatCheck) continue;
    const f = r.floatCheck;
    lines.push(
      `n=${r.n}: the float32 twin (${f.device}) answers ${f.outputs[0]} on x and ${f.outputs[1]} on x′ ` +
        (f.sameAnswer ? "(the same answer: it is fooled too)" : "(different answers: the float model tells them apart)"),
    );
  }
  return lines.join("\n") + "\n";
}
