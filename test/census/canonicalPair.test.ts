import { describe, expect, it } from "vitest";
import { exactCensus, searchCensus } from "../../src/census/index.js";
import { getReduction } from "../../src/comm/reductions/registry.js";
import { modelFactory, type ModelRequest } from "../../src/models/registry.js";
import { modelProtocol } from "../../src/comm/game.js";
import { formatBits } from "../../src/comm/reduction.js";

function bitsOf(x: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let j = 0; j < n; j++) out[j] = (x >>> j) & 1;
  return out;
}

/** The canonical pair by brute force: every x in increasing order, grouped by Alice's message. */
function bruteForcePair(task: string, reduction: string | undefined, req: ModelRequest, n: number): [string, string] | null {
  const r = getReduction(task, reduction);
  const model = modelFactory(req, r, n)(n);
  const protocol = modelProtocol(model, r, n);
  const answers = (x: Uint8Array) => Array.from({ length: r.queryCount(n) }, (_, q) => r.expected(n, x, q)).join(",");
  const first = new Map<string, number>();
  let best: [number, number] | null = null;
  for (let x = 0; x < 2 ** n; x++) {
    const m = protocol.send(bitsOf(x, n));
    const min = first.get(m);
    if (min === undefined) first.set(m, x);
    // x grows, so the first separated x for a class is its smallest; the class with the smallest min wins.
    else if (answers(bitsOf(min, n)) !== answers(bitsOf(x, n)) && (best === null || min < best[0]) && !(best && best[0] === min)) best = [min, x];
  }
  return best && [formatBits(bitsOf(best[0], n)), formatBits(bitsOf(best[1], n))];
}

const cases: [string, string | undefined, ModelRequest, number][] = [
  ["index", undefined, { model: "lstm", width: 4, format: "fixed:2.6", seed: 3 }, 9],
  ["index", undefined, { model: "gru", width: 4, format: "fixed:2.6", seed: 1 }, 8],
  ["istree", "r1-simple", { model: "gru", width: 4, format: "fixed:2.6", seed: 2 }, 5],
  ["index", undefined, { model: "ideal", stateBits: 5 }, 8],
];

describe("fooling pairs are canonical: the class with the smallest member, that member, the smallest separated one", () => {
  for (const [task, reduction, req, n] of cases) {
    it(`${req.model} on ${task}${reduction ? "/" + reduction : ""} at n=${n}`, () => {
      const r = getReduction(task, reduction);
      const row = exactCensus({ reduction: r, modelFor: modelFactory(req, r, n) }, n);
      const expected = bruteForcePair(task, reduction, req, n);
      expect(expected).not.toBeNull();
      expect(row.foolingPair && [row.foolingPair.x, row.foolingPair.xPrime]).toEqual(expected);
    });
  }

  it("a sampled search that sees every input finds the same pair as the exhaustive census", () => {
    const r = getReduction("index");
    const req: ModelRequest = { model: "lstm", width: 4, format: "fixed:2.6", seed: 3 };
    const opts = { reduction: r, modelFor: modelFactory(req, r, 7) };
    const exact = exactCensus(opts, 7);
    // flip search from many random inputs covers all 2^7 inputs with overwhelming probability; checked below.
    const sampled = searchCensus(opts, 7, { method: "flip", samples: 400, seed: 1 });
    expect(Number(sampled.distinctStates)).toBe(Number(exact.distinctStates));
    expect(sampled.foolingPair?.x).toBe(exact.foolingPair?.x);
    expect(sampled.foolingPair?.xPrime).toBe(exact.foolingPair?.xPrime);
  });
});
