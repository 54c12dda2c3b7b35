import { describe, expect, it } from "vitest";
import { Rng, deriveSeed } from "../../src/util/rng.js";
import { eulerTour, isTreeGraph, randomGraph, retrievalTour, type IsTreeGraph } from "../../src/tasks/index.js";

/** Deep, irregular trees (random recursive trees from the `random` family's tree branch). */
function randomTrees(n: number, count: number): IsTreeGraph[] {
  const out: IsTreeGraph[] = [];
  for (let s = 0; out.length < count; s++) {
    const g = randomGraph(n, new Rng(deriveSeed(n, `tours/${s}`)));
    if (isTreeGraph(g)) out.push(g);
  }
  return out;
}

describe("Algorithm 1 (Euler tour) on random trees", () => {
  for (const n of [4, 10, 33, 64]) {
    it(`n = ${n}: a closed walk over tree edges, each edge twice, first visits in input order`, () => {
      for (const g of randomTrees(n, 300)) {
        const tour = eulerTour(g);
        expect(tour.length).toBe(2 * n - 1);
        expect(tour[0]).toBe(0);
        expect(tour[tour.length - 1]).toBe(0);
        const uses = new Map<string, number>();
        for (let k = 1; k < tour.length; k++) {
          const key = `${Math.max(tour[k - 1], tour[k])}-${Math.min(tour[k - 1], tour[k])}`;
          uses.set(key, (uses.get(key) ?? 0) + 1);
        }
        expect(uses.size).toBe(n - 1);
        for (const [u, v] of g.edges) expect(uses.get(`${Math.max(u, v)}-${Math.min(u, v)}`)).toBe(2);
        // Children of each vertex are entered in input order of their edges.
        const firstSeen = new Map<number, number>();
        tour.forEach((v, k) => firstSeen.has(v) || firstSeen.set(v, k));
        const order = new Map<number, number[]>();
        for (const [u, v] of g.edges) {
          const [parent, child] = firstSeen.get(u)! < firstSeen.get(v)! ? [u, v] : [v, u];
          order.set(parent, [...(order.get(parent) ?? []), firstSeen.get(child)!]);
        }
        for (const times of order.values()) expect(times).toEqual([...times].sort((a, b) => a - b));
      }
    });
  }
});

describe("Algorithm 2 (retrieval CoT) length", () => {
  for (const n of [4, 10, 33, 64]) {
    it(`n = ${n}: exactly 37n − 26 tokens on every random tree`, () => {
      for (const g of randomTrees(n, 300)) expect(retrievalTour(g).length).toBe(37 * n - 26);
    });
  }
  it("37n − 26 is the maximum over every edge list of n − 1, n or n + 1 edges (n ≤ 4, repeats allowed)", () => {
    for (const n of [2, 3, 4]) {
      const pairs: [number, number][] = [];
      for (let u = 0; u < n; u++) for (let v = 0; v < u; v++) pairs.push([u, v]);
      let longest = 0;
      const extend = (edges: [number, number][], m: number): void => {
        if (edges.length === m) {
          const g = { n, edges };
          const length = retrievalTour(g).length;
          longest = Math.max(longest, length);
          // ≤, not <: a repeated edge to the DFS parent is skipped like the parent edge itself
          // (the official `y == fa: continue`), so e.g. 1-0, 1-0 tours as 0 1 0.
          if (!isTreeGraph(g)) expect(eulerTour(g).length).toBeLessThanOrEqual(2 * n - 1);
          return;
        }
        for (const p of pairs) extend([...edges, p], m);
      };
      for (const m of [n - 1, n, n + 1]) extend([], m);
      expect(longest).toBe(37 * n - 26);
    }
  });
  it("non-trees of the random family stay below 37n − 26 and 2n − 1", () => {
    for (const n of [8, 16, 32]) {
      for (let s = 0; s < 500; s++) {
        const g = randomGraph(n, new Rng(deriveSeed(n, `tours/nontree/${s}`)));
        if (isTreeGraph(g)) continue;
        expect(retrievalTour(g).length).toBeLessThan(37 * n - 26);
        expect(eulerTour(g).length).toBeLessThan(2 * n - 1);
      }
    }
  });
  it("a repeated parent edge is skipped, as in the official code", () => {
    expect(eulerTour({ n: 2, edges: [[1, 0], [1, 0]] })).toEqual([0, 1, 0]);
    expect(isTreeGraph({ n: 2, edges: [[1, 0], [1, 0]] })).toBe(false);
  });
  it("stops at the first visited neighbour on a cycle", () => {
    // Triangle 0-1-2 plus isolated 3: the walk 0 → 1 → 2 finds 0 visited and stops.
    const tour = eulerTour({ n: 4, edges: [[1, 0], [2, 1], [2, 0]] });
    expect(tour).toEqual([0, 1, 2]);
  });
});
