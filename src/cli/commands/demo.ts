import chalk from "chalk";
import { join, resolve } from "node:path";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import type { CliCommand } from "../command.js";
import { jsonOption, seedOption } from "../command.js";
import { getReduction } from "../../comm/reductions/registry.js";
import { modelFactory } from "../../models/registry.js";
import { loadModelWeights } from "../../models/weights/load.js";
import { parseFormat } from "../../numeric/index.js";
import { runCensus } from "../../census/census.js";
import { indexBound } from "../../census/bound.js";
import type { CensusRow } from "../../census/types.js";
import { playGame } from "../../comm/game.js";
import { parseBits } from "../../comm/reduction.js";
import type { StreamingModel } from "../../stream/model.js";
import { messageBits } from "./census.js";
import { progressBar } from "../progress.js";
import { writeFileAtomic } from "../io.js";
import { demoFixture, packageRoot, DEMO_FIXTURE_NAME } from "../../demo/fixture.js";
import { DEMO_TRAINING, trainDemoModel } from "../../demo/trainDemoModel.js";

const FORMAT = DEMO_TRAINING.format;
const EXACT_NS = Array.from({ length: 14 }, (_, k) => k + 1);
const SEARCH_SAMPLES = 400;

interface Part {
  title: string;
  kind: string;
  model: StreamingModel<unknown>;
  M: number;
  /** State bits after Alice's prefix at each row's n (constant for recurrent models, growing for a KV cache). */
  stateBitsAt: (n: number) => number;
  rows: CensusRow[];
  fooling: { row: CensusRow; replay: ReturnType<typeof playGame>[] } | null;
  reproduce: string;
}

function replayOf(model: StreamingModel<unknown>, row: CensusRow): Part["fooling"] {
  const fp = row.foolingPair;
  if (!fp) return null;
  const r = getReduction("index");
  return { row, replay: [fp.x, fp.xPrime].map((x) => playGame(model, r, row.n, parseBits(x), fp.query)) };
}

async function retrain(args: Record<string, unknown>, io: { out(t: string): void; err(t: string): void }): Promise<void> {
  const dir = resolve(String(args.retrain));
  const device = (args.device as "auto" | "cpu" | "cuda" | undefined) ?? "cpu";
  const fixtureDir = join(packageRoot(), "examples", "fixtures");
  const weightsOut = args["write-fixture"] ? join(fixtureDir, `${DEMO_FIXTURE_NAME}.safetensors`) : undefined;
  const r = await trainDemoModel({ dir, device, weightsOut, onProgress: (s, n) => (s % 500 === 0 ? io.err(`step ${s}/${n}\n`) : undefined) });
  const sha256 = createHash("sha256").update(readFileSync(r.weights)).digest("hex");
  const provenance = {
    weights: `${DEMO_FIXTURE_NAME}.safetensors`,
    sha256,
    command: `streambound demo --retrain ${String(args.retrain)} --device ${device}${args["write-fixture"] ? " --write-fixture" : ""}`,
    training: DEMO_TRAINING,
    floatTestAccuracy: r.testAccuracy,
    device: r.device,
  };
  if (weightsOut) writeFileAtomic(join(fixtureDir, `${DEMO_FIXTURE_NAME}.json`), JSON.stringify(provenance, null, 2) + "\n");
  io.out(JSON.stringify({ ...provenance, weightsFile: r.weights }) + "\n");
}

/** The main job in under a minute: a trained LSTM and the `store` construction on Index, beside the bound. */
export const demoCommand: CliCommand = {
  command: "demo",
  describe: "in plain words: a trained LSTM's exact accuracy and ceiling against n, the bound, a fooling pair past M replayed; the store construction beside it",
  builder: (y) =>
    y
      .option("seed", seedOption)
      .option("retrain", { type: "string", describe: "train the demo's model again into this directory (the command that made the shipped fixture)" })
      .option("device", { type: "string", choices: ["auto", "cpu", "cuda"], describe: "with --retrain: where torch trains (default cpu)" })
      .option("write-fixture", { type: "boolean", describe: "with --retrain: replace examples/fixtures/demo-gru.* with the new weights" })
      .option("json", jsonOption),
  async run(args, io) {
    if (args.retrain !== undefined) return retrain(args, io);
    const seed = args.seed as number;
    const r = getReduction("index");
    const fx = demoFixture();
    const trained = loadModelWeights(fx.path, { architecture: DEMO_TRAINING.architecture, format: parseFormat(FORMAT) }) as StreamingModel<unknown>;
    const bar = progressBar(io);
    const parts: Part[] = [];
    {
      const M = messageBits(trained, r, 1);
      const rows = runCensus({ reduction: r, modelFor: () => trained, onProgress: (p) => bar.update(p.done, p.total, `trained model n=${p.n}`) }, EXACT_NS);
      const nPast = Math.min(M + 4, trained.vocabSize - 2); // past M, within the vocabulary it was trained on
      const [searched] = runCensus({ reduction: r, modelFor: () => trained }, [nPast], { method: "flip", samples: SEARCH_SAMPLES, seed });
      parts.push({
        title: `a trained ${DEMO_TRAINING.architecture.toUpperCase()} (width ${DEMO_TRAINING.width}, ${fx.weights}, sha256 ${fx.sha256.slice(0, 16)}…) at ${FORMAT}`,
        kind: "trained",
        model: trained,
        M,
        stateBitsAt: (n) => messageBits(trained, r, n),
        rows: [...rows, searched],
        fooling: replayOf(trained, searched) ?? replayOf(trained, rows.find((x) => x.foolingPair) ?? rows[0]),
        reproduce: `streambound prove index-lower --model ${DEMO_TRAINING.architecture} --weights examples/fixtures/${fx.weights} --format ${FORMAT} --n ${nPast} --samples ${SEARCH_SAMPLES} --out c.json && streambound verify c.json`,
      });
    }
    {
      const request = { model: "store", width: 6, format: "fixed:2.0", seed };
      const model = modelFactory(request, r, 10)(10);
      const ns = EXACT_NS.slice(0, 10);
      const rows = runCensus({ reduction: r, modelFor: () => model, onProgress: (p) => bar.update(p.done, p.total, `store n=${p.n}`) }, ns);
      parts.push({
        title: "store, a width-6 recurrent cell whose weights are written down to hold 6 bits, at fixed:2.0",
        kind: "construction",
        model,
        M: messageBits(model, r, 1),
        stateBitsAt: (n) => messageBits(model, r, n),
        rows,
        fooling: replayOf(model, rows.find((x) => x.foolingPair) ?? rows[0]),
        reproduce: "streambound census index --model store --width 6 --n 1..10",
      });
    }
    {
      const ns = EXACT_NS.slice(0, 8);
      const factory = modelFactory({ model: "transformer-index" }, r, ns[ns.length - 1]);
      const rows = runCensus({ reduction: r, modelFor: factory, onProgress: (p) => bar.update(p.done, p.total, `transformer-index n=${p.n}`) }, ns);
      const last = factory(ns[ns.length - 1]);
      parts.push({
        title: `transformer-index, a 1-layer Transformer whose weights are written down (a construction), at ${last.format?.name ?? "its format"}`,
        kind: "transformer",
        model: last,
        M: messageBits(last, r, ns[ns.length - 1]),
        stateBitsAt: (n) => messageBits(factory(n), r, n),
        rows,
        fooling: null,
        reproduce: `streambound census index --model transformer-index --n 1..${ns[ns.length - 1]}`,
      });
    }
    bar.stop();
    if (args.json) {
      io.out(
        JSON.stringify({
          seed,
          fixture: { weights: fx.weights, sha256: fx.sha256, command: fx.command },
          models: parts.map((p) => ({
            title: p.title,
            kind: p.kind,
            model: p.model.name,
            stateBits: p.M,
            stateBitsByN: Object.fromEntries(p.rows.map((row) => [row.n, p.stateBitsAt(row.n)])),
            stateBitsFormula: p.model.describe().stateBitsFormula,
            rows: p.rows,
            replay: p.fooling?.replay.map((g) => ({ n: g.n, x: g.x, query: g.query, message: g.message, output: g.output, expected: g.expected, correct: g.correct })) ?? [],
            reproduce: p.reproduce,
          })),
        }) + "\n",
      );
      return;
    }
    io.out(demoText(parts, fx.command) + "\n");
  },
};

function demoText(parts: Part[], trainCommand: string): string {
  const out: string[] = [];
  out.push(chalk.bold("streambound demo: Index. Alice holds x ∈ {0,1}^n, Bob asks for one bit x_i; the model reads x, then i."));
  out.push("Run as a streaming algorithm, a model can pass Bob only its state: exactly M bits at its number format.\n");
  for (const p of parts) {
    out.push(chalk.bold.underline(p.title));
    if (p.kind === "transformer") out.push(`  Its state is its KV cache, which grows with n (${p.model.describe().stateBitsFormula}), counted from the encoding.`);
    else out.push(`  M = ${p.M} state bits (${p.model.describe().stateBitsFormula}), counted from the state's encoding.`);
    if (p.kind === "trained") out.push(`  Trained by: ${trainCommand}`);
    out.push("   n   how      log2 D(n)   accuracy   Bayes-optimal   M at n   bound (any M-bit model)");
    for (const row of p.rows) out.push("  " + demoRow(row, p.stateBitsAt(row.n)));
    if (p.fooling) {
      const fp = p.fooling.row.foolingPair!;
      out.push(`  Fooling pair at n = ${p.fooling.row.n}${p.fooling.row.n > p.M ? ` > M = ${p.M}` : ` ≤ M = ${p.M}`}${p.fooling.row.exhaustive ? " (exhaustive census)" : ` (sampled bit-flip search, ${SEARCH_SAMPLES} inputs)`}: x and x′ differ at bit ${fp.queryText}, which Bob asks for,`);
      out.push(`  but leave the model in one state (sha256 ${fp.stateHash}…). Replayed through the one-way game from scratch:`);
      for (const g of p.fooling.replay) out.push(`    x = ${g.x}: Alice sends ${g.messageBits} bits; Bob asks ${g.query}, gets ${g.output}, expected ${g.expected}: ${g.correct ? "correct" : chalk.red("wrong")}`);
    }
    out.push(`  Reproduce: ${p.reproduce}`);
    out.push("");
  }
  out.push(chalk.bold("What these numbers prove, and what they do not"));
  out.push("- accuracy (exact rows): the fraction of all 2^n·n pairs (x, i) this model, at this format, answers correctly. Every input was run: a");
  out.push("  fact about this model, not an estimate. In sampled rows it is an estimate from random (x, i).");
  out.push("- Bayes-optimal: the best any readout of this model's own states could do (majority answer per state class). It bounds this");
  out.push("  model's accuracy, whatever Bob's side computes; it says nothing about other weights.");
  out.push("- bound: 1 − H₂⁻¹(1 − M/n), a theorem about EVERY model whose state has M bits (one-way communication complexity of Index),");
  out.push("  computed, not run. It is 1 while n ≤ M: there the bound forces no error, and any error a model makes is its own.");
  out.push("- fooling pair past M: two inputs with one state and different answers, so the model errs on one of them; replayed, it is a");
  out.push("  checkable fact. At n > M such pairs exist for every M-bit model (2^n inputs, 2^M states). Sampled search found this one; it");
  out.push("  does not say how many inputs fail. The trained model's float accuracy, other formats and other training runs are not covered.");
  out.push("- store is a construction (weights written down, not learned): it is exact up to its capacity, then falls like the bound says.");
  out.push("- transformer-index is a construction too: accuracy 1 at every n shown, over every input, because its state (the KV cache)");
  out.push("  grows with n and stays above n bits; that is the separation. It shows these sizes at this format, not every n.");
  return out.join("\n");
}

function demoRow(row: CensusRow, M: number): string {
  const bound = indexBound(row.n, M).accuracyUpperBound;
  return [
    String(row.n).padStart(3),
    (row.exhaustive ? "exact" : "sampled").padEnd(8),
    ((row.distinctStatesIsLowerEstimate ? "≥" : " ") + Math.log2(Number(row.distinctStates)).toFixed(2)).padStart(10),
    row.accuracy.toFixed(4).padStart(10),
    (row.bayesOptimalAccuracy === null ? "—" : row.bayesOptimalAccuracy.toFixed(4)).padStart(15),
    String(M).padStart(8),
    bound.toFixed(4).padStart(14),
  ].join(" ");
}
