/**
 * `game disjointness --partition dyck-gadget`: the one-layer Transformer game on the Dyck DISJ
 * gadget's interleaved partition (src/comm/transformerPartitionGame.ts). Plays (x, y) once,
 * compares partition order with the model's left-to-right order on seeded inputs, and searches
 * for a fooling pair among Alice's messages.
 */
import type { CliIO } from "./io.js";
import { modelRequest } from "./modelOptions.js";
import { parseBits } from "../comm/reduction.js";
import { modelFactory } from "../models/registry.js";
import {
  compareEvaluationOrders, GADGET_MODEL_TARGET, playPartitionGame, searchPartitionFoolingPair, type FoolingSearch, type OrderComparison, type PartitionTranscript,
} from "../comm/transformerPartitionGame.js";
import { dyckGadgetVocabulary } from "../tasks/dyck.js";
import { userError } from "../util/errors.js";
import { deriveSeed } from "../util/rng.js";

export const DEFAULT_ORDER_SAMPLES = 10_000;
export const DEFAULT_SEARCH_LIMIT = 65_536;

const text = (t: number): string => dyckGadgetVocabulary()[t] ?? `<${t}>`;

export function partitionGame(args: Record<string, unknown>, io: CliIO, xBits: string): void {
  if (String(args.task) !== "disjointness") userError(`--partition dyck-gadget plays disjointness (the Dyck DISJ gadget), not ${String(args.task)}`);
  for (const flag of ["i", "string", "split", "reduction"]) {
    if (args[flag] !== undefined) userError(`--${flag} does not apply to --partition dyck-gadget`);
  }
  if ((args.param as unknown[] | undefined)?.length) userError("--param does not apply to --partition dyck-gadget");
  if (args.cot || args.retrieval) userError("--partition dyck-gadget is a one-way game without a chain of thought: drop --cot and --retrieval");
  const n = xBits.length;
  if (args.y === undefined) userError("give Bob's bits: --y with as many bits as --x");
  const yBits = String(args.y);
  if (!/^[01]+$/.test(yBits) || yBits.length !== n) userError(`--y takes ${n} bits like --x (got '${yBits.length > 40 ? yBits.slice(0, 40) + "…" : yBits}')`);
  if (args.model !== "transformer") userError(`--partition dyck-gadget needs --model transformer --layers 1 (got --model ${String(args.model)})`);
  if (args.layers !== 1 && args.weights === undefined) userError("--partition dyck-gadget needs --layers 1: the game is about one-layer transformers");
  const model = modelFactory(modelRequest(args), GADGET_MODEL_TARGET, n)(n);
  const seed = args.seed as number;
  const samples = (args.samples as number | undefined) ?? DEFAULT_ORDER_SAMPLES;
  const limit = (args["search-limit"] as number | undefined) ?? DEFAULT_SEARCH_LIMIT;
  const t = playPartitionGame(model, parseBits(xBits), parseBits(yBits));
  const orders = compareEvaluationOrders(model, n, samples, deriveSeed(seed, "partition-orders"));
  const search = searchPartitionFoolingPair(model, n, limit, deriveSeed(seed, "partition-search"));
  const forced = t.messageBits < n;
  if (args.json) {
    io.out(JSON.stringify({ game: "one-layer transformer", partition: "dyck-gadget", seed, ...t, countingForcesPair: forced, orders, search }) + "\n");
    return;
  }
  io.out(lines(t, orders, search, forced, seed).join("\n") + "\n");
}

function lines(t: PartitionTranscript, o: OrderComparison, s: FoolingSearch, forced: boolean, seed: number): string[] {
  const yes = (b: boolean) => (b ? "yes" : "no");
  const out = [
    `one-layer Transformer game on the Dyck DISJ gadget + public end token $, model ${t.model}, n = ${t.n}, seed ${seed}`,
    `input  ${t.tokens.map(text).join("")} (owners A B B A per j; $ at position ${4 * t.n} is public)`,
    `Alice  x = ${t.x}: positions 4j and 4j+3`,
    `       sends per head her partial numerator (d_h = ${t.headSize} numbers), denominator and maximum score at ${t.format}:`,
    `       H·(d_h+2)·p = ${t.heads}·${t.headSize + 2}·${t.p} = ${t.messageBits} bits: ${t.message}`,
    `Bob    y = ${t.y}: positions 4j+1, 4j+2 and the end token`,
    `       reconstructs the last position in partition order and answers ${text(t.output)}; equal to the partition-order evaluation bit for bit: ${yes(t.reconstructionMatches)}`,
    `       the model's own left-to-right evaluation answers ${text(t.leftToRightOutput)} (logits equal to partition order bit for bit: ${yes(t.leftToRightLogitsEqual)})`,
    `       DISJ(x, y) = ${text(t.expected)}: ${t.correct ? "correct" : "WRONG"}`,
    `orders on ${o.samples} seeded (x, y): reconstruction = partition order on ${o.reconstructionMatches}; the answer differs from left to right on ${o.outputsDiffer} (${pct(o.outputsDiffer, o.samples)}), the logits on ${o.logitsDiffer} (${pct(o.logitsDiffer, o.samples)}); correct: partition order ${o.partitionCorrect}, left to right ${o.leftToRightCorrect}`,
    forced
      ? `bound: H(d_h+2)p = ${t.messageBits} < n = ${t.n}: Alice has fewer than 2^n messages, so by counting two x share one and a fooling pair exists`
      : `bound: H(d_h+2)p = ${t.messageBits} ≥ n = ${t.n}: counting does not force a fooling pair (the bound asks H(d_h+2)p ≥ n of any correct model)`,
    `search: ${s.exhaustive ? "every x in order" : "seeded x"}: ${s.pair ? `two share a message after ${s.tried} tried` : `no two share a message among ${s.tried}`} (${s.distinctMessages} distinct messages)`,
  ];
  if (s.pair) {
    const p = s.pair;
    const wrong = p.partitionOutput !== p.partitionOutputPrime ? "neither: the two answers differ (a bug: one message must give one answer)" : p.partitionOutput === p.expected ? "(x′, y)" : "(x, y)";
    out.push(
      `fooling pair: x = ${p.x}, x′ = ${p.xPrime} send one message ${p.message}; y = ${p.y}: DISJ(x, y) = ${text(p.expected)}, DISJ(x′, y) = ${text(p.expectedPrime)}`,
      `       replayed: partition order answers ${text(p.partitionOutput)} on (x, y) and ${text(p.partitionOutputPrime)} on (x′, y), so it is wrong on ${wrong}; left to right answers ${text(p.leftToRightOutput)} and ${text(p.leftToRightOutputPrime)}`,
    );
  } else out.push(`fooling pair: none found among ${s.tried} x`);
  return out;
}

const pct = (k: number, n: number) => `${((100 * k) / n).toFixed(2)}%`;
