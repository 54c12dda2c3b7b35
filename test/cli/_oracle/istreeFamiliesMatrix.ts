// The n × n matrix generator as it was before the sparse rewrite: the oracle that the rewrite draws the same graphs.
/**
 * The two graph families of the official generator (rnn-icrag rnn/data.py), drawn from a
 * seeded Rng instead of numpy's global state. After drawing, both collect the edges as the
 * official `_preprocess` does (pairs (i, j) with i > j, i ascending then j ascending, so the
 * larger endpoint is written first) and shuffle that list.
 */
import type { Rng } from "../../../src/util/rng.js";
import type { IsTreeGraph } from "../../../src/tasks/istreeGraph.js";

export type IsTreeFamily = "binary" | "random";
export const ISTREE_FAMILIES: readonly IsTreeFamily[] = ["binary", "random"];

/** Edges of a symmetric 0/1 adjacency matrix as the official code lists them, then shuffled. */
function shuffledEdges(adjacent: Uint8Array[], rng: Rng): [number, number][] {
  const edges: [number, number][] = [];
  for (let i = 0; i < adjacent.length; i++) {
    for (let j = 0; j < i; j++) if (adjacent[i][j]) edges.push([i, j]);
  }
  return rng.shuffle(edges);
}

function emptyMatrix(n: number): Uint8Array[] {
  return Array.from({ length: n }, () => new Uint8Array(n));
}

function connect(m: Uint8Array[], u: number, v: number): void {
  m[u][v] = 1;
  m[v][u] = 1;
}

/**
 * `binary` (n ≥ 4): a random permutation; perm[0] and perm[1] are hubs; every other vertex hangs
 * on a hub chosen by a fair bit; then one extra edge perm[i] – perm[i+1] for i uniform in
 * [2, n−2] (numpy's randint(2, n−1) excludes n−1). Always n − 1 edges, never a repeated one.
 * It is a tree iff the two ends of the extra edge hang on different hubs, i.e. iff two
 * independent fair bits differ: probability exactly 1/2, by construction.
 */
export function binaryGraph(n: number, rng: Rng): IsTreeGraph {
  const perm = rng.shuffle(Array.from({ length: n }, (_, k) => k));
  const m = emptyMatrix(n);
  for (let i = 2; i < n; i++) connect(m, perm[rng.bit() === 0 ? 0 : 1], perm[i]);
  const i = rng.int(2, n - 2);
  connect(m, perm[i], perm[i + 1]);
  return { n, edges: shuffledEdges(m, rng) };
}

/**
 * `random` (n ≥ 4), as the official code draws it. With probability 1/2 a random recursive
 * tree (vertex perm[i] hangs on perm[father], father uniform below i): n − 1 edges. Otherwise
 * every index but `anotherRoot` picks a uniform father among all n (a self-pick is a self-loop,
 * dropped; two picks of one pair collapse), plus one extra edge {u, v}, uniform among vertex
 * pairs with u ≠ v, not yet adjacent, and neither equal to `anotherRoot` — the official code
 * compares vertex ids to that perm index, and we keep its quirk. The official rejection loop
 * never ends when no pair qualifies; we redraw the graph then (possible only for tiny n).
 * The edge count leaks the label: the other branch has n − 1 + 1 − (collapsed picks) edges, so
 * any count other than n − 1 means a non-tree (≈ 30% of samples at n = 16; the rule "tree iff
 * n − 1 edges" is right ≈ 84% of the time). That branch is sometimes a tree after all (more
 * trees than 1/2 at small n: 58% at n = 8), and sometimes connected with a cycle (5% of samples
 * at n = 16), which the official label (connectivity only) calls a tree; our solver does not.
 */
export function randomGraph(n: number, rng: Rng): IsTreeGraph {
  if (rng.bit() === 0) {
    const perm = rng.shuffle(Array.from({ length: n }, (_, k) => k));
    const m = emptyMatrix(n);
    for (let i = 1; i < n; i++) connect(m, perm[rng.int(0, i - 1)], perm[i]);
    return { n, edges: shuffledEdges(m, rng) };
  }
  for (;;) {
    const anotherRoot = rng.int(1, n - 1);
    const perm = rng.shuffle(Array.from({ length: n }, (_, k) => k));
    const m = emptyMatrix(n);
    for (let i = 0; i < n; i++) if (i !== anotherRoot) connect(m, perm[rng.int(0, n - 1)], perm[i]);
    const pairs: [number, number][] = [];
    for (let u = 0; u < n; u++) {
      for (let v = u + 1; v < n; v++) {
        if (!m[u][v] && u !== anotherRoot && v !== anotherRoot) pairs.push([u, v]);
      }
    }
    if (pairs.length === 0) continue;
    const [u, v] = pairs[rng.int(0, pairs.length - 1)];
    connect(m, u, v);
    return { n, edges: shuffledEdges(m, rng) };
  }
}

export function drawGraph(family: IsTreeFamily, n: number, rng: Rng): IsTreeGraph {
  return family === "binary" ? binaryGraph(n, rng) : randomGraph(n, rng);
}
