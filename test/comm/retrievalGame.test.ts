import { describe, expect, it } from "vitest";
import { playGame } from "../../src/comm/game.js";
import { getReduction } from "../../src/comm/reductions/registry.js";
import type { TaskReduction } from "../../src/comm/reductions/taskReduction.js";
import { parseBits } from "../../src/comm/reduction.js";
import type { StreamingModel } from "../../src/stream/model.js";
import { endsWithQuery, retrieve } from "../../src/tasks/retriever.js";
import {
  ISTREE_DASH, ISTREE_ENDSEARCH, ISTREE_EOS, ISTREE_FALSE, ISTREE_STARTSEARCH, ISTREE_TRUE, isTreeNodeToken,
} from "../../src/tasks/istreeVocabulary.js";

/**
 * A scripted model: it counts the tokens it has read since [EOS] (its whole state, 8 bits) and,
 * after [EOS], asks the retriever for the first neighbour of vertex `u`; it answers [TRUE] iff
 * the retrieved token is the hub b (so it reads one bit of x through the retriever).
 */
function scripted(V: number, u: number, hubB: number): StreamingModel<{ k: number; got: number }> {
  const script = [ISTREE_STARTSEARCH, isTreeNodeToken(u), ISTREE_DASH, ISTREE_ENDSEARCH];
  return {
    name: "scripted",
    vocabSize: V,
    format: null,
    init: () => ({ k: -1, got: -1 }),
    step: (s, tok) => (tok === ISTREE_EOS ? { k: 0, got: -1 } : s.k < 0 ? s : s.k === script.length ? { k: s.k + 1, got: tok } : { k: s.k + 1, got: s.got }),
    logits(s) {
      const out = new Float64Array(V);
      if (s.k >= 0 && s.k < script.length) out[script[s.k]] = 1;
      else if (s.k > script.length) out[s.got === isTreeNodeToken(hubB) ? ISTREE_TRUE : ISTREE_FALSE] = 1;
      return out;
    },
    encode: (s) => (s.k + 1).toString(2).padStart(4, "0") + (s.got + 1).toString(2).padStart(6, "0"),
    decode: (b) => ({ k: parseInt(b.slice(0, 4), 2) - 1, got: parseInt(b.slice(4), 2) - 1 }),
    stateBits: () => 10,
    describe: () => ({ architecture: "scripted", format: null, stateBitsFormula: "10", params: {} }),
  };
}

describe("the game with an in-context retriever", () => {
  const r = getReduction("istree", "r1") as TaskReduction;
  const n = 5;
  const N = r.taskSize(n);
  const retriever = (ctx: readonly number[]) => (endsWithQuery(ctx, N) ? retrieve(ctx, N) : null);
  it("feeds the retriever's answer in and counts the two-way bits", () => {
    for (const x of ["00000", "00100", "11111"]) {
      const model = scripted(r.vocabSize(n), 2, n + 1);
      const t = playGame(model, r, n, parseBits(x), 0, { maxTokens: 20, retriever });
      expect(t.retrievals).toBe(1);
      // Bob sends the 4 query tokens and Alice one answer token, ⌈log₂ V⌉ bits each.
      expect(t.retrievalBits).toBe(5 * Math.ceil(Math.log2(r.vocabSize(n))));
      expect(t.cot).toHaveLength(6);
      // The model's answer reflects x_2, which only the retriever could give it (its message is
      // independent of x: it ignores everything before [EOS]).
      expect(t.output).toBe(x[2] === "1" ? ISTREE_TRUE : ISTREE_FALSE);
    }
  });
});
