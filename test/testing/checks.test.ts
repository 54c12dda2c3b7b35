import { describe, expect, it } from "vitest";
import fc from "fast-check";
import {
  bitsArbitrary, checkCodecContinuation, checkReductionAgainstSolver, checkStateBits, formatValueArbitrary, tokensArbitrary,
} from "../../src/testing/index.js";
import { createLstm, indexReduction, indexTask, parseFormat, storeModel } from "../../src/index.js";

describe("streambound/testing", () => {
  const format = parseFormat("fixed:2.6");
  const lstm = createLstm({ width: 3, layers: 2, format, vocabSize: 6, seed: 4 });
  it("checkStateBits and checkCodecContinuation pass on a real model, on arbitrary tokens", () => {
    fc.assert(
      fc.property(tokensArbitrary(6, 12), tokensArbitrary(6, 6), (a, b) => {
        checkStateBits(lstm, a);
        checkCodecContinuation(lstm, a, b);
      }),
      { numRuns: 50 },
    );
  });
  it("checkStateBits catches a model that lies about its state size", () => {
    const liar = { ...storeModel({ width: 4, format, vocabSize: 6 }) };
    liar.stateBits = () => 7;
    expect(() => checkStateBits(liar, [1, 0, 1])).toThrow(/declared 7/);
  });
  it("checkReductionAgainstSolver accepts Index and rejects a wrong reduction", () => {
    checkReductionAgainstSolver(indexReduction, 5, (tokens) => indexTask.solve(5, tokens));
    const wrong = { ...indexReduction, expected: (_n: number, x: ArrayLike<number>, q: number) => (x[q] ? 0 : 1) };
    expect(() => checkReductionAgainstSolver(wrong, 3, (tokens) => indexTask.solve(3, tokens))).toThrow(/solver/);
  });
  it("arbitraries produce values of their domain", () => {
    fc.assert(fc.property(bitsArbitrary(9), (x) => x.length === 9 && x.every((b) => b === 0 || b === 1)));
    fc.assert(fc.property(formatValueArbitrary(parseFormat("fp8e4m3fn"), { finite: true }), (v) => Number.isFinite(v) && parseFormat("fp8e4m3fn").isValue(v)));
  });
});
