import { describe, expect, it } from "vitest";
import { Rng, deriveSeed } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import {
  ISTREE_BOS, ISTREE_ENDSEARCH, ISTREE_EOS, ISTREE_FALSE, ISTREE_TRUE, binaryGraph, getTask, isTreeInstance,
  isTreeVocabulary, solveIsTree, type IsTreeGraph,
} from "../../src/tasks/index.js";

/** Independent oracle: union-find; a tree iff n − 1 unions all merge two components. */
function unionFindIsTree(n: number, edges: readonly (readonly [number, number])[]): boolean {
  const parent = Array.from({ length: n }, (_, k) => k);
  const find = (a: number): number => {
    while (parent[a] !== a) a = parent[a] = parent[parent[a]];
    return a;
  };
  let merges = 0;
  for (const [u, v] of edges) {
    const a = find(u);
    const b = find(v);
    if (a === b) return false; // a cycle (loops and repeated edges included)
    parent[a] = b;
    merges++;
  }
  return merges === n - 1;
}

const SIZES = [8, 16, 32, 64];
const SAMPLES = 10_000;

describe("istree on 10,000 seeded binary graphs per n", () => {
  for (const n of SIZES) {
    it(`n = ${n}: vocabulary, lengths, masks, solver vs union-find, 50% trees`, () => {
      expect(isTreeVocabulary(n).length).toBe(n + 17);
      // Plain checks collected per instance (one expect per instance would dominate the time).
      const failures: string[] = [];
      const check = (ok: boolean, what: string, s: number): void => {
        if (!ok && failures.length < 5) failures.push(`seed ${s}: ${what}`);
      };
      let trees = 0;
      let maxRetrievalCot = 0;
      let maxCotSequence = 0;
      for (let s = 0; s < SAMPLES; s++) {
        const g = binaryGraph(n, new Rng(deriveSeed(n, `istree-test/${s}`)));
        check(g.edges.length === n - 1, "n − 1 edges", s);
        check(g.edges.every(([u, v]) => u > v), "larger endpoint first", s);
        const tree = unionFindIsTree(n, g.edges);
        if (tree) trees++;
        const direct = isTreeInstance(g, "direct");
        const input = direct.tokens.slice(0, -1);
        check(direct.tokens.length === 3 * n, "direct has 3n tokens", s);
        check(direct.tokens[0] === ISTREE_BOS && direct.tokens[3 * n - 2] === ISTREE_EOS, "[BOS] … [EOS] ANS", s);
        check(direct.answer === (tree ? ISTREE_TRUE : ISTREE_FALSE), "answer = union-find", s);
        check(solveIsTree(n, input) === direct.answer, "solver = union-find", s);
        check(direct.supervised.every((m, k) => m === (k === 3 * n - 1 ? 1 : 0)), "direct mask", s);

        const cot = isTreeInstance(g, "cot");
        const cotLength = cot.tokens.length - 3 * n - 1; // c_1..c_k between the two [EOS]
        check(tree ? cotLength === 2 * n - 1 : cotLength < 2 * n - 1, "Euler tour 2n − 1 on trees", s);
        maxCotSequence = Math.max(maxCotSequence, cot.tokens.length);
        check(input.every((t, k) => cot.tokens[k] === t), "cot starts with the input", s);
        check(cot.supervised.every((m, k) => m === (k >= 3 * n - 1 ? 1 : 0)), "cot mask", s);

        const ret = isTreeInstance(g, "retrieval");
        const retLength = ret.tokens.length - 3 * n - 1;
        if (tree) check(retLength === 37 * n - 26, "retrieval CoT 37n − 26 on trees", s);
        maxRetrievalCot = Math.max(maxRetrievalCot, retLength);
        check(
          ret.supervised.every((m, k) => m === (k >= 3 * n - 1 && ret.tokens[k - 1] !== ISTREE_ENDSEARCH ? 1 : 0)),
          "retrieval mask",
          s,
        );
        check(ret.answer === direct.answer && cot.answer === direct.answer, "same answer in every mode", s);
      }
      expect(failures).toEqual([]);
      expect(maxRetrievalCot).toBeLessThanOrEqual(37 * n - 26);
      expect(maxCotSequence).toBeLessThanOrEqual(5 * n);
      expect(Math.abs(trees / SAMPLES - 0.5)).toBeLessThanOrEqual(0.02);
    });
  }
  it("|V| = 33 at n = 16", () => {
    expect(isTreeVocabulary(16).length).toBe(33);
    expect(isTreeVocabulary(16).slice(0, 17)).toEqual([
      "[", "]", ",", "-", "[PAD]", "[EOS]", "[TRUE]", "[FALSE]", " ", "\n", "[UNK]", "[BOS]",
      "[STARTSEARCH]", "[ENDSEARCH]", "[FAILED]", "~", "0",
    ]);
    expect(isTreeVocabulary(16)[32]).toBe("16");
  });
});

// Golden sequences from the official rnn-icrag code (rnn/data.py) on hand-picked graphs.
const golden: { g: IsTreeGraph; tree: boolean; cot: string; retrieval: string }[] = [
  {
    g: { n: 4, edges: [[3, 0], [2, 0], [2, 1]] },
    tree: true,
    cot: "0 3 0 2 1 2 0",
    retrieval:
      "0 [STARTSEARCH] 0 ~ [ENDSEARCH] [FAILED] [STARTSEARCH] 0 - [ENDSEARCH] 3 [STARTSEARCH] 3 ~ [ENDSEARCH] [FAILED] 3 ~ 0 " +
      "3 [STARTSEARCH] 3 ~ [ENDSEARCH] 0 [STARTSEARCH] 3 - [ENDSEARCH] 0 [STARTSEARCH] 3 - 0 [ENDSEARCH] [FAILED] " +
      "0 [STARTSEARCH] 0 ~ [ENDSEARCH] [FAILED] [STARTSEARCH] 0 - 3 [ENDSEARCH] 2 [STARTSEARCH] 2 ~ [ENDSEARCH] [FAILED] 2 ~ 0 " +
      "2 [STARTSEARCH] 2 ~ [ENDSEARCH] 0 [STARTSEARCH] 2 - [ENDSEARCH] 0 [STARTSEARCH] 2 - 0 [ENDSEARCH] 1 [STARTSEARCH] 1 ~ [ENDSEARCH] [FAILED] 1 ~ 2 " +
      "1 [STARTSEARCH] 1 ~ [ENDSEARCH] 2 [STARTSEARCH] 1 - [ENDSEARCH] 2 [STARTSEARCH] 1 - 2 [ENDSEARCH] [FAILED] " +
      "2 [STARTSEARCH] 2 ~ [ENDSEARCH] 0 [STARTSEARCH] 2 - 1 [ENDSEARCH] [FAILED] " +
      "0 [STARTSEARCH] 0 ~ [ENDSEARCH] [FAILED] [STARTSEARCH] 0 - 2 [ENDSEARCH] [FAILED]",
  },
  {
    g: { n: 4, edges: [[1, 0], [2, 1], [2, 0]] },
    tree: false,
    cot: "0 1 2",
    retrieval:
      "0 [STARTSEARCH] 0 ~ [ENDSEARCH] [FAILED] [STARTSEARCH] 0 - [ENDSEARCH] 1 [STARTSEARCH] 1 ~ [ENDSEARCH] [FAILED] 1 ~ 0 " +
      "1 [STARTSEARCH] 1 ~ [ENDSEARCH] 0 [STARTSEARCH] 1 - [ENDSEARCH] 0 [STARTSEARCH] 1 - 0 [ENDSEARCH] 2 [STARTSEARCH] 2 ~ [ENDSEARCH] [FAILED] 2 ~ 1 " +
      "2 [STARTSEARCH] 2 ~ [ENDSEARCH] 1 [STARTSEARCH] 2 - [ENDSEARCH] 1 [STARTSEARCH] 2 - 1 [ENDSEARCH] 0 [STARTSEARCH] 0 ~ [ENDSEARCH] [FAILED]",
  },
  {
    g: { n: 4, edges: [[3, 2], [3, 1], [2, 1]] },
    tree: false,
    cot: "0",
    retrieval: "0 [STARTSEARCH] 0 ~ [ENDSEARCH] [FAILED] [STARTSEARCH] 0 - [ENDSEARCH] [FAILED]",
  },
];

describe("istree layouts equal the official code's on golden graphs", () => {
  for (const { g, tree, cot, retrieval } of golden) {
    const edges = g.edges.map(([u, v]) => `${u} - ${v}`).join(" ");
    const ans = tree ? "[TRUE]" : "[FALSE]";
    it(edges, () => {
      expect(isTreeInstance(g, "direct").text).toBe(`[BOS] ${edges} [EOS] ${ans}`);
      expect(isTreeInstance(g, "cot").text).toBe(`[BOS] ${edges} [EOS] ${cot} [EOS] ${ans}`);
      expect(isTreeInstance(g, "retrieval").text).toBe(`[BOS] ${edges} [EOS] ${retrieval} [EOS] ${ans}`);
    });
  }
  it("the tree's retrieval CoT has exactly 37n − 26 tokens", () => {
    expect(golden[0].retrieval.split(" ").length).toBe(37 * 4 - 26);
  });
});

describe("istree solver and sizes", () => {
  const tok = (v: number) => 16 + v;
  it("a repeated edge and a self-loop are cycles", () => {
    // n = 3: edges 1-0, 1-0 (repeat) → not a tree; 1-0, 2-1 → tree; 2-2, 1-0 → not.
    expect(solveIsTree(3, [ISTREE_BOS, tok(1), 3, tok(0), tok(1), 3, tok(0), ISTREE_EOS])).toBe(ISTREE_FALSE);
    expect(solveIsTree(3, [ISTREE_BOS, tok(1), 3, tok(0), tok(2), 3, tok(1), ISTREE_EOS])).toBe(ISTREE_TRUE);
    expect(solveIsTree(3, [ISTREE_BOS, tok(2), 3, tok(2), tok(1), 3, tok(0), ISTREE_EOS])).toBe(ISTREE_FALSE);
  });
  it("rejects malformed inputs with a UserError", () => {
    expect(() => solveIsTree(3, [ISTREE_BOS, tok(1), 3, ISTREE_EOS])).toThrow(UserError);
    expect(() => solveIsTree(3, [ISTREE_BOS, tok(3), 3, tok(0), ISTREE_EOS])).toThrow(/vertices 0..2/);
    expect(() => solveIsTree(3, [tok(1), 3, tok(0), ISTREE_EOS])).toThrow(UserError);
  });
  it("odd graph sizes are a UserError; modes are checked", () => {
    const task = getTask("istree");
    expect(() => task.generate(9, new Rng(1), "direct")).toThrow("graph size must be even, got 9");
    expect(() => task.generate(2, new Rng(1), "direct")).toThrow(UserError);
    expect(() => task.generate(8, new Rng(1), "scratchpad")).toThrow(/no mode 'scratchpad'/);
    expect(task.modes).toEqual(["direct", "cot", "retrieval"]);
  });
  it("generation is deterministic in the seed", () => {
    const task = getTask("istree");
    expect(task.generate(16, new Rng(7), "retrieval")).toEqual(task.generate(16, new Rng(7), "retrieval"));
    expect(task.generate(16, new Rng(7), "direct").tokens).not.toEqual(task.generate(16, new Rng(8), "direct").tokens);
  });
});
