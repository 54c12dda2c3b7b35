/**
 * The two chains of thought of the official IsTree data (rnn-icrag rnn/data.py), step for step.
 *
 * Algorithm 1 (`euler_tour`, cot mode): DFS from vertex 0, neighbours in input order; emit u on
 * entry and again after returning from each child; skip every edge back to the DFS parent;
 * stop at the first already-visited neighbour (a cycle) and emit nothing more. On a tree:
 * 2n − 1 vertices. Because every edge to the parent is skipped, a REPEATED parent edge (a
 * 2-cycle, possible in multigraphs such as reduction r1's) goes unnoticed, as officially.
 *
 * Algorithm 2 (`euler_tour_with_retrieval`, retrieval mode): the same DFS, kept as a stack,
 * where every fact comes from the retriever (its answer is the token right after
 * [ENDSEARCH]; [FAILED] when there is none). One step at the stack top u, with father f
 * (= [FAILED] at the root) and `prev` the vertex we came from ([FAILED] at the start):
 *
 *   u [STARTSEARCH] u ~ [ENDSEARCH] f                         6 tokens   (u's father record)
 *   entering u (prev = f):  [STARTSEARCH] u - [ENDSEARCH] w      5 tokens (first neighbour)
 *   back from child prev:   [STARTSEARCH] u - prev [ENDSEARCH] w 6 tokens (next neighbour)
 *   if w = f ≠ [FAILED]:    [STARTSEARCH] u - f [ENDSEARCH] w'   6 tokens (skip the father)
 *   if w = [FAILED]: pop u (prev := u), next step
 *   else [STARTSEARCH] w ~ [ENDSEARCH] r                      5 tokens
 *     r = [FAILED] and w unvisited: the model writes the record `w ~ u`  3 tokens, push w
 *     (prev := u);  otherwise w is visited (a cycle): stop.
 *
 * Caveat kept from the official code: the root has no record, so `0 ~` answers [FAILED] whether
 * or not 0 was visited; the official DFS knows 0 is visited and stops, and so do we.
 *
 * Length on a tree: 2n − 1 steps — n entries (6 + 5), n − 1 returns (6 + 6), n − 1 father
 * skips (6), n − 1 pushes (5 + 3) — so 11n + 12(n−1) + 6(n−1) + 8(n−1) = 37n − 26 tokens,
 * exactly, for every tree. Non-trees stop earlier or explore only 0's component.
 */
import type { IsTreeGraph } from "./istreeGraph.js";
import { neighbourLists } from "./istreeGraph.js";
import {
  ISTREE_DASH, ISTREE_ENDSEARCH, ISTREE_FAILED, ISTREE_STARTSEARCH, ISTREE_TILDE, isTreeNodeToken,
} from "./istreeVocabulary.js";

/** Algorithm 1: the Euler tour as vertices (map with isTreeNodeToken for tokens). */
export function eulerTour(g: IsTreeGraph): number[] {
  const adj = neighbourLists(g);
  const visited = new Uint8Array(g.n);
  const tour: number[] = [];
  // Explicit stack of DFS frames (vertex, parent, next neighbour index): no recursion limit.
  const frames: { u: number; parent: number; next: number }[] = [];
  const enter = (u: number, parent: number): void => {
    visited[u] = 1;
    tour.push(u);
    frames.push({ u, parent, next: 0 });
  };
  enter(0, -1);
  while (frames.length > 0) {
    const f = frames[frames.length - 1];
    if (f.next >= adj[f.u].length) {
      frames.pop();
      if (frames.length > 0) tour.push(frames[frames.length - 1].u); // back in the parent
      continue;
    }
    const y = adj[f.u][f.next++];
    if (y === f.parent) continue;
    if (visited[y]) return tour; // a cycle: the official code stops emitting here
    enter(y, f.u);
  }
  return tour;
}

const NONE = -1;

/** The neighbour after the first occurrence of v in u's list, or NONE (the official loop). */
function neighbourAfter(list: readonly number[], v: number): number {
  const k = list.indexOf(v);
  return k >= 0 && k + 1 < list.length ? list[k + 1] : NONE;
}

/** Algorithm 2: the retrieval CoT as token ids, retriever answers included. */
export function retrievalTour(g: IsTreeGraph): number[] {
  const adj = neighbourLists(g);
  const tok = (v: number): number => (v === NONE ? ISTREE_FAILED : isTreeNodeToken(v));
  const visited = new Uint8Array(g.n);
  const father = new Int32Array(g.n).fill(NONE);
  const out: number[] = [];
  const stack = [0];
  visited[0] = 1;
  let prev = NONE;
  while (stack.length > 0) {
    const u = stack[stack.length - 1];
    const f = stack.length > 1 ? stack[stack.length - 2] : NONE;
    out.push(tok(u), ISTREE_STARTSEARCH, tok(u), ISTREE_TILDE, ISTREE_ENDSEARCH, tok(f));
    let w: number;
    if (prev === f) {
      out.push(ISTREE_STARTSEARCH, tok(u), ISTREE_DASH, ISTREE_ENDSEARCH);
      w = adj[u].length > 0 ? adj[u][0] : NONE;
    } else {
      out.push(ISTREE_STARTSEARCH, tok(u), ISTREE_DASH, tok(prev), ISTREE_ENDSEARCH);
      w = neighbourAfter(adj[u], prev);
    }
    out.push(tok(w));
    if (w === f && f !== NONE) {
      out.push(ISTREE_STARTSEARCH, tok(u), ISTREE_DASH, tok(f), ISTREE_ENDSEARCH);
      w = neighbourAfter(adj[u], f);
      out.push(tok(w));
    }
    if (w === NONE) {
      stack.pop();
      prev = u;
      continue;
    }
    out.push(ISTREE_STARTSEARCH, tok(w), ISTREE_TILDE, ISTREE_ENDSEARCH);
    if (!visited[w]) {
      out.push(ISTREE_FAILED, tok(w), ISTREE_TILDE, tok(u));
      father[w] = u;
      stack.push(w);
      visited[w] = 1;
      prev = u;
      continue;
    }
    out.push(tok(father[w]));
    break;
  }
  return out;
}
