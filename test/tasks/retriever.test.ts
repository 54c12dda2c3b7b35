import { describe, expect, it } from "vitest";
import { Rng, deriveSeed } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import {
  ISTREE_BOS, ISTREE_DASH, ISTREE_ENDSEARCH, ISTREE_EOS, ISTREE_FAILED, ISTREE_STARTSEARCH, ISTREE_TILDE,
  binaryGraph, endsWithQuery, isTreeInstance, randomGraph, retrieve, trailingQuery, type IsTreeGraph,
} from "../../src/tasks/index.js";

const node = (v: number) => 16 + v;

/** Every retriever answer in a retrieval sequence equals what retrieve() says on its prefix. */
function replay(g: IsTreeGraph): void {
  const { tokens } = isTreeInstance(g, "retrieval");
  const firstEos = tokens.indexOf(ISTREE_EOS);
  for (let k = firstEos + 1; k < tokens.length; k++) {
    const prefix = tokens.slice(0, k);
    const isQuery = tokens[k - 1] === ISTREE_ENDSEARCH;
    if (endsWithQuery(prefix, g.n) !== isQuery) expect({ k, isQuery: !isQuery }).toEqual({ k, isQuery });
    if (isQuery && retrieve(prefix, g.n) !== tokens[k]) {
      expect({ k, answer: retrieve(prefix, g.n) }).toEqual({ k, answer: tokens[k] });
    }
  }
}

describe("retriever answers reproduce Algorithm 2's answers", () => {
  for (const n of [8, 16, 32]) {
    it(`binary and random graphs, n = ${n}`, () => {
      for (let s = 0; s < 150; s++) {
        replay(binaryGraph(n, new Rng(deriveSeed(n, `retriever/b/${s}`))));
        replay(randomGraph(n, new Rng(deriveSeed(n, `retriever/r/${s}`))));
      }
    });
  }
});

describe("retriever query forms", () => {
  // Graph n = 4: edges 3-0, 2-0, 2-1 (neighbours: 0: [3, 2], 2: [0, 1]).
  const graph = [ISTREE_BOS, node(3), ISTREE_DASH, node(0), node(2), ISTREE_DASH, node(0), node(2), ISTREE_DASH, node(1), ISTREE_EOS];
  const q = (...body: number[]) => [...graph, ISTREE_STARTSEARCH, ...body, ISTREE_ENDSEARCH];
  it("u - : first neighbour; u - v : the next one; [FAILED] past the end", () => {
    expect(retrieve(q(node(0), ISTREE_DASH), 4)).toBe(node(3));
    expect(retrieve(q(node(0), ISTREE_DASH, node(3)), 4)).toBe(node(2));
    expect(retrieve(q(node(0), ISTREE_DASH, node(2)), 4)).toBe(ISTREE_FAILED);
    expect(retrieve(q(node(0), ISTREE_DASH, node(1)), 4)).toBe(ISTREE_FAILED); // not a neighbour
    expect(retrieve(q(node(2), ISTREE_DASH, node(0)), 4)).toBe(node(1));
  });
  it("u ~ : the father record the model wrote, else [FAILED]", () => {
    expect(retrieve(q(node(2), ISTREE_TILDE), 4)).toBe(ISTREE_FAILED);
    const withRecord = [...graph, ISTREE_FAILED, node(2), ISTREE_TILDE, node(0), ISTREE_STARTSEARCH, node(2), ISTREE_TILDE, ISTREE_ENDSEARCH];
    expect(retrieve(withRecord, 4)).toBe(node(0));
    expect(trailingQuery(withRecord, 4)).toEqual({ kind: "father", u: 2 });
  });
  it("recognizes only complete queries", () => {
    expect(endsWithQuery(graph, 4)).toBe(false);
    expect(endsWithQuery([...graph, ISTREE_STARTSEARCH, node(0), ISTREE_DASH], 4)).toBe(false);
    expect(endsWithQuery([...graph, ISTREE_STARTSEARCH, node(0), ISTREE_ENDSEARCH], 4)).toBe(false);
    expect(endsWithQuery([...graph, ISTREE_STARTSEARCH, node(9), ISTREE_DASH, ISTREE_ENDSEARCH], 4)).toBe(false);
    expect(endsWithQuery(q(node(0), ISTREE_DASH, node(1)), 4)).toBe(true);
    expect(() => retrieve(graph, 4)).toThrow(UserError);
  });
});
