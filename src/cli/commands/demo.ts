import chalk from "chalk";
import type { CliCommand } from "../command.js";
import { jsonOption, seedOption } from "../command.js";
import { getReduction } from "../../comm/reductions/registry.js";
import { modelFactory, type ModelRequest } from "../../models/registry.js";
import { runCensus } from "../../census/census.js";
import type { CensusRow } from "../../census/types.js";
import { playGame } from "../../comm/game.js";
import { parseBits } from "../../comm/reduction.js";
import { messageBits } from "./census.js";
import { progressBar } from "../progress.js";

interface DemoPart {
  title: string;
  request: ModelRequest;
  ns: number[];
}

/** The main job in under a minute: a small LSTM and the `store` construction on Index. */
export const demoCommand: CliCommand = {
  command: "demo",
  describe: "in plain words: M, log2 D(n) against n, accuracy against the Bayes-optimal accuracy and the bound, one fooling pair replayed",
  builder: (y) => y.option("seed", seedOption).option("json", jsonOption),
  run(args, io) {
    const seed = args.seed as number;
    const reduction = getReduction("index");
    const parts: DemoPart[] = [
      { title: "a seeded LSTM, width 4, at fixed:2.6", request: { model: "lstm", width: 4, format: "fixed:2.6", seed }, ns: range(1, 14) },
      { title: "store, a width-6 recurrent cell built to hold 6 bits, at fixed:2.0", request: { model: "store", width: 6, format: "fixed:2.0", seed }, ns: range(1, 14) },
    ];
    const bar = progressBar(io);
    const results = parts.map((part) => {
      const factory = modelFactory(part.request, reduction, part.ns[part.ns.length - 1]);
      const rows = runCensus({ reduction, modelFor: factory, onProgress: (p) => bar.update(p.done, p.total, `${part.request.model} n=${p.n}`) }, part.ns);
      const model = factory(part.ns[part.ns.length - 1]);
      const M = messageBits(model, reduction, part.ns[part.ns.length - 1]);
      const pairRow = rows.find((r) => r.foolingPair);
      const games = pairRow?.foolingPair
        ? [pairRow.foolingPair.x, pairRow.foolingPair.xPrime].map((x) => playGame(model, reduction, pairRow.n, parseBits(x), pairRow.foolingPair!.query))
        : [];
      return { part, model, M, rows, pairRow, games };
    });
    bar.stop();
    if (args.json) {
      io.out(
        JSON.stringify({
          seed,
          models: results.map((r) => ({
            title: r.part.title,
            model: r.model.name,
            stateBits: r.M,
            stateBitsFormula: r.model.describe().stateBitsFormula,
            rows: r.rows,
            replay: r.games.map((g) => ({ x: g.x, query: g.query, message: g.message, output: g.output, expected: g.expected, correct: g.correct })),
          })),
        }) + "\n",
      );
      return;
    }
    const out: string[] = [];
    out.push(chalk.bold("streambound demo: Index, where Alice holds x ∈ {0,1}^n and Bob asks for one bit x_i."));
    out.push("A model with an M-bit state can only send M bits, so it can tell apart at most 2^M inputs;");
    out.push("two inputs with the same state get the same answer, and one of them is then wrong.\n");
    for (const r of results) {
      out.push(chalk.bold.underline(r.part.title));
      out.push(`  M = ${r.M} state bits (${r.model.describe().stateBitsFormula}).`);
      out.push("  n   log2 D(n)      min(n, M)     accuracy   Bayes-optimal   bound 1−H₂⁻¹(1−M/n)");
      for (const row of r.rows) out.push("  " + demoRow(row, r.M));
      if (r.pairRow?.foolingPair) {
        const fp = r.pairRow.foolingPair;
        out.push(`  Fooling pair at n = ${r.pairRow.n}: x = ${fp.x} and x' = ${fp.xPrime} differ at bit ${fp.queryText},`);
        out.push(`  yet both leave the model in the same state (sha256 ${fp.stateHash}). Replayed from scratch:`);
        for (const g of r.games) {
          out.push(`    Alice x = ${g.x} sends ${g.messageBits} bits ${g.message}; Bob asks ${g.query}, gets ${g.output}, expected ${g.expected}: ${g.correct ? "correct" : chalk.red("wrong")}`);
        }
      } else out.push("  No two inputs share a state at these sizes: no fooling pair.");
      out.push("");
    }
    out.push("Reproduce any row: streambound census index --model lstm --width 4 --format fixed:2.6 --n 1..14 --json");
    io.out(out.join("\n") + "\n");
  },
};

function demoRow(row: CensusRow, M: number): string {
  const logD = Math.log2(Number(row.distinctStates));
  return [
    String(row.n).padStart(2),
    logD.toFixed(2).padStart(10),
    String(Math.min(row.n, M)).padStart(14),
    row.accuracy.toFixed(4).padStart(13),
    (row.bayesOptimalAccuracy ?? NaN).toFixed(4).padStart(15),
    (row.accuracyUpperBound ?? NaN).toFixed(4).padStart(21),
  ].join(" ");
}

function range(lo: number, hi: number): number[] {
  return Array.from({ length: hi - lo + 1 }, (_, k) => lo + k);
}
