/**
 * The in-context retriever of IsTree's retrieval mode (Algorithm 2, rnn-icrag): when a model
 * has generated `[STARTSEARCH] … [ENDSEARCH]`, the retriever reads the context so far and
 * returns ONE answer token, which is appended and never supervised.
 *
 * Context: `[BOS] u - v … [EOS]` (the graph), then the CoT so far, ending with the query.
 * Query forms (vertices 0..n−1):
 *   `[STARTSEARCH] u ~ [ENDSEARCH]`   → x of the latest father record `u ~ x` the model wrote
 *                                       after the first [EOS], or [FAILED] (no record; the root)
 *   `[STARTSEARCH] u - [ENDSEARCH]`   → the other end of the first input edge containing u,
 *                                       or [FAILED]
 *   `[STARTSEARCH] u - v [ENDSEARCH]` → in u's neighbour list (input order), the entry right
 *                                       after the first occurrence of v, or [FAILED] (v last,
 *                                       or not a neighbour)
 * A record is any `w ~ x` with both w and x vertex tokens; a father query has [ENDSEARCH]
 * after `~`, so the two never look alike.
 */
import { userError } from "../util/errors.js";
import { neighbourLists, parseGraphInput } from "./istreeGraph.js";
import {
  ISTREE_DASH, ISTREE_ENDSEARCH, ISTREE_EOS, ISTREE_FAILED, ISTREE_STARTSEARCH, ISTREE_TILDE,
  isTreeNodeToken, isTreeVertexOf,
} from "./istreeVocabulary.js";

export type RetrievalQuery =
  | { readonly kind: "father"; readonly u: number }
  | { readonly kind: "firstNeighbour"; readonly u: number }
  | { readonly kind: "nextNeighbour"; readonly u: number; readonly v: number };

/** The query the context ends with, or null when it does not end with a complete query. */
export function trailingQuery(context: readonly number[], n: number): RetrievalQuery | null {
  const end = context.length - 1;
  if (end < 0 || context[end] !== ISTREE_ENDSEARCH) return null;
  const start = context.lastIndexOf(ISTREE_STARTSEARCH, end);
  if (start < 0) return null;
  const body = context.slice(start + 1, end);
  const u = body.length >= 2 ? isTreeVertexOf(body[0], n) : -1;
  if (u < 0) return null;
  if (body.length === 2 && body[1] === ISTREE_TILDE) return { kind: "father", u };
  if (body.length === 2 && body[1] === ISTREE_DASH) return { kind: "firstNeighbour", u };
  if (body.length === 3 && body[1] === ISTREE_DASH) {
    const v = isTreeVertexOf(body[2], n);
    if (v >= 0) return { kind: "nextNeighbour", u, v };
  }
  return null;
}

/** True iff the context ends with a complete retrieval query (the interpreter's trigger). */
export function endsWithQuery(context: readonly number[], n: number): boolean {
  return trailingQuery(context, n) !== null;
}

/** The retriever's answer token for the query the context ends with. */
export function retrieve(context: readonly number[], n: number): number {
  const query = trailingQuery(context, n);
  if (query === null) userError("the retriever was called on a context that does not end with a complete [STARTSEARCH] … [ENDSEARCH] query");
  const eos = context.indexOf(ISTREE_EOS);
  if (eos < 0) userError("the retriever's context has no [EOS] after the graph");
  const node = (v: number): number => (v < 0 ? ISTREE_FAILED : isTreeNodeToken(v));
  if (query.kind === "father") {
    // Latest record `u ~ x` in the CoT (after the graph), excluding the query's own `u ~`.
    for (let k = context.length - 3; k > eos; k--) {
      if (context[k] === ISTREE_TILDE && isTreeVertexOf(context[k - 1], n) === query.u) {
        const x = isTreeVertexOf(context[k + 1], n);
        if (x >= 0) return node(x);
      }
    }
    return ISTREE_FAILED;
  }
  const list = neighbourLists(parseGraphInput(n, context.slice(0, eos + 1)))[query.u];
  if (query.kind === "firstNeighbour") return node(list.length > 0 ? list[0] : -1);
  const k = list.indexOf(query.v);
  return node(k >= 0 && k + 1 < list.length ? list[k + 1] : -1);
}
