import chalk from "chalk";
import type { CliCommand } from "../command.js";
import { jsonOption, seedOption } from "../command.js";
import { withModelOptions, modelRequest, reductionParams } from "../modelOptions.js";
import { parseSizes } from "../range.js";
import { progressBar } from "../progress.js";
import { writeFileAtomic, type CliIO } from "../io.js";
import { getReduction } from "../../comm/reductions/registry.js";
import { modelFactory } from "../../models/registry.js";
import { runCensus } from "../../census/census.js";
import type { CensusRow, SearchOptions } from "../../census/types.js";
import { defaultCotLimit } from "../../comm/game.js";
import { userError } from "../../util/errors.js";
import type { StreamingModel } from "../../stream/model.js";
import type { Reduction } from "../../comm/reduction.js";
import { aliceLength, fullInput, parseBits } from "../../comm/reduction.js";
import { predict } from "../../stream/model.js";
import { evalInWorker } from "../../float/evalInWorker.js";
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
async function addFloatCheck(doc: CensusDocument, weights: string, device: "auto" | "cpu" | "cuda"): Promise<void> {
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

export const censusCommand: CliCommand = {
  command: "census <task>",
  describe: "count the model's distinguishable states and its exact accuracy on a reduction",
  builder: (y) =>
    withModelOptions(y)
      .positional("task", { type: "string", describe: "task (index, …)" })
      .option("n", { type: "string", demandOption: true, describe: "sizes: 8, 1..20 or 4,8,16" })
      .option("seed", seedOption)
      .option("search", { choices: ["sample", "flip"] as const, describe: "sampled search past exhaustive sizes" })
      .option("samples", { type: "number", default: 4096, describe: "inputs drawn per n with --search" })
      .option("cot", { type: "boolean", default: false, describe: "Bob generates a chain of thought before answering" })
      .option("retrieval", { type: "boolean", default: false, describe: "rag-* models: a two-way census, Bob's chain of thought asks the model's retriever (every query and answer counted)" })
      .option("max-memory", { type: "number", default: 3, describe: "GiB an exhaustive census may plan to use" })
      .option("out", { type: "string", describe: "also write the JSON document to this file (whole or not at all)" })
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
    const doc = censusDocument(args, io);
    if (args.weights && args["float-check"] && String(args.weights).endsWith(".safetensors")) {
      await addFloatCheck(doc, String(args.weights), args.device as "auto" | "cpu" | "cuda");
    }
    if (args.out) writeFileAtomic(String(args.out), JSON.stringify(doc, null, 2) + "\n");
    if (args.json) io.out(JSON.stringify(doc) + "\n");
    else io.out(censusTable(doc));
  },
};

export function censusDocument(args: Record<string, unknown>, io: CliIO): CensusDocument {
  const ns = parseSizes(args.n as string);
  const reduction = getReduction(String(args.task), args.reduction as string | undefined, reductionParams(args));
  const request = modelRequest(args);
  const factory = modelFactory(request, reduction, ns[ns.length - 1]);
  const search: SearchOptions | null = args.search
    ? { method: args.search as "sample" | "flip", samples: args.samples as number, seed: args.seed as number }
    : null;
  if (search && !(Number.isInteger(search.samples) && search.samples >= 1)) userError(`--samples must be a whole number ≥ 1`);
  const maxMemory = args["max-memory"] as number;
  if (!(maxMemory > 0)) userError(`--max-memory must be a positive number of GiB`);
  const bar = progressBar(io);
  let rows: CensusRow[];
  if (args.retrieval) {
    if (search) userError("--retrieval runs an exhaustive two-way census; drop --search");
    const model = factory(ns[0]);
    if (!isRagModel(model)) userError(`--retrieval needs a retrieval-augmented model (rag-index, rag-ar, rag-istree); ${request.model} has no retriever`);
    try {
      rows = ns.map((n) =>
        retrievalCensus(
          {
            reduction,
            modelFor: (k) => {
              const m = factory(k);
              if (!isRagModel(m)) throw new Error(`model ${request.model} lost its retriever at n=${k}`);
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
  } else try {
    rows = runCensus(
      {
        reduction,
        modelFor: factory,
        cot: args.cot ? { maxTokens: defaultCotLimit(ns[ns.length - 1]) } : null,
        maxBytes: maxMemory * 2 ** 30,
        onProgress: (p) => bar.update(p.done, p.total, `census n=${p.n}`),
      },
      ns,
      search,
    );
  } finally {
    bar.stop();
  }
  const last = factory(ns[ns.length - 1]);
  return {
    task: reduction.task,
    reduction: reduction.name,
    model: request.model,
    format: last.format ? last.describe().format : null,
    stateBits: messageBits(last, reduction, ns[ns.length - 1]),
    stateBitsFormula: last.describe().stateBitsFormula,
    seed: args.seed as number,
    search: search?.method ?? null,
    cot: Boolean(args.cot) || Boolean(args.retrieval),
    ...(args.retrieval ? { retrieval: true } : {}),
    rows,
  };
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
  const head = ["n", "D(n)", "log2 D", "accuracy", "Bayes-opt", "bound", "fooling pair (x | x' | query → output)"];
  const body = doc.rows.map((r) => [
    String(r.n),
    (r.distinctStatesIsLowerEstimate ? "≥" : "") + r.distinctStates,
    Math.log2(Number(r.distinctStates)).toFixed(2),
    (r.accuracyIsEstimate ? "≈" : "") + fmt(r.accuracy),
    fmt(r.bayesOptimalAccuracy),
    fmt(r.accuracyUpperBound),
    r.foolingPair ? `${r.foolingPair.x} | ${r.foolingPair.xPrime} | ${r.foolingPair.queryText} → ${r.foolingPair.outputText}` : "none",
  ]);
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
