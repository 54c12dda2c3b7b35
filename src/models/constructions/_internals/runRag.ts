/**
 * Runs a retrieval-augmented model on one task input: it reads the input, then generates with
 * its retriever until it emits one of the answer tokens. Returns everything it appended (its
 * own tokens and the retriever's), which rounds were retrievals, and the bits they exchanged.
 */
import type { RagModel } from "../../rag.js";
import { generate, runModel } from "../../../stream/interpreter.js";

export interface RagRun {
  readonly tokens: number[];
  readonly fromRetriever: (0 | 1)[];
  /** The last token, when the run stopped at an answer token; else −1. */
  readonly output: number;
  readonly retrievals: number;
  /** Query tokens sent plus answer tokens returned, ⌈log₂ V⌉ bits each. */
  readonly retrievalBits: number;
  /** The largest state encoding seen, in bits. */
  readonly maxStateBits: number;
}

export function runRag<S>(model: RagModel<S>, input: readonly number[], answers: readonly number[], maxTokens: number): RagRun {
  const { state, t } = runModel(model, input);
  let maxStateBits = model.encode(state).length;
  const g = generate(model, state, t, { stopTokens: answers, maxTokens, retriever: model.retriever, context: input });
  const tokenBits = Math.max(1, Math.ceil(Math.log2(model.vocabSize)));
  let retrievals = 0;
  let retrievalBits = 0;
  let sent = 0;
  g.fromRetriever.forEach((r) => {
    if (r) {
      retrievals++;
      retrievalBits += (sent + 1) * tokenBits;
      sent = 0;
    } else sent++;
  });
  // Re-walk the states to find the widest encoding (the budget check in generate bounds it too).
  let s = state;
  let tt = t;
  for (const tok of g.tokens) {
    s = model.step(s, tok, tt++);
    maxStateBits = Math.max(maxStateBits, model.encode(s).length);
  }
  return {
    tokens: g.tokens,
    fromRetriever: g.fromRetriever,
    output: g.stopped ? g.tokens[g.tokens.length - 1] : -1,
    retrievals,
    retrievalBits,
    maxStateBits,
  };
}
