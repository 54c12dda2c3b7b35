/**
 * The census of a two-way protocol (issue 8 item 4): a retrieval-augmented model whose chain
 * of thought asks an in-context retriever about Alice's prefix. D(n) still counts the distinct
 * states (messages) Alice's prefix leaves, and the accuracy is still exact over every (x, q);
 * but Bob's answers depend on x through the retrieval rounds as well as through the message,
 * so the per-state Bayes ceiling and the one-way bound do not apply (both null), and every
 * (x, q) is played as its own game. Each round's query tokens and answer token are counted
 * messages, ⌈log₂ V⌉ bits per token (comm/game.ts); a row reports the largest and the mean
 * number of bits one game exchanged.
 */
import type { Reduction } from "../comm/reduction.js";
import { aliceLength, alicePrefix } from "../comm/reduction.js";
import { playGame } from "../comm/game.js";
import type { Retriever } from "../stream/interpreter.js";
import { encodeChecked, runModel } from "../stream/interpreter.js";
import type { StreamingModel } from "../stream/model.js";
import { userError } from "../util/errors.js";
import { fractionText } from "./fraction.js";
import type { CensusProgress, CensusRow } from "./types.js";

export interface RetrievalCensusRow extends CensusRow {
  /** Always true: Bob talks back to Alice's context, so no one-way bound applies. */
  twoWay: true;
  /** Bits of queries and answers exchanged in one game (x, q): the largest and the mean. */
  retrievalBitsMax: number;
  retrievalBitsMean: number;
  /** Retrieval rounds in one game: the largest. */
  retrievalsMax: number;
}

export interface RetrievalCensusOptions<S> {
  reduction: Reduction;
  /** The model at size n, with the retriever it asks. */
  modelFor: (n: number) => StreamingModel<S> & { retriever: Retriever };
  /** Longest chain of thought Bob may generate. */
  maxTokens: (n: number) => number;
  onProgress?: (p: CensusProgress) => void;
}

/** Exhaustive: the largest n whose 2^n·queries games it plays. */
export const RETRIEVAL_CENSUS_MAX_N = 20;

export function retrievalCensus<S>(opts: RetrievalCensusOptions<S>, n: number): RetrievalCensusRow {
  const { reduction: r } = opts;
  if (n > RETRIEVAL_CENSUS_MAX_N) userError(`an exhaustive two-way census handles n ≤ ${RETRIEVAL_CENSUS_MAX_N} (got n=${n})`);
  const model = opts.modelFor(n);
  const Q = r.queryCount(n);
  const prefixLength = aliceLength(r, n);
  const messages = new Set<string>();
  const bits = new Uint8Array(n);
  let correct = 0n;
  let bitsTotal = 0;
  let bitsMax = 0;
  let roundsMax = 0;
  const total = 2 ** n;
  for (let x = 0; x < total; x++) {
    for (let j = 0; j < n; j++) bits[j] = (x >>> j) & 1;
    const { state, t } = runModel(model, alicePrefix(r, n, bits));
    if (t !== prefixLength) throw new Error(`reduction ${r.name}: Alice's prefix has ${t} tokens, expected ${prefixLength}`);
    messages.add(encodeChecked(model, state, t));
    for (let q = 0; q < Q; q++) {
      const game = playGame(model, r, n, bits, q, { maxTokens: opts.maxTokens(n), retriever: model.retriever });
      if (game.correct) correct++;
      bitsTotal += game.retrievalBits;
      bitsMax = Math.max(bitsMax, game.retrievalBits);
      roundsMax = Math.max(roundsMax, game.retrievals);
    }
    if ((x & 255) === 255) opts.onProgress?.({ n, done: x + 1, total });
  }
  opts.onProgress?.({ n, done: total, total });
  const games = BigInt(total) * BigInt(Q);
  return {
    n,
    exhaustive: true,
    distinctStates: String(messages.size),
    distinctStatesIsLowerEstimate: false,
    inputs: String(total),
    accuracy: Number(correct) / Number(games),
    accuracyExact: fractionText(correct, games),
    accuracyIsEstimate: false,
    bayesOptimalAccuracy: null,
    bayesOptimalAccuracyExact: null,
    accuracyUpperBound: null,
    foolingPair: null,
    twoWay: true,
    retrievalBitsMax: bitsMax,
    retrievalBitsMean: bitsTotal / Number(games),
    retrievalsMax: roundsMax,
  };
}
