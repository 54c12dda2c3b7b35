import type { AttentionPartial } from "../models/_internals/attention.js";
import { OneLayerPartitionView } from "../models/transformerPartition.js";
import { BitCursor, scalarCodec } from "../stream/codec.js";
import { runModel } from "../stream/interpreter.js";
import { predict, type BitString, type StreamingModel } from "../stream/model.js";
import { DYCK_END, DYCK_NO, DYCK_YES, dyckGadgetVocabulary, isDyckWord } from "../tasks/dyck.js";
import { userError } from "../util/errors.js";
import { Rng } from "../util/rng.js";
import { formatBits, type Reduction } from "./reduction.js";
import { dyckGadget } from "./reductions/dyckGadget.js";
import type { OneWayProtocol } from "./protocol.js";

/**
 * The one-layer Transformer game on the Dyck DISJ gadget (theory.md §5, issue 8 item 5). The
 * input is dyckGadget(x, y) (owners A B B A per j) followed by the public end token `$` at the
 * public position 4n. Alice (x) sends, per head, the partial softmax numerator (d_h numbers),
 * denominator and maximum score over her positions, each at the compute format's p bits:
 * H·(d_h + 2)·p bits. Bob (y) adds his positions and the end position and evaluates the last
 * position in partition order (models/transformerPartition.ts). The model answers `1` (DISJ) or
 * `0` at the end token; the gadget is in Dyck-(2,2) iff DISJ(x, y).
 */
export const GADGET_ANSWERS: readonly number[] = [DYCK_NO, DYCK_YES];

/** What the model registry needs to size a model for the gadget: its vocabulary with the end token (7 at every n). */
export const GADGET_MODEL_TARGET = {
  task: "disjointness",
  name: "dyck-gadget",
  vocabSize: () => dyckGadgetVocabulary().length,
} as unknown as Reduction;

/** The gadget plus the end token; `alice[s]` marks Alice's positions (the end position is Bob's, public). */
export function gadgetGame(x: ArrayLike<number>, y: ArrayLike<number>): { tokens: number[]; alice: boolean[] } {
  const g = dyckGadget(x, y);
  return { tokens: [...g.tokens, DYCK_END], alice: [...g.owner.map((o) => o === "A"), false] };
}

/** DISJ(x, y) as the game's answer token: `1` when no j has x_j = y_j = 1. */
export function disjointnessAnswer(x: ArrayLike<number>, y: ArrayLike<number>): number {
  for (let j = 0; j < x.length; j++) if (x[j] && y[j]) return DYCK_NO;
  return DYCK_YES;
}

/** Whether the gadget string (without the end token) is in Dyck-(2,2), by the dyck task's solver. */
export function gadgetInDyck(x: ArrayLike<number>, y: ArrayLike<number>): boolean {
  return isDyckWord(dyckGadget(x, y).tokens);
}

/** Alice's positions and tokens: per j, 4j and 4j + 3, from x_j alone. */
function alicePositions(x: ArrayLike<number>): { token: number; position: number }[] {
  const zeros = new Uint8Array(x.length);
  const g = dyckGadget(x, zeros);
  return g.tokens.flatMap((token, position) => (g.owner[position] === "A" ? [{ token, position }] : []));
}

/** Bob's: per j, 4j + 1 and 4j + 2 from y_j alone, then the end token at 4n. */
function bobPositions(y: ArrayLike<number>): { token: number; position: number }[] {
  const zeros = new Uint8Array(y.length);
  const g = dyckGadget(zeros, y);
  const own = g.tokens.flatMap((token, position) => (g.owner[position] === "B" ? [{ token, position }] : []));
  return [...own, { token: DYCK_END, position: 4 * y.length }];
}

export interface BobResult {
  logits: Float64Array;
  output: number;
}

/** The protocol at size n: Alice's message is her encoded partials; Bob reconstructs the last position's logits. */
export function partitionProtocol(model: StreamingModel<unknown>, n: number): OneWayProtocol<ArrayLike<number>, ArrayLike<number>, BitString, BobResult> & {
  readonly view: OneLayerPartitionView;
  readonly messageBits: number;
} {
  const view = OneLayerPartitionView.of(model);
  if (model.vocabSize <= DYCK_END) userError(`${model.name} has a vocabulary of ${model.vocabSize}; the gadget with its end token needs ${DYCK_END + 1}`);
  const codec = scalarCodec(view.format);
  const end = 4 * n;
  const query = () => view.query(DYCK_END, end);
  const checkBits = (bits: ArrayLike<number>, who: string) => {
    if (bits.length !== n) userError(`${who} has ${bits.length} bits but n is ${n}`);
  };
  return {
    view,
    messageBits: view.partialBits,
    send(x) {
      checkBits(x, "x");
      const parts = view.partials(query(), alicePositions(x));
      const out: string[] = [];
      for (const p of parts) {
        for (const v of p.numerator) codec.write(v, out);
        codec.write(p.denominator, out);
        codec.write(p.max, out);
      }
      return out.join("");
    },
    decode(message, y) {
      checkBits(y, "y");
      if (message.length !== view.partialBits || /[^01]/.test(message)) userError(`a message of this game has ${view.partialBits} bits of 0/1`);
      const c = new BitCursor(message);
      const alice: AttentionPartial[] = Array.from({ length: view.heads }, () => {
        const numerator = new Float64Array(view.headSize);
        for (let i = 0; i < numerator.length; i++) numerator[i] = codec.read(c);
        const denominator = codec.read(c);
        return { numerator, denominator, max: codec.read(c) };
      });
      const logits = view.logitsFromPartials(DYCK_END, end, alice, view.partials(query(), bobPositions(y)));
      return { logits, output: predict(logits, GADGET_ANSWERS) };
    },
  };
}

/** Equal as values of the format, bit for bit (−0 ≠ +0, NaN = NaN). */
export function sameBits(a: ArrayLike<number>, b: ArrayLike<number>): boolean {
  if (a.length !== b.length) return false;
  for (let k = 0; k < a.length; k++) if (!Object.is(a[k], b[k])) return false;
  return true;
}

/** The three evaluations of one input: the receiver's, partition order, and the model's own left to right. */
export interface Evaluations {
  tokens: number[];
  reconstruction: BobResult;
  partitionLogits: Float64Array;
  partitionOutput: number;
  leftToRightLogits: Float64Array;
  leftToRightOutput: number;
}

function evaluateWith(protocol: ReturnType<typeof partitionProtocol>, model: StreamingModel<unknown>, x: ArrayLike<number>, y: ArrayLike<number>): Evaluations & { message: BitString } {
  const { tokens, alice } = gadgetGame(x, y);
  const message = protocol.send(x);
  const reconstruction = protocol.decode(message, y);
  const partitionLogits = protocol.view.partitionOrderLogits(tokens, alice);
  const { state } = runModel(model, tokens, { checkBudget: false });
  const leftToRightLogits = Float64Array.from(model.logits(state));
  return {
    tokens,
    message,
    reconstruction,
    partitionLogits,
    partitionOutput: predict(partitionLogits, GADGET_ANSWERS),
    leftToRightLogits,
    leftToRightOutput: predict(leftToRightLogits, GADGET_ANSWERS),
  };
}

export interface PartitionTranscript {
  model: string;
  n: number;
  x: string;
  y: string;
  heads: number;
  headSize: number;
  /** Bits per number: the compute format's width. */
  p: number;
  format: string;
  message: BitString;
  messageBits: number;
  tokens: number[];
  /** Bob's answer from the message, and whether his logits equal the partition-order ones bit for bit. */
  output: number;
  reconstructionMatches: boolean;
  partitionOutput: number;
  leftToRightOutput: number;
  leftToRightLogitsEqual: boolean;
  expected: number;
  correct: boolean;
}

/** Plays the game once on (x, y). */
export function playPartitionGame(model: StreamingModel<unknown>, x: ArrayLike<number>, y: ArrayLike<number>): PartitionTranscript {
  const protocol = partitionProtocol(model, x.length);
  const e = evaluateWith(protocol, model, x, y);
  const expected = disjointnessAnswer(x, y);
  return {
    model: model.name,
    n: x.length,
    x: formatBits(x),
    y: formatBits(y),
    heads: protocol.view.heads,
    headSize: protocol.view.headSize,
    p: protocol.view.format.bits,
    format: protocol.view.format.name,
    message: e.message,
    messageBits: e.message.length,
    tokens: e.tokens,
    output: e.reconstruction.output,
    reconstructionMatches: sameBits(e.reconstruction.logits, e.partitionLogits),
    partitionOutput: e.partitionOutput,
    leftToRightOutput: e.leftToRightOutput,
    leftToRightLogitsEqual: sameBits(e.partitionLogits, e.leftToRightLogits),
    expected,
    correct: e.reconstruction.output === expected,
  };
}

export interface OrderComparison {
  samples: number;
  seed: number;
  /** Inputs where Bob's reconstruction equals the partition-order logits bit for bit. */
  reconstructionMatches: number;
  /** Inputs where the partition-order answer differs from the left-to-right one. */
  outputsDiffer: number;
  /** Inputs where the logits differ in some bit (the answer may still agree). */
  logitsDiffer: number;
  /** Inputs where the partition-order answer is DISJ(x, y). */
  partitionCorrect: number;
  leftToRightCorrect: number;
}

/** `samples` seeded uniform (x, y) at n: the receiver against partition order, and partition order against left to right. */
export function compareEvaluationOrders(model: StreamingModel<unknown>, n: number, samples: number, seed: number): OrderComparison {
  const protocol = partitionProtocol(model, n);
  const rng = new Rng(seed);
  const out: OrderComparison = { samples, seed, reconstructionMatches: 0, outputsDiffer: 0, logitsDiffer: 0, partitionCorrect: 0, leftToRightCorrect: 0 };
  for (let s = 0; s < samples; s++) {
    const x = Uint8Array.from({ length: n }, () => rng.bit());
    const y = Uint8Array.from({ length: n }, () => rng.bit());
    const e = evaluateWith(protocol, model, x, y);
    const want = disjointnessAnswer(x, y);
    if (sameBits(e.reconstruction.logits, e.partitionLogits)) out.reconstructionMatches++;
    if (e.partitionOutput !== e.leftToRightOutput) out.outputsDiffer++;
    if (!sameBits(e.partitionLogits, e.leftToRightLogits)) out.logitsDiffer++;
    if (e.partitionOutput === want) out.partitionCorrect++;
    if (e.leftToRightOutput === want) out.leftToRightCorrect++;
  }
  return out;
}

/** Two x with one message and a y that DISJ separates, both replayed in full. */
export interface PartitionFoolingPair {
  x: string;
  xPrime: string;
  /** y = e_j for a j with x_j = 1, x′_j = 0: DISJ(x, y) = 0, DISJ(x′, y) = 1. */
  y: string;
  message: BitString;
  /** Bob's answer on the message and y: the same for both. */
  output: number;
  expected: number;
  expectedPrime: number;
  /** Both full partition-order evaluations, from scratch: equal, so one of them is wrong. */
  partitionOutput: number;
  partitionOutputPrime: number;
  /** The model's own left-to-right answers on both (not bound by the message; shown beside). */
  leftToRightOutput: number;
  leftToRightOutputPrime: number;
}

export interface FoolingSearch {
  /** x's whose messages were grouped, and whether that was every x ∈ {0,1}^n. */
  tried: number;
  exhaustive: boolean;
  distinctMessages: number;
  pair: PartitionFoolingPair | null;
}

/**
 * Groups Alice's messages over every x (when 2^n ≤ limit) or `limit` seeded x, until two
 * different x share one; then y = e_j separates them under DISJ, and both are replayed.
 */
export function searchPartitionFoolingPair(model: StreamingModel<unknown>, n: number, limit: number, seed: number): FoolingSearch {
  const protocol = partitionProtocol(model, n);
  const exhaustive = n <= 30 && 2 ** n <= limit;
  const rng = new Rng(seed);
  const seen = new Map<string, string>();
  const tries = exhaustive ? 2 ** n : limit;
  for (let k = 0; k < tries; k++) {
    const x = exhaustive ? Uint8Array.from({ length: n }, (_, j) => Math.floor(k / 2 ** j) % 2) : Uint8Array.from({ length: n }, () => rng.bit());
    const bits = formatBits(x);
    const message = protocol.send(x);
    const other = seen.get(message);
    if (other === undefined) {
      seen.set(message, bits);
      continue;
    }
    if (other === bits) continue;
    const pair = replayPartitionFoolingPair(model, other, bits);
    return { tried: k + 1, exhaustive, distinctMessages: seen.size, pair };
  }
  return { tried: tries, exhaustive, distinctMessages: seen.size, pair: null };
}

/** Orders a colliding (a, b) so that x has a 1 where x′ has a 0, and replays both from scratch. */
export function replayPartitionFoolingPair(model: StreamingModel<unknown>, a: string, b: string): PartitionFoolingPair {
  const j0 = [...a].findIndex((c, j) => c !== b[j]);
  if (j0 < 0) userError("a fooling pair needs two different inputs");
  const [xs, xps] = a[j0] === "1" ? [a, b] : [b, a];
  const n = xs.length;
  const x = Uint8Array.from(xs, Number);
  const xPrime = Uint8Array.from(xps, Number);
  const y = new Uint8Array(n);
  y[j0] = 1;
  const protocol = partitionProtocol(model, n);
  const e = evaluateWith(protocol, model, x, y);
  const ePrime = evaluateWith(protocol, model, xPrime, y);
  if (e.message !== ePrime.message) userError(`x = ${xs} and x′ = ${xps} send different messages`);
  return {
    x: xs,
    xPrime: xps,
    y: formatBits(y),
    message: e.message,
    output: e.reconstruction.output,
    expected: disjointnessAnswer(x, y),
    expectedPrime: disjointnessAnswer(xPrime, y),
    partitionOutput: e.partitionOutput,
    partitionOutputPrime: ePrime.partitionOutput,
    leftToRightOutput: e.leftToRightOutput,
    leftToRightOutputPrime: ePrime.leftToRightOutput,
  };
}
