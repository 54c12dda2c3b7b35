import type { Format } from "../numeric/format.js";

/** A bit string written as '0'/'1' characters: the message Alice sends, exactly as long as it is. */
export type BitString = string;

/** What a model says about itself: enough to reproduce it and to check its state-bit formula. */
export interface ModelInfo {
  readonly architecture: string;
  /** The format its state scalars use, or null for models whose state is raw bits. */
  readonly format: string | null;
  /** Human formula for stateBits, e.g. "2·layers·width·bits = 2·1·4·8". */
  readonly stateBitsFormula: string;
  readonly params: Readonly<Record<string, unknown>>;
}

/**
 * A model run as a streaming algorithm (docs/theory.md §1, src/stream).
 *
 * `step` is pure: it never mutates its input state, so states can be shared between census
 * classes. `t` is the 0-based position of `token` in the stream; it is known to both parties
 * of a game, so a generic streaming algorithm may use it for free, while neural recurrent
 * models ignore it (a counter they need is part of their state and paid for in bits).
 */
export interface StreamingModel<S = unknown> {
  readonly name: string;
  readonly vocabSize: number;
  readonly format: Format | null;
  init(): S;
  step(state: S, token: number, t: number): S;
  /** Scores over the vocabulary; the prediction is the argmax among the allowed tokens. */
  logits(state: S): ArrayLike<number>;
  /**
   * Optional: the scores of `tokens` only, out[i] = logits(state)[tokens[i]], each computed by
   * exactly the same operations as in logits (so bit-identical), skipping the other rows. Bob
   * needs only the answer tokens; a readout over the whole vocabulary costs V rows for 2.
   */
  logitsFor?(state: S, tokens: readonly number[]): ArrayLike<number>;
  /** The explicit encoding of a state; its length must not exceed stateBits(t). */
  encode(state: S): BitString;
  decode(bits: BitString): S;
  /** Bits a state may use after t tokens (constant for RNNs, growing for KV caches). */
  stateBits(t: number): number;
  describe(): ModelInfo;
}

/** argmax over `allowed` token ids (all tokens when omitted); ties go to the lowest id. */
export function predict(logits: ArrayLike<number>, allowed?: readonly number[]): number {
  return allowed ? argmaxAmong(allowed, (i, tok) => logits[tok]) : argmaxAll(logits);
}

/**
 * The model's prediction at `state` among `allowed` (all tokens when omitted): predict(logits,
 * allowed), scoring only the allowed tokens when the model has logitsFor. Same result, bit for
 * bit, including ties and NaN scores, since the scan over `allowed` is the same.
 */
export function predictAt<S>(model: StreamingModel<S>, state: S, allowed?: readonly number[]): number {
  if (!allowed || !model.logitsFor) return predict(model.logits(state), allowed);
  const scores = model.logitsFor(state, allowed);
  return argmaxAmong(allowed, (i) => scores[i]);
}

/** The scan of predict over `allowed`, in its order; score(i, tok) is the score of allowed[i]. */
function argmaxAmong(allowed: readonly number[], score: (i: number, tok: number) => number): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let i = 0; i < allowed.length; i++) {
    const tok = allowed[i];
    const s = score(i, tok);
    if (best < 0 || s > bestScore || (s === bestScore && tok < best)) {
      best = tok;
      bestScore = s;
    }
  }
  return best;
}

function argmaxAll(logits: ArrayLike<number>): number {
  let best = -1;
  let bestScore = -Infinity;
  for (let tok = 0; tok < logits.length; tok++) {
    if (best < 0 || logits[tok] > bestScore) {
      best = tok;
      bestScore = logits[tok];
    }
  }
  return best;
}
