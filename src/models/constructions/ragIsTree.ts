/**
 * `rag-istree`: a finite-state controller that runs Algorithm 2 of rnn-icrag (the retrieval
 * chain of thought, src/tasks/istreeTours.ts) through IsTree's retriever (src/tasks/retriever.ts)
 * and emits the official token format token for token: after the graph's [EOS] it generates
 * `retrievalTour(g)`, then [EOS] and [TRUE] or [FALSE].
 *
 * What it keeps (its whole state, an explicit encoding): the template position (phase), the
 * current vertex u, its father f, the vertex it came from (prev), the candidate neighbour w,
 * the number of vertices entered, and two flags: whether the input had exactly N − 1 edges
 * (read off the position of the first [EOS], which both parties know) and whether the DFS
 * finished without meeting a visited vertex. Each vertex field holds 0 … N−1 or "none" in
 * ⌈log₂(N + 1)⌉ bits, so stateBits = 6 + 5·⌈log₂(N + 1)⌉ + 2 = O(log N). The DFS stack, the
 * visited set and the father records live in the context, which the retriever reads.
 *
 * The answer is [TRUE] iff the DFS from vertex 0 came back to the root without meeting a
 * visited vertex, entered all N vertices, and the graph has N − 1 edges: exactly a tree.
 */
import type { StreamingModel } from "../../stream/model.js";
import { ragModel, type RagModel } from "../rag.js";
import {
  ISTREE_DASH, ISTREE_ENDSEARCH, ISTREE_EOS, ISTREE_FAILED, ISTREE_FALSE, ISTREE_STARTSEARCH, ISTREE_TILDE, ISTREE_TRUE,
  isTreeNodeToken, isTreeVertexOf, isTreeVocabulary,
} from "../../tasks/istreeVocabulary.js";
import { userError } from "../../util/errors.js";
import { bitsFor, fieldLayout, oneHot, type FieldState } from "./_internals/fieldState.js";

type Field = "phase" | "u" | "f" | "prev" | "w" | "entered" | "edgesOk" | "finished";
export type IsTreeControllerState = FieldState<Field>;

/** Template positions. Each emits one token, or (the AWAIT ones) reads the retriever's answer. */
const enum P {
  Input,
  // u [SS] u ~ [ES] → f
  A0, A1, A2, A3, A4, AWAIT_F,
  // [SS] u - [ES] → w   (entering u)
  B0, B1, B2, B3, AWAIT_W_FIRST,
  // [SS] u - prev [ES] → w   (back from the child prev)
  C0, C1, C2, C3, C4, AWAIT_W_NEXT,
  // [SS] u - f [ES] → w   (skip the father)
  D0, D1, D2, D3, D4, AWAIT_W_SKIP,
  // [SS] w ~ [ES] → record of w
  E0, E1, E2, E3, AWAIT_R,
  // w ~ u   (the father record the model writes)
  F0, F1, F2,
  // [EOS] answer
  Z0, Z1, Done,
}
const PHASES = P.Done + 1;

export function isTreeController(N: number): StreamingModel<IsTreeControllerState> {
  if (!(Number.isInteger(N) && N >= 1)) userError(`rag-istree needs a graph size N ≥ 1, got ${N}`);
  const V = isTreeVocabulary(N).length;
  const NONE = N; // stored as N in the vertex fields
  const vb = bitsFor(N + 1);
  const layout = fieldLayout<Field>([
    ["phase", bitsFor(PHASES)], ["u", vb], ["f", vb], ["prev", vb], ["w", vb], ["entered", vb], ["edgesOk", 1], ["finished", 1],
  ]);
  const tok = (v: number): number => (v === NONE ? ISTREE_FAILED : isTreeNodeToken(v));
  const vertex = (token: number): number => {
    const v = isTreeVertexOf(token, N);
    return v < 0 ? NONE : v;
  };
  const at = (s: IsTreeControllerState, phase: P, patch: Partial<Record<Field, number>> = {}): IsTreeControllerState => ({ ...s, ...patch, phase });

  /** After the final candidate w of this step: pop, or look w's record up. */
  const afterCandidate = (s: IsTreeControllerState, w: number): IsTreeControllerState => {
    if (w !== NONE) return at(s, P.E0, { w });
    if (s.f === NONE) return at(s, P.Z0, { w, finished: 1 }); // popped the root: the DFS is complete
    return at(s, P.A0, { w, prev: s.u, u: s.f });
  };

  const next = (s: IsTreeControllerState): number => {
    switch (s.phase) {
      case P.A0: case P.A2: case P.B1: case P.C1: case P.D1: case P.F2: return tok(s.u);
      case P.A1: case P.B0: case P.C0: case P.D0: case P.E0: return ISTREE_STARTSEARCH;
      case P.A3: case P.E2: case P.F1: return ISTREE_TILDE;
      case P.A4: case P.B3: case P.C4: case P.D4: case P.E3: return ISTREE_ENDSEARCH;
      case P.B2: case P.C2: case P.D2: return ISTREE_DASH;
      case P.C3: return tok(s.prev);
      case P.D3: return tok(s.f);
      case P.E1: case P.F0: return tok(s.w);
      case P.Z0: return ISTREE_EOS;
      case P.Z1: return s.finished && s.edgesOk && s.entered === N ? ISTREE_TRUE : ISTREE_FALSE;
      default: return -1; // reading the input, awaiting an answer, or done: no emission
    }
  };

  return {
    name: `rag-istree(N=${N})`,
    vocabSize: V,
    format: null,
    init: () => ({ phase: P.Input, u: 0, f: NONE, prev: NONE, w: NONE, entered: 0, edgesOk: 0, finished: 0 }),
    step(s, token, t) {
      if (!(Number.isInteger(token) && token >= 0 && token < V)) userError(`rag-istree: token ${token} is outside the vocabulary 0..${V - 1}`);
      switch (s.phase) {
        case P.Input:
          if (token !== ISTREE_EOS) return s;
          // `[BOS] e_1 … e_E [EOS]` puts this [EOS] at t = 3E + 1.
          return at(s, P.A0, { u: 0, prev: NONE, entered: 1, edgesOk: t === 3 * (N - 1) + 1 ? 1 : 0 });
        case P.AWAIT_F: {
          const f = vertex(token);
          return at(s, s.prev === f ? P.B0 : P.C0, { f });
        }
        case P.AWAIT_W_FIRST:
        case P.AWAIT_W_NEXT: {
          const w = vertex(token);
          if (w === s.f && s.f !== NONE) return at(s, P.D0, { w });
          return afterCandidate(s, w);
        }
        case P.AWAIT_W_SKIP:
          return afterCandidate(s, vertex(token));
        case P.AWAIT_R:
          // No record and not the root (which never has one): w is new, enter it.
          if (vertex(token) === NONE && s.w !== 0) return at(s, P.F0);
          return at(s, P.Z0, { finished: 0 }); // w was visited: a cycle
        case P.F2:
          return at(s, P.A0, { prev: s.u, u: s.w, entered: Math.min(N, s.entered + 1) });
        case P.Done:
          return s;
        default:
          return at(s, s.phase + 1);
      }
    },
    logits: (s) => oneHot(V, next(s)),
    encode: (s) => layout.encode(s),
    decode: (bits) => layout.decode(bits),
    stateBits: () => layout.bits,
    describe: () => ({
      architecture: "rag-istree",
      format: null,
      stateBitsFormula: `${layout.formula()} (vertex fields ⌈log₂(N + 1)⌉ = ${vb} bits, N = ${N})`,
      params: { graphSize: N, vocabSize: V, kind: "explicit finite-state controller running Algorithm 2" },
    }),
  };
}

/** rag-istree at graph size N: the controller plus IsTree's retriever. */
export function ragIsTree(N: number): RagModel<IsTreeControllerState> {
  return ragModel(isTreeController(N), "istree", N);
}
