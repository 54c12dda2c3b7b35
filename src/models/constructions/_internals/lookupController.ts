/**
 * The finite-state controller behind rag-index and rag-ar: it ignores the input, reads the
 * query token at the position where the task puts it, emits that token as its retrieval query,
 * reads the retriever's answer and emits it as its own answer. Its state is explicit: a phase
 * (2 bits: reading, asking, waiting, answering) and one token id (⌈log₂ V⌉ bits), so
 * stateBits = 2 + ⌈log₂ V⌉ = O(log n) for every t. It never stores an input bit: everything it
 * learns about Alice's prefix comes through the retriever.
 */
import type { StreamingModel } from "../../../stream/model.js";
import { userError } from "../../../util/errors.js";
import { bitsFor, fieldLayout, oneHot, type FieldState } from "./fieldState.js";

export const PHASE_READING = 0;
export const PHASE_ASKING = 1;
export const PHASE_WAITING = 2;
export const PHASE_ANSWERING = 3;

type Field = "phase" | "token";
export type LookupState = FieldState<Field>;

export interface LookupControllerOptions {
  readonly name: string;
  readonly vocabSize: number;
  /** Stream position of the task's query token (n for Index, 2n for AR). */
  readonly queryPosition: number;
  readonly n: number;
}

export function lookupController(opts: LookupControllerOptions): StreamingModel<LookupState> {
  const { vocabSize: V, queryPosition } = opts;
  const layout = fieldLayout<Field>([["phase", 2], ["token", bitsFor(V)]]);
  return {
    name: `${opts.name}(n=${opts.n})`,
    vocabSize: V,
    format: null,
    init: () => ({ phase: PHASE_READING, token: 0 }),
    step(s, token, t) {
      if (!(Number.isInteger(token) && token >= 0 && token < V)) userError(`${opts.name}: token ${token} is outside the vocabulary 0..${V - 1}`);
      switch (s.phase) {
        case PHASE_READING:
          return t === queryPosition ? { phase: PHASE_ASKING, token } : s;
        case PHASE_ASKING:
          return { phase: PHASE_WAITING, token: s.token };
        case PHASE_WAITING:
          return { phase: PHASE_ANSWERING, token };
        default:
          return s;
      }
    },
    logits: (s) => (s.phase === PHASE_ASKING || s.phase === PHASE_ANSWERING ? oneHot(V, s.token) : new Float64Array(V)),
    encode: (s) => layout.encode(s),
    decode: (bits) => layout.decode(bits),
    stateBits: () => layout.bits,
    describe: () => ({
      architecture: opts.name,
      format: null,
      stateBitsFormula: `phase 2 + token ⌈log₂ V⌉ = 2 + ${layout.bits - 2} = ${layout.bits} (V = ${V})`,
      params: { n: opts.n, vocabSize: V, queryPosition, kind: "explicit finite-state controller" },
    }),
  };
}
