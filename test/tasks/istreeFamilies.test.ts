import { describe, expect, it } from "vitest";
import { Rng, deriveSeed } from "../../src/util/rng.js";
import { binaryGraph, getTask, isTreeGraph, randomGraph } from "../../src/tasks/index.js";

describe("binary family", () => {
  it("n − 1 distinct edges, two hubs, every other vertex on one hub plus one extra edge", () => {
    for (const n of [4, 6, 12]) {
      for (let s = 0; s < 500; s++) {
        const g = binaryGraph(n, new Rng(deriveSeed(n, `binary/${s}`)));
        expect(g.edges.length).toBe(n - 1);
        expect(new Set(g.edges.map(([u, v]) => `${u}-${v}`)).size).toBe(n - 1);
        // Some hubs a, b: every other vertex on exactly one of them, plus one edge between two non-hubs.
        const has = new Set(g.edges.map(([u, v]) => `${u}-${v}`));
        const adjacent = (u: number, v: number) => has.has(`${Math.max(u, v)}-${Math.min(u, v)}`);
        let fits = false;
        for (let a = 0; a < n && !fits; a++) {
          for (let b = a + 1; b < n && !fits; b++) {
            const others = [...Array(n).keys()].filter((v) => v !== a && v !== b);
            const onOneHub = others.every((v) => adjacent(v, a) !== adjacent(v, b));
            const extra = g.edges.filter(([u, v]) => u !== a && u !== b && v !== a && v !== b);
            fits = onOneHub && !adjacent(a, b) && extra.length === 1;
          }
        }
        expect(fits).toBe(true);
      }
    }
  });
});

describe("random family", () => {
  it("labels leak through the edge count (the warning's reason) and the task warns", () => {
    let edgeRuleRight = 0;
    let trees = 0;
    for (let s = 0; s < 2000; s++) {
      const g = randomGraph(16, new Rng(deriveSeed(16, `random/${s}`)));
      const tree = isTreeGraph(g);
      if (tree) trees++;
      if (g.edges.length !== 15) expect(tree).toBe(false);
      if (tree === (g.edges.length === 15)) edgeRuleRight++;
    }
    expect(edgeRuleRight / 2000).toBeGreaterThan(0.8);
    expect(trees / 2000).toBeGreaterThan(0.45);
    expect(getTask("istree:random").warnings?.[0]).toMatch(/edge count leaks the label/);
    expect(getTask("istree").warnings ?? []).toEqual([]);
  });
});
