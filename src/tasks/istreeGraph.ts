/**
 * An IsTree input graph as the official format states it: n vertices 0..n−1 and an edge list
 * in input order, each edge [u, v] written `u - v` (the official writer puts the larger
 * endpoint first). Repeated edges and self-loops are kept: the solver treats them as cycles.
 */
import { userError } from "../util/errors.js";
import { ISTREE_BOS, ISTREE_DASH, ISTREE_EOS, isTreeNodeToken, isTreeVertexOf } from "./istreeVocabulary.js";

export interface IsTreeGraph {
  readonly n: number;
  readonly edges: readonly (readonly [number, number])[];
}

/** Each vertex's neighbours in input order (an edge {u, v} adds v to u's list and u to v's). */
export function neighbourLists(g: IsTreeGraph): number[][] {
  const adj: number[][] = Array.from({ length: g.n }, () => []);
  for (const [u, v] of g.edges) {
    adj[u].push(v);
    adj[v].push(u);
  }
  return adj;
}

/**
 * True iff the graph is a tree: exactly n − 1 edges (repeats and loops counted) and every
 * vertex reachable from vertex 0. With n − 1 edges, connected ⇔ acyclic ⇔ tree.
 */
export function isTreeGraph(g: IsTreeGraph): boolean {
  if (g.edges.length !== g.n - 1) return false;
  const adj = neighbourLists(g);
  const seen = new Uint8Array(g.n);
  const queue = [0];
  seen[0] = 1;
  for (let head = 0; head < queue.length; head++) {
    for (const w of adj[queue[head]]) {
      if (!seen[w]) {
        seen[w] = 1;
        queue.push(w);
      }
    }
  }
  return queue.length === g.n;
}

/** `[BOS] u - v … [EOS]`: the input part of every layout. */
export function graphInputTokens(g: IsTreeGraph): number[] {
  const out = [ISTREE_BOS];
  for (const [u, v] of g.edges) out.push(isTreeNodeToken(u), ISTREE_DASH, isTreeNodeToken(v));
  out.push(ISTREE_EOS);
  return out;
}

/**
 * Reads the graph from `[BOS] u - v … [EOS]` (exactly that: no CoT, no answer). Endpoints may
 * come in either order; vertices must be 0..n−1.
 */
export function parseGraphInput(n: number, input: readonly number[]): IsTreeGraph {
  if (!Number.isInteger(n) || n < 1) userError(`istree needs an integer graph size n ≥ 1, got ${n}`);
  const last = input.length - 1;
  if (input.length < 2 || input[0] !== ISTREE_BOS || input[last] !== ISTREE_EOS || (input.length - 2) % 3 !== 0) {
    userError(`an istree input is [BOS] (u - v)* [EOS]; got ${input.length} tokens that are not of that shape`);
  }
  const edges: [number, number][] = [];
  for (let k = 1; k < last; k += 3) {
    const u = isTreeVertexOf(input[k], n);
    const v = isTreeVertexOf(input[k + 2], n);
    if (u < 0 || v < 0 || input[k + 1] !== ISTREE_DASH) {
      userError(`istree input tokens ${k}..${k + 2} are not an edge 'u - v' with vertices 0..${n - 1}`);
    }
    edges.push([u, v]);
  }
  return { n, edges };
}
