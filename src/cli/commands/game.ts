import type { CliCommand } from "../command.js";
import { jsonOption, seedOption } from "../command.js";
import { withModelOptions, modelRequest, reductionParams } from "../modelOptions.js";
import { getReduction } from "../../comm/reductions/registry.js";
import { modelFactory } from "../../models/registry.js";
import { defaultCotLimit, playGame } from "../../comm/game.js";
import { parseBits } from "../../comm/reduction.js";
import { userError } from "../../util/errors.js";
import { readUserText } from "../paths.js";
import { endsWithQuery, retrieve } from "../../tasks/retriever.js";
import type { TaskReduction } from "../../comm/reductions/taskReduction.js";
import { isRagModel } from "../../models/rag.js";
import { dyckGame } from "../dyckString.js";
import { partitionGame } from "../transformerPartitionGame.js";

/** --x or --x-file (exactly one), as a bit string. */
function aliceBits(args: Record<string, unknown>): string {
  if (args.x !== undefined && args["x-file"] !== undefined) userError("give Alice's bits once: --x or --x-file, not both");
  if (args.x === undefined && args["x-file"] === undefined) userError("give Alice's bits: --x 0110, or --x-file FILE");
  if (args.x !== undefined) {
    const x = String(args.x);
    if (!/^[01]+$/.test(x)) userError(`--x takes a bit string like 0110 (got '${x.length > 40 ? x.slice(0, 40) + "…" : x}')`);
    return x;
  }
  const path = String(args["x-file"]);
  const x = readUserText("--x-file", path).replace(/\s+/g, "");
  if (!/^[01]+$/.test(x)) userError(`--x-file ${path}: expected only the bits 0 and 1 (and whitespace)`);
  return x;
}

export const gameCommand: CliCommand = {
  command: "game <task>",
  describe: "play the one-way game once: Alice sends the model's state, Bob answers",
  builder: (y) =>
    withModelOptions(y)
      .positional("task", { type: "string" })
      .option("x", { type: "string", describe: "Alice's bits, x_0 first (e.g. 0110)" })
      .option("x-file", { type: "string", describe: "read Alice's bits from this file instead (for inputs too long for a command line; whitespace ignored)" })
      .option("string", { type: "string", describe: "dyck: the whole string, e.g. '(()[])'" })
      .option("split", { type: "number", describe: "dyck: Alice holds the first k symbols, Bob the rest (default: half)" })
      .option("i", { type: "number", describe: "Bob's index (0-based)" })
      .option("y", { type: "string", describe: "Bob's bits, for reductions where Bob holds a string" })
      .option("cot", { type: "boolean", default: false, describe: "Bob generates a chain of thought" })
      .option("retrieval", { type: "boolean", default: false, describe: "istree: Bob's chain of thought may query the in-context retriever (a two-way game; its bits are counted)" })
      .option("partition", { type: "string", choices: ["dyck-gadget"], describe: "disjointness: the one-layer Transformer game on the Dyck gadget's interleaved partition (--model transformer --layers 1)" })
      .option("samples", { type: "number", describe: "--partition: seeded (x, y) compared in partition and left-to-right order (default 10000)" })
      .option("search-limit", { type: "number", describe: "--partition: most x whose messages the fooling-pair search groups (default 65536; every x when 2^n fits)" })
      .option("seed", seedOption)
      .option("json", jsonOption),
  run(args, io) {
    if (args.partition !== undefined) return partitionGame(args, io, aliceBits(args));
    if (String(args.task) === "dyck") return dyckGame(args, io);
    if (args.string !== undefined || args.split !== undefined) userError("--string and --split are for game dyck");
    const x = aliceBits(args);
    const n = x.length;
    const reduction = getReduction(String(args.task), args.reduction as string | undefined, reductionParams(args));
    const model = modelFactory(modelRequest(args), reduction, n)(n);
    let q: number;
    if (args.y !== undefined) {
      const y = String(args.y);
      if (!/^[01]+$/.test(y) || y.length !== n) userError(`--y takes ${n} bits like --x (got '${y}')`);
      if (reduction.queryCount(n) !== 2 ** n) userError(`${reduction.task}/${reduction.name}: Bob holds an index; use --i`);
      q = 0;
      for (let j = 0; j < n; j++) if (y[j] === "1") q += 2 ** j;
    } else if (args.i !== undefined) q = args.i as number;
    else userError("give Bob's input: --i for an index, --y for a string");
    // A rag-* model carries its task's retriever: --retrieval plays its two-way game (CoT implied).
    const rag = isRagModel(model);
    if (args.retrieval && !args.cot && !rag) userError("--retrieval works inside a chain of thought: add --cot");
    if (args.retrieval && !rag && reduction.task !== "istree") userError(`--retrieval is for istree or a rag-* model; task ${reduction.task} has no retriever for ${model.name}`);
    const size = "taskSize" in reduction ? (reduction as TaskReduction).taskSize(n) : n;
    const retriever = !args.retrieval
      ? undefined
      : rag
        ? model.retriever
        : (ctx: readonly number[]) => (endsWithQuery(ctx, size) ? retrieve(ctx, size) : null);
    const cot = args.cot || (args.retrieval && rag);
    const t = playGame(model, reduction, n, parseBits(x), q, cot ? { maxTokens: defaultCotLimit(size), retriever } : null);
    const text = (tok: number) => reduction.tokenText(n, tok);
    if (args.json) {
      io.out(
        JSON.stringify({
          messageBits: t.messageBits,
          message: t.message,
          output: t.output,
          expected: t.expected,
          correct: t.correct,
          outputText: t.output >= 0 ? text(t.output) : null,
          expectedText: text(t.expected),
          stateBits: t.stateBits,
          task: t.task,
          reduction: t.reduction,
          model: t.model,
          n,
          x: t.x,
          query: t.query,
          aliceTokens: t.aliceTokens,
          bobTokens: t.bobTokens,
          cot: t.cot,
          retrievals: t.retrievals,
          retrievalBits: t.retrievalBits,
          seed: args.seed,
        }) + "\n",
      );
      return;
    }
    io.out(
      [
        `${t.retrievals ? "two-way (retrieval)" : "one-way"} game on ${t.task}/${t.reduction}, model ${t.model}, n = ${n}, seed ${String(args.seed)}`,
        `Alice  x = ${t.x}`,
        `       runs the model on ${t.aliceTokens.length} tokens: ${t.aliceTokens.map(text).join(" ")}`,
        `       sends ${t.messageBits} bits (budget ${t.stateBits}): ${t.message}`,
        `Bob    query ${t.query}: continues on ${t.bobTokens.map(text).join(" ")}` +
          (t.cot ? `, then generates ${t.cot.length} tokens: ${t.cot.map(text).join(" ")}` : "") +
          (t.retrievals ? ` (${t.retrievals} retrievals, ${t.retrievalBits} bits exchanged with Alice)` : ""),
        `       answers ${t.output >= 0 ? text(t.output) : "nothing"}; expected ${text(t.expected)}: ${t.correct ? "correct" : "WRONG"}`,
        "",
      ].join("\n"),
    );
  },
};
