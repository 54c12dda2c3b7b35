import type { Reduction } from "./reduction.js";
import { aliceLength, alicePrefix, formatBits } from "./reduction.js";
import type { OneWayProtocol } from "./protocol.js";
import type { BitString, StreamingModel } from "../stream/model.js";
import { predictAt } from "../stream/model.js";
import { encodeChecked, generate, runModel, type Retriever } from "../stream/interpreter.js";
import { userError } from "../util/errors.js";

export interface CotOptions {
  /** Longest chain of thought Bob may generate before he must have answered. */
  maxTokens: number;
  /**
   * In-context retrieval: answers a query the model generated, from the whole context
   * (Alice's prefix included). This makes the game two-way; `playGame` counts the bits.
   */
  retriever?: Retriever;
}

/** The default CoT limit: generous enough for every CoT format of the tasks (≤ 37n + 64). */
export const defaultCotLimit = (n: number): number => 37 * n + 64;

/** What Bob produced from a message. */
export interface BobRun {
  output: number;
  /** Tokens Bob generated after his suffix (chain of thought), when CoT was played. */
  cot: number[] | null;
}

/**
 * The one-way protocol a model induces on a reduction at size n: Alice runs the model on her
 * prefix and sends encode(state); Bob decodes, continues on his suffix and (with CoT) generates
 * until he emits an answer token. Bob sees only the message, never Alice's tokens.
 */
export function modelProtocol<S>(
  model: StreamingModel<S>,
  reduction: Reduction,
  n: number,
  cot: CotOptions | null = null,
): OneWayProtocol<ArrayLike<number>, number, BitString, BobRun> & { aliceLength(): number } {
  const prefixLength = aliceLength(reduction, n);
  const answers = reduction.answerTokens(n);
  return {
    aliceLength: () => prefixLength,
    send(x) {
      const prefix = alicePrefix(reduction, n, x);
      const { state, t } = runModel(model, prefix);
      return encodeChecked(model, state, t);
    },
    decode(message, q) {
      const suffix = reduction.suffix(n, q);
      const { state, t } = runModel(model, suffix, { state: model.decode(message), t0: prefixLength });
      if (!cot) return { output: predictAt(model, state, answers), cot: null };
      const g = generate(model, state, t, { stopTokens: answers, maxTokens: cot.maxTokens });
      // A chain of thought that never reaches an answer token answers nothing: −1, always wrong.
      return { output: g.stopped ? g.tokens[g.tokens.length - 1] : -1, cot: g.tokens };
    },
  };
}

export interface Transcript {
  task: string;
  reduction: string;
  model: string;
  n: number;
  x: string;
  query: string;
  aliceTokens: number[];
  bobTokens: number[];
  /** Alice's message: the encoded state, as sent. */
  message: BitString;
  messageBits: number;
  stateBits: number;
  cot: number[] | null;
  /** Retrieval rounds Bob started (two-way game), and the bits they exchanged: each round
   * sends the query's tokens to Alice and her answer token back, ⌈log₂ V⌉ bits per token. */
  retrievals: number;
  retrievalBits: number;
  output: number;
  expected: number;
  correct: boolean;
}

/** Plays the one-way game once on (x, q) and records the transcript. */
export function playGame<S>(
  model: StreamingModel<S>,
  reduction: Reduction,
  n: number,
  x: ArrayLike<number>,
  q: number,
  cot: CotOptions | null = null,
): Transcript {
  if (x.length !== n) userError(`x has ${x.length} bits but n is ${n}`);
  if (!(Number.isInteger(q) && q >= 0 && q < reduction.queryCount(n))) {
    userError(`query ${q} is out of range: ${reduction.name} at n=${n} takes 0..${reduction.queryCount(n) - 1}`);
  }
  const protocol = modelProtocol(model, reduction, n, cot);
  const message = protocol.send(x);
  const aliceTokens = alicePrefix(reduction, n, x);
  const bob = cot?.retriever ? twoWayBob(model, reduction, n, message, q, aliceTokens, cot) : { ...protocol.decode(message, q), retrievals: 0, retrievalBits: 0 };
  const expected = reduction.expected(n, x, q);
  return {
    task: reduction.task,
    reduction: reduction.name,
    model: model.name,
    n,
    x: formatBits(x),
    query: reduction.queryText(n, q),
    aliceTokens,
    bobTokens: reduction.suffix(n, q),
    message,
    messageBits: message.length,
    stateBits: model.stateBits(protocol.aliceLength()),
    cot: bob.cot,
    retrievals: bob.retrievals,
    retrievalBits: bob.retrievalBits,
    output: bob.output,
    expected,
    correct: bob.output === expected,
  };
}

/** Bob with a retriever: his CoT may ask Alice about her prefix; every round is counted. */
function twoWayBob<S>(
  model: StreamingModel<S>,
  reduction: Reduction,
  n: number,
  message: BitString,
  q: number,
  aliceTokens: number[],
  cot: CotOptions,
): BobRun & { retrievals: number; retrievalBits: number } {
  const suffix = reduction.suffix(n, q);
  const { state, t } = runModel(model, suffix, { state: model.decode(message), t0: aliceTokens.length });
  const tokenBits = Math.max(1, Math.ceil(Math.log2(reduction.vocabSize(n))));
  let retrievals = 0;
  let retrievalBits = 0;
  let lastAnswerAt = aliceTokens.length + suffix.length;
  const retriever: Retriever = (context) => {
    const answer = cot.retriever!(context);
    if (answer !== null) {
      retrievals++;
      // The query Bob sends is what he generated since the last answer; Alice returns one token.
      retrievalBits += (context.length - lastAnswerAt + 1) * tokenBits;
      lastAnswerAt = context.length + 1;
    }
    return answer;
  };
  const g = generate(model, state, t, {
    stopTokens: reduction.answerTokens(n),
    maxTokens: cot.maxTokens,
    retriever,
    context: [...aliceTokens, ...suffix],
  });
  return { output: g.stopped ? g.tokens[g.tokens.length - 1] : -1, cot: g.tokens, retrievals, retrievalBits };
}
