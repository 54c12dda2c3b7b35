/**
 * Constructions (issue 8): models whose weights or transitions come from theory, each a
 * registry name usable as `--model NAME`. A weight construction is a function (n, format) →
 * an ordinary architecture's model; the RAG controllers are explicit finite-state models.
 * docs/constructions.md documents each one.
 */
import type { Reduction } from "../../comm/reduction.js";
import type { StreamingModel } from "../../stream/model.js";
import { userError } from "../../util/errors.js";
import { ragIndex } from "./ragIndex.js";
import { ragAr } from "./ragAr.js";
import { ragIsTree } from "./ragIsTree.js";
import { lstmStore, lstmStoreFormats } from "./lstmStore.js";
import { mambaStore, mambaStoreFormats } from "./mambaStore.js";
import { dyckRnn } from "./dyckRnn.js";
import { transformerIndex } from "./transformerIndex.js";
import { hybridIndex } from "./hybridIndex.js";
import { transformerAr } from "./transformerAr.js";
import { hybridAr } from "./hybridAr.js";
import { transformerDisj, transformerEq } from "./transformerStringPair.js";
import { transformerIndexLookup } from "./transformerIndexLookup.js";
import { transformerNn } from "./transformerNn.js";
import type { NnReduction } from "../../comm/reductions/nn.js";
import { parseRoleFormats } from "../_internals/roleFormats.js";
import { transformerCount } from "./transformerCount.js";

export interface ConstructionRequest {
  readonly format?: string;
  readonly width?: number;
  /** The largest n of the run (models that serve every n are sized for it). */
  readonly nMax?: number;
}

interface ConstructionEntry {
  /** The task (reduction's task) it solves. */
  readonly task: string;
  /** Flags it takes besides --model. */
  readonly flags: readonly ("format" | "width")[];
  build(req: ConstructionRequest, reduction: Reduction, n: number): StreamingModel<unknown>;
}

const taskSizeOf = (r: Reduction, n: number): number =>
  "taskSize" in r && typeof (r as { taskSize?: unknown }).taskSize === "function" ? (r as { taskSize(n: number): number }).taskSize(n) : n;

const ENTRIES: Record<string, ConstructionEntry> = {
  "rag-index": { task: "index", flags: [], build: (_q, r, n) => ragIndex(taskSizeOf(r, n)) as StreamingModel<unknown> },
  "rag-ar": { task: "ar", flags: [], build: (_q, r, n) => ragAr(taskSizeOf(r, n)) as StreamingModel<unknown> },
  "rag-istree": { task: "istree", flags: [], build: (_q, r, n) => ragIsTree(taskSizeOf(r, n)) as StreamingModel<unknown> },
  "dyck-rnn": { task: "dyck", flags: ["format"], build: (q) => dyckRnn(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) as StreamingModel<unknown> },
  "transformer-index": {
    task: "index",
    flags: ["format"],
    build: (q, r, n) => transformerIndex({ n, vocabSize: r.vocabSize(n), ...(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) }) as StreamingModel<unknown>,
  },
  "hybrid-index": {
    task: "index",
    flags: ["format"],
    build: (q, r, n) => hybridIndex({ n, vocabSize: r.vocabSize(n), ...(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) }) as StreamingModel<unknown>,
  },
  "transformer-ar": {
    task: "ar",
    flags: ["format"],
    build: (q, r, n) => transformerAr({ n: taskSizeOf(r, n), ...(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) }) as StreamingModel<unknown>,
  },
  "hybrid-ar": {
    task: "ar",
    flags: ["format"],
    build: (q, r, n) => hybridAr({ n: taskSizeOf(r, n), ...(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) }) as StreamingModel<unknown>,
  },
  "transformer-eq": {
    task: "equality",
    flags: ["format"],
    build: (q, r, n) => transformerEq({ n: taskSizeOf(r, n), ...(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) }) as StreamingModel<unknown>,
  },
  "transformer-disj": {
    task: "disjointness",
    flags: ["format"],
    build: (q, r, n) => transformerDisj({ n: taskSizeOf(r, n), ...(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) }) as StreamingModel<unknown>,
  },
  "transformer-indexlookup": {
    task: "indexlookup",
    flags: ["format"],
    build: (q, r, n) =>
      transformerIndexLookup({ n: taskSizeOf(r, n), sigma: (r as { sigma?: number }).sigma, ...(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) }) as StreamingModel<unknown>,
  },
  "transformer-nn": {
    task: "nn",
    flags: ["format"],
    build: (q, r, n) => transformerNn({ n: taskSizeOf(r, n), dimension: (r as NnReduction).dimension(taskSizeOf(r, n)), ...(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) }) as StreamingModel<unknown>,
  },
  "lstm-store": {
    task: "index",
    flags: ["format", "width"],
    // One model for every n of a run: the vocabulary of the largest n is fixed when first built.
    build: (q, r, n) => lstmStore({ width: q.width ?? 8, vocabSize: r.vocabSize(Math.max(n, q.nMax ?? n)), format: lstmStoreFormats(q.format) }) as StreamingModel<unknown>,
  },
  "transformer-count": {
    task: "counting",
    flags: ["format"],
    build: (q, r, n) => transformerCount({ n: taskSizeOf(r, n), ...(q.format === undefined ? {} : { format: parseRoleFormats(q.format) }) }) as StreamingModel<unknown>,
  },
  "mamba-store": {
    task: "index",
    flags: ["format", "width"],
    // As lstm-store: one model for every n of a run, its vocabulary that of the largest n.
    build: (q, r, n) =>
      mambaStore({ width: q.width ?? 8, vocabSize: r.vocabSize(Math.max(n, q.nMax ?? n)), format: mambaStoreFormats(q.format, q.width ?? 8) }) as StreamingModel<unknown>,
  },
};

/** Registers a construction (one line per construction file). */
export function registerConstruction(name: string, entry: ConstructionEntry): void {
  ENTRIES[name] = entry;
}

export function constructionNames(): string[] {
  return Object.keys(ENTRIES);
}

/** The task a construction solves (the claims pick its reduction from this). */
export function constructionTask(name: string): string | undefined {
  return Object.hasOwn(ENTRIES, name) ? ENTRIES[name].task : undefined;
}

export function isConstructionName(name: string): boolean {
  return Object.hasOwn(ENTRIES, name);
}

/** The construction's model at every n of a run over `reduction` (built per n). */
export function constructionFactory(
  name: string,
  req: ConstructionRequest & Record<string, unknown>,
  reduction: Reduction,
): (n: number) => StreamingModel<unknown> {
  const entry = ENTRIES[name];
  if (!entry) userError(`unknown construction '${name}' (constructions: ${constructionNames().join(", ")})`);
  // "indexlookup:8" is the indexlookup task over another alphabet
  if (reduction.task.split(":")[0] !== entry.task) userError(`${name} is a construction for the ${entry.task} task, not ${reduction.task}`);
  for (const key of ["width", "format", "layers", "weights", "stateBits"] as const) {
    if (req[key] !== undefined && !(entry.flags as readonly string[]).includes(key)) {
      userError(`--${key === "stateBits" ? "state-bits" : key} does not apply to --model ${name}`);
    }
  }
  const config = req.config as Record<string, unknown> | undefined;
  if (config && Object.keys(config).length) userError(`--${Object.keys(config)[0]} does not apply to --model ${name}`);
  const cache = new Map<number, StreamingModel<unknown>>();
  return (n) => {
    let m = cache.get(n);
    if (!m) cache.set(n, (m = entry.build(req, reduction, n)));
    return m;
  };
}
