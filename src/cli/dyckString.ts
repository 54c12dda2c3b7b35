/**
 * `census dyck` and `game dyck`: Dyck-(2,2) has no bit-block reduction (the task is a whole
 * string), so the census enumerates every string over `( ) [ ]` (census/stringCensus.ts) and the
 * game splits one string at any point (comm/stringGame.ts).
 */
import chalk from "chalk";
import type { CliIO } from "./io.js";
import { modelRequest } from "./modelOptions.js";
import { parseSizes } from "./range.js";
import { progressBar } from "./progress.js";
import type { Reduction } from "../comm/reduction.js";
import { modelFactory } from "../models/registry.js";
import { stringCensus, type StringCensusRow } from "../census/stringCensus.js";
import { playStringGame } from "../comm/stringGame.js";
import {
  DYCK_CLOSE_ROUND, DYCK_CLOSE_SQUARE, DYCK_NO, DYCK_OPEN_ROUND, DYCK_OPEN_SQUARE, DYCK_YES, dyckVocabulary, solveDyck,
} from "../tasks/dyck.js";
import type { StreamingModel } from "../stream/model.js";
import { userError } from "../util/errors.js";

export const DYCK_ALPHABET: readonly number[] = [DYCK_OPEN_ROUND, DYCK_CLOSE_ROUND, DYCK_OPEN_SQUARE, DYCK_CLOSE_SQUARE];
const ANSWERS = [DYCK_NO, DYCK_YES];
const text = (t: number): string => dyckVocabulary(1)[t] ?? `<${t}>`;

/**
 * What the model registry needs to size a model for Dyck strings: the task name and its
 * vocabulary (6 tokens at every length). Nothing else of a reduction is defined here.
 */
const dyckModelTarget = {
  task: "dyck",
  name: "string",
  vocabSize: () => dyckVocabulary(1).length,
} as unknown as Reduction;

export function dyckModel(args: Record<string, unknown>): StreamingModel<unknown> {
  const request = modelRequest(args);
  if (request.model === "ideal") userError("--model ideal is built for a bit-block reduction; dyck has none");
  return modelFactory(request, dyckModelTarget, 1)(1);
}

export interface DyckCensusDocument {
  task: "dyck";
  reduction: "string";
  model: string;
  format: string | null;
  stateBits: number;
  stateBitsFormula: string;
  seed: number;
  rows: StringCensusRow[];
}

export function dyckCensusDocument(args: Record<string, unknown>, io: CliIO): DyckCensusDocument {
  if (args.search || args.cot || args.retrieval) userError("census dyck is exhaustive over every string; --search, --cot and --retrieval do not apply");
  if (args.reduction !== undefined || (args.param as unknown[] | undefined)?.length) userError("census dyck enumerates strings; it has no reduction or --param");
  const ns = parseSizes(args.n as string);
  const model = dyckModel(args);
  const bar = progressBar(io);
  let rows: StringCensusRow[];
  try {
    rows = ns.map((n) =>
      stringCensus({ model, alphabet: DYCK_ALPHABET, solve: solveDyck, answerTokens: ANSWERS, tokenText: text, onProgress: (p) => bar.update(p.done, p.total, `string census n=${p.n}`) }, n),
    );
  } finally {
    bar.stop();
  }
  return {
    task: "dyck",
    reduction: "string",
    model: String(args.model),
    format: model.format?.name ?? null,
    stateBits: model.stateBits(ns[ns.length - 1]),
    stateBitsFormula: model.describe().stateBitsFormula,
    seed: args.seed as number,
    rows,
  };
}

export function dyckCensusTable(doc: DyckCensusDocument): string {
  const lines = [
    chalk.bold(`census of ${doc.model}${doc.format ? ` at ${doc.format}` : ""} on every dyck string`) +
      `: M = ${doc.stateBits} state bits (${doc.stateBitsFormula}), seed ${doc.seed}, exhaustive`,
  ];
  const head = ["n", "strings", "in language", "D(n)", "accuracy", "Bayes-opt", "fooling pair (s | s')"];
  const body = doc.rows.map((r) => [
    String(r.n), r.inputs, r.positives, r.distinctStates, r.accuracy.toFixed(4), r.bayesOptimalAccuracy.toFixed(4),
    r.foolingPair ? `${r.foolingPair.s} | ${r.foolingPair.sPrime}` : "none",
  ]);
  const widths = head.map((h, k) => Math.max(h.length, ...body.map((row) => row[k].length)));
  const row = (cells: string[]) => cells.map((c, k) => (k === cells.length - 1 ? c : c.padStart(widths[k]))).join("  ");
  lines.push(chalk.dim(row(head)));
  for (const b of body) lines.push(row(b));
  return lines.join("\n") + "\n";
}

/** Parses `(()[])` (the four bracket characters) into dyck tokens. */
export function parseDyckString(s: string): number[] {
  const map: Record<string, number> = { "(": DYCK_OPEN_ROUND, ")": DYCK_CLOSE_ROUND, "[": DYCK_OPEN_SQUARE, "]": DYCK_CLOSE_SQUARE };
  if (s.length === 0 || [...s].some((c) => !(c in map))) userError(`--string takes brackets ( ) [ ] only, like '(()[])' (got '${s}')`);
  return [...s].map((c) => map[c]);
}

export function dyckGame(args: Record<string, unknown>, io: CliIO): void {
  if (args.string === undefined) userError("game dyck needs --string, e.g. --string '(()[])' (and --split k)");
  if (args.x !== undefined || args.i !== undefined || args.y !== undefined) userError("game dyck takes --string and --split, not --x/--i/--y");
  const tokens = parseDyckString(String(args.string));
  const split = args.split === undefined ? Math.floor(tokens.length / 2) : (args.split as number);
  const model = dyckModel(args);
  const t = playStringGame(model, tokens, split, ANSWERS, solveDyck(tokens.length, tokens));
  const show = (w: number[]) => w.map(text).join("") || "(empty)";
  if (args.json) {
    io.out(JSON.stringify({ task: "dyck", model: t.model, n: t.n, split: t.split, alice: show(t.aliceTokens), bob: show(t.bobTokens), message: t.message, messageBits: t.messageBits, stateBits: t.stateBits, output: t.output, outputText: text(t.output), expected: t.expected, expectedText: text(t.expected), correct: t.correct, seed: args.seed }) + "\n");
    return;
  }
  io.out(
    [
      `one-way game on a dyck string, model ${t.model}, n = ${t.n}, split after ${t.split} symbols, seed ${String(args.seed)}`,
      `Alice  holds ${show(t.aliceTokens)}, sends ${t.messageBits} bits (budget ${t.stateBits}): ${t.message}`,
      `Bob    holds ${show(t.bobTokens)}, answers ${text(t.output)}; expected ${text(t.expected)}: ${t.correct ? "correct" : "WRONG"}`,
      "",
    ].join("\n"),
  );
}
