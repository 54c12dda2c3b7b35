import { describe, expect, it } from "vitest";
import { exactCensus, replayFoolingPair } from "../../src/census/index.js";
import { indexReduction } from "../../src/comm/reductions/indexReduction.js";
import { parseBits } from "../../src/comm/reduction.js";
import { createLstm } from "../../src/models/lstm.js";
import { parseFormat } from "../../src/numeric/index.js";
import { playGame } from "../../src/comm/game.js";

const n = 9;
const cot = { maxTokens: 3 * n };

describe("chain of thought inside the game", () => {
  for (const seed of [1, 2, 3]) {
    const model = createLstm({ width: 2, layers: 1, format: parseFormat("fixed:2.4"), vocabSize: n + 2, seed });
    const opts = { reduction: indexReduction, modelFor: () => model };
    it(`never beats the Bayes-optimal accuracy of the same state map (seed ${seed})`, () => {
      const plain = exactCensus(opts, n);
      const withCot = exactCensus({ ...opts, cot }, n);
      // Bob's CoT is a function of the message: the state map, and so D(n) and the ceiling, are unchanged.
      expect(withCot.distinctStates).toBe(plain.distinctStates);
      expect(withCot.bayesOptimalAccuracyExact).toBe(plain.bayesOptimalAccuracyExact);
      expect(withCot.accuracy).toBeLessThanOrEqual(withCot.bayesOptimalAccuracy!);
    });
    it(`a fooling pair found without CoT still fools the model with CoT (seed ${seed})`, () => {
      const fp = exactCensus(opts, n).foolingPair;
      expect(fp).not.toBeNull();
      const x = parseBits(fp!.x);
      const xPrime = parseBits(fp!.xPrime);
      const replay = replayFoolingPair(model, indexReduction, n, x, xPrime, fp!.query, cot);
      expect(replay.stateHash).toBe(fp!.stateHash);
      const g1 = playGame(model, indexReduction, n, x, fp!.query, cot);
      const g2 = playGame(model, indexReduction, n, xPrime, fp!.query, cot);
      expect(g1.message).toBe(g2.message);
      expect(g1.cot).toEqual(g2.cot);
      expect(g1.output).toBe(g2.output);
      expect(g1.correct && g2.correct).toBe(false);
    });
  }
});
