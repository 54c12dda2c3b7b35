import { describe, expect, it } from "vitest";
import { dyckRnn, DYCK_RNN_CODES, DYCK_RNN_WIDTH, type DyckState } from "../../../src/models/constructions/dyckRnn.js";
import { memoRunner } from "../../../src/models/constructions/_internals/memoRun.js";
import { stringCensus } from "../../../src/census/stringCensus.js";
import { playStringGame } from "../../../src/comm/stringGame.js";
import { dyckTask, solveDyck, DYCK_NO, DYCK_YES } from "../../../src/tasks/dyck.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { DYCK_ALPHABET } from "../../../src/cli/dyckString.js";
import { cliJson } from "../../cli/helpers.js";

const ANSWERS = [DYCK_NO, DYCK_YES];

describe("dyck-rnn: the Dyck-(2,2) automaton as gru weights", () => {
  const model = dyckRnn();

  it("is an ordinary gru with 3 units whose state bits are 3·2 at every length", () => {
    const info = model.describe();
    expect(info.architecture).toBe("gru");
    expect(DYCK_RNN_WIDTH).toBe(3);
    expect(info.stateBitsFormula).toBe("layers·width·bits = 1·3·2 = 6");
    for (const t of [0, 1, 10, 1024]) expect(model.stateBits(t)).toBe(6);
    let s = model.init();
    for (let t = 0; t < 40; t++) {
      s = model.step(s, DYCK_ALPHABET[t % 4], t);
      expect(model.encode(s)).toHaveLength(6);
    }
  });

  it("every (state, symbol) pair steps to the automaton's next state, code for code", () => {
    // The automaton written independently of the weights: a stack of depth ≤ 2, and R.
    const next = (s: DyckState, sym: string): DyckState => {
      if (s === "R") return "R";
      const stack = s === "ε" ? "" : s;
      if (sym === "(" || sym === "[") return stack.length === 2 ? "R" : ((stack + sym) as DyckState);
      const open = sym === ")" ? "(" : "[";
      if (stack === "" || stack[stack.length - 1] !== open) return "R";
      return (stack.slice(0, -1) || "ε") as DyckState;
    };
    // Reach each state by a shortest word, then compare one more step with the automaton.
    const reach: Record<DyckState, number[]> = { "ε": [], "(": [0], "[": [2], "((": [0, 0], "([": [0, 2], "[(": [2, 0], "[[": [2, 2], R: [1] };
    const SYMBOLS = ["(", ")", "[", "]"];
    const encodeCode = (s: DyckState): string => model.encode(runModel(model, reach[s]).state);
    const codes = new Set(Object.keys(reach).map((s) => encodeCode(s as DyckState)));
    expect(codes.size).toBe(8);
    for (const s of Object.keys(reach) as DyckState[]) {
      for (let k = 0; k < 4; k++) {
        const after = model.encode(runModel(model, [...reach[s], DYCK_ALPHABET[k]]).state);
        expect(after, `${s} then ${SYMBOLS[k]}`).toBe(encodeCode(next(s, SYMBOLS[k])));
      }
    }
    expect(Object.keys(DYCK_RNN_CODES)).toHaveLength(8);
  });

  it("is exact on every string of length ≤ 10 with at most 8 distinct states (string census)", () => {
    for (let n = 1; n <= 10; n++) {
      const row = stringCensus({ model, alphabet: DYCK_ALPHABET, solve: solveDyck, answerTokens: ANSWERS }, n);
      expect(row.accuracyExact).toBe("1/1");
      expect(Number(row.distinctStates)).toBeLessThanOrEqual(8);
      expect(row.foolingPair).toBeNull();
    }
  });

  it("the memoised runner is the model's own run", () => {
    const run = memoRunner(model);
    for (let k = 0; k < 50; k++) {
      const w = dyckTask.generate(64, new Rng(deriveSeed(3, `memo/${k}`)), "direct").tokens.slice(0, 64);
      expect(model.encode(run(w))).toBe(model.encode(runModel(model, w).state));
    }
  });

  it("is right on 2,000 seeded strings of length 1024 from the dyck generator (100,000 in scripts/check-constructions.mjs)", () => {
    const run = memoRunner(model);
    let positives = 0;
    for (let k = 0; k < 2000; k++) {
      const inst = dyckTask.generate(1024, new Rng(deriveSeed(1, `data/dyck/1024/${k}`)), "direct");
      const out = predict(model.logits(run(inst.tokens.slice(0, 1024))), ANSWERS);
      expect(out).toBe(inst.answer);
      if (inst.answer === DYCK_YES) positives++;
    }
    expect(positives).toBeGreaterThan(900);
    expect(positives).toBeLessThan(1100);
  });

  it("game dyck: Alice sends 6 bits at every split and Bob answers right", () => {
    const w = [0, 2, 3, 1, 2, 0, 1, 3]; // ([])[()]
    for (let k = 0; k <= w.length; k++) {
      const g = playStringGame(model, w, k, ANSWERS, solveDyck(w.length, w));
      expect(g.messageBits).toBe(6);
      expect(g.correct).toBe(true);
    }
  });

  it("census dyck and game dyck on the command line", async () => {
    const doc = await cliJson("census", "dyck", "--model", "dyck-rnn", "--n", "1..6");
    expect(doc.rows.map((r: { accuracyExact: string }) => r.accuracyExact)).toEqual(Array(6).fill("1/1"));
    expect(doc.stateBits).toBe(6);
    const g = await cliJson("game", "dyck", "--model", "dyck-rnn", "--string", "([)]", "--split", "1");
    expect(g.messageBits).toBe(6);
    expect(g.expectedText).toBe("0");
    expect(g.correct).toBe(true);
    // A small seeded gru at 2-bit state is nowhere near it.
    const gru = await cliJson("census", "dyck", "--model", "gru", "--width", "3", "--format", "fixed:2.0", "--n", "4");
    expect(gru.rows[0].accuracy).toBeLessThan(1);
    expect(gru.rows[0].foolingPair.replayed).toBe(true);
  });
});
