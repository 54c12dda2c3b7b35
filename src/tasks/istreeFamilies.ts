/**
 * The two graph families of the official generator (rnn-icrag rnn/data.py), drawn from a
 * seeded Rng instead of numpy's global state. After drawing, both collect the edges as the
 * official `_preprocess` does (pairs (i, j) with i > j, i ascending then j ascending, so the
 * larger endpoint is written first) and shuffle that list.
 */
import type { Rng } from "../util/rng.js";
import type { IsTreeGraph } from "./istreeGraph.js";

export type IsTreeFamily = "binary" | "random";
export const ISTREE_FAMILIES: readonly IsTreeFamily[] = ["binary", "random"];

/**
 * A simple undirected graph as a set of pairs (no n × n matrix: n = 100 000 must fit in
 * memory). Self-loops are dropped and repeated pairs collapse, as in the official 0/1 matrix.
 */
class EdgeSet {
  readonly keys = new Set<number>();
  constructor(readonly n: number) {}
  private key(u: number, v: number): number {
    return u > v ? u * this.n + v : v * this.n + u;
  }
  connect(u: number, v: number): void {
    if (u !== v) this.keys.add(this.key(u, v));
  }
  has(u: number, v: number): boolean {
    return this.keys.has(this.key(u, v));
  }
  /**
   * The pairs (i, j), i > j, i ascending then j ascending (the official matrix scan), then
   * shuffled. Key order is that order, so a numeric sort reproduces the scan.
   */
  shuffledEdges(rng: Rng): [number, number][] {
    const sorted = Float64Array.from(this.keys).sort();
    const edges: [number, number][] = Array.from(sorted, (k) => [Math.floor(k / this.n), k % this.n]);
    return rng.shuffle(edges);
  }
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
  const m = new EdgeSet(n);
  for (let i = 2; i < n; i++) m.connect(perm[rng.bit() === 0 ? 0 : 1], perm[i]);
  const i = rng.int(2, n - 2);
  m.connect(perm[i], perm[i + 1]);
  return { n, edges: m.shuffledEdges(rng) };
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
    const m = new EdgeSet(n);
    for (let i = 1; i < n; i++) m.connect(perm[rng.int(0, i - 1)], perm[i]);
    return { n, edges: m.shuffledEdges(rng) };
  }
  for (;;) {
    const anotherRoot = rng.int(1, n - 1);
    const perm = rng.shuffle(Array.from({ length: n }, (_, k) => k));
    const m = new EdgeSet(n);
    for (let i = 0; i < n; i++) if (i !== anotherRoot) m.connect(perm[rng.int(0, n - 1)], perm[i]);
    const pick = extraPair(m, anotherRoot);
    if (pick === null) continue;
    const u = pick.at(rng.int(0, pick.count - 1));
    m.connect(u, pick.partner);
    return { n, edges: m.shuffledEdges(rng) };
  }
}

/**
 * The extra edge's candidates: pairs u < v, not adjacent, neither equal to `anotherRoot`, in
 * u-then-v order, counted in O(n + edges) instead of listed (n²/2 pairs at n = 100 000).
 * `at(k)` finds the k-th pair's u and leaves its v in `partner`.
 */
function extraPair(m: EdgeSet, anotherRoot: number): { count: number; at(k: number): number; partner: number } | null {
  const n = m.n;
  const taken = new Float64Array(n); // adjacent v > u (v ≠ anotherRoot), per u
  for (const key of m.keys) {
    const hi = Math.floor(key / n);
    const lo = key % n;
    if (hi !== anotherRoot && lo !== anotherRoot) taken[lo]++;
  }
  const free = (u: number) => (u === anotherRoot ? 0 : n - 1 - u - (anotherRoot > u ? 1 : 0) - taken[u]);
  let count = 0;
  for (let u = 0; u < n; u++) count += free(u);
  if (count === 0) return null;
  const result = {
    count,
    partner: -1,
    at(k: number): number {
      let u = 0;
      while (k >= free(u)) k -= free(u++);
      for (let v = u + 1; v < n; v++) {
        if (v === anotherRoot || m.has(u, v)) continue;
        if (k-- === 0) {
          result.partner = v;
          return u;
        }
      }
      throw new Error("extraPair: count and scan disagree");
    },
  };
  return result;
}

export function drawGraph(family: IsTreeFamily, n: number, rng: Rng): IsTreeGraph {
  return family === "binary" ? binaryGraph(n, rng) : randomGraph(n, rng);
}
