import { describe, expect, it } from "vitest";
import { BudgetExceededError, checkRoundTrip, generate, runModel } from "../../src/stream/interpreter.js";
import type { StreamingModel } from "../../src/stream/model.js";
import { predict } from "../../src/stream/model.js";
import { idealModel } from "../../src/models/ideal.js";
import { indexReduction } from "../../src/comm/reductions/indexReduction.js";

/** A counter mod 2^k that declares too few bits once it passes `lie`. */
function counter(k: number, lie = Infinity): StreamingModel<number> {
  return {
    name: "counter",
    vocabSize: 3,
    format: null,
    init: () => 0,
    step: (s, tok) => (s + tok) % 2 ** k,
    logits: (s) => [s % 3 === 0 ? 1 : 0, s % 3 === 1 ? 1 : 0, s % 3 === 2 ? 1 : 0],
    encode: (s) => s.toString(2).padStart(k, "0"),
    decode: (b) => parseInt(b, 2),
    stateBits: (t) => (t > lie ? k - 1 : k),
    describe: () => ({ architecture: "counter", format: null, stateBitsFormula: `${k}`, params: {} }),
  };
}

describe("interpreter", () => {
  it("runs tokens and reports the position", () => {
    const r = runModel(counter(4), [1, 2, 1]);
    expect(r).toEqual({ state: 4, t: 3 });
    expect(runModel(counter(4), [1], { state: 7, t0: 10 })).toEqual({ state: 8, t: 11 });
  });
  it("enforces the budget: a state longer than stateBits(t) is an error", () => {
    expect(() => runModel(counter(4, 2), [1, 1, 1])).toThrow(BudgetExceededError);
    expect(() => runModel(counter(4, 2), [1, 1, 1], { checkBudget: false })).not.toThrow();
  });
  it("generates greedily until a stop token, feeding each token back", () => {
    const g = generate(counter(4), 0, 0, { stopTokens: [1], maxTokens: 10 });
    // state 0 → argmax token 0 (state stays 0) … never reaches 1 without input; cap applies
    expect(g.stopped).toBe(false);
    expect(g.tokens).toHaveLength(10);
    const h = generate(counter(4), 1, 0, { stopTokens: [1], maxTokens: 10 });
    expect(h.tokens).toEqual([1]);
    expect(h.stopped).toBe(true);
  });
  it("feeds a retriever's answers in without the model predicting them", () => {
    const g = generate(counter(4), 2, 0, { stopTokens: [1], maxTokens: 6, retriever: (ctx) => (ctx.length % 2 === 1 ? 2 : null) });
    expect(g.fromRetriever.filter((f) => f === 1).length).toBeGreaterThan(0);
    for (let k = 0; k < g.tokens.length; k++) if (g.fromRetriever[k]) expect(g.tokens[k]).toBe(2);
  });
  it("checks that decode(encode(s)) continues like s", () => {
    const m = idealModel({ stateBits: 4, reduction: indexReduction, n: 6 });
    const { state, t } = runModel(m, [1, 0, 1, 1, 0, 1]);
    expect(checkRoundTrip(m, state, t, [2 + 3]).ok).toBe(true);
    // A broken codec (drops the last bit) is caught.
    const broken = { ...m, decode: (b: string) => m.decode(b.slice(0, -1) + "0") };
    const s2 = runModel(m, [1, 1, 1, 1, 0, 0]).state;
    expect(checkRoundTrip(broken, s2, 6, [2 + 3]).ok).toBe(false);
  });
  it("predict takes the argmax among allowed tokens, ties to the lowest id", () => {
    expect(predict([0, 3, 3, 1])).toBe(1);
    expect(predict([0, 3, 3, 1], [0, 3])).toBe(3);
    expect(predict([5, 5], [1, 0])).toBe(0);
  });
});
