import { describe, expect, it } from "vitest";
import { modelFactory } from "../../src/models/registry.js";
import {
  compareEvaluationOrders, GADGET_MODEL_TARGET, disjointnessAnswer, gadgetGame, gadgetInDyck, partitionProtocol, playPartitionGame, replayPartitionFoolingPair, searchPartitionFoolingPair,
} from "../../src/comm/transformerPartitionGame.js";
import { DYCK_END, DYCK_NO, DYCK_YES, dyckGadgetVocabulary, dyckVocabulary, solveDyck } from "../../src/tasks/dyck.js";
import { Rng } from "../../src/util/rng.js";
import { oneLineUserError } from "../_helpers/userError.js";

const transformer = (format: string, width: number, n: number, extra: Record<string, unknown> = {}) =>
  modelFactory({ model: "transformer", layers: 1, width, format, seed: 1, ...(Object.keys(extra).length ? { config: extra } : {}) } as never, GADGET_MODEL_TARGET, n)(n);
const bits = (s: string) => Uint8Array.from(s, Number);

describe("the one-layer Transformer game on the Dyck DISJ gadget", () => {
  it("the end token extends the dyck vocabulary without renumbering it", () => {
    expect(dyckVocabulary(4)).toHaveLength(6);
    expect(dyckGadgetVocabulary().slice(0, 6)).toEqual(dyckVocabulary(4));
    expect(dyckGadgetVocabulary()[DYCK_END]).toBe("$");
    const { tokens, alice } = gadgetGame(bits("101"), bits("011"));
    expect(tokens).toHaveLength(13);
    expect(tokens[12]).toBe(DYCK_END);
    expect(alice.map((a) => (a ? "A" : "B")).join("")).toBe("ABBAABBAABBAB");
  });

  it("Alice's message has H·(d_h+2)·p bits, counted from its encoding", () => {
    for (const [format, width, heads, p] of [["fixed:2.2", 2, 1, 4], ["fp8e4m3fn", 4, 2, 8], ["fp16", 8, 2, 16], ["fixed:3.5", 6, 3, 8]] as const) {
      const model = transformer(format, width, 5, { heads });
      const protocol = partitionProtocol(model, 5);
      const expected = heads * (width / heads + 2) * p;
      expect(protocol.messageBits).toBe(expected);
      const rng = new Rng(width);
      for (let k = 0; k < 10; k++) expect(protocol.send(Uint8Array.from({ length: 5 }, () => rng.bit())).length).toBe(expected);
    }
  });

  it("Bob's reconstruction from the message equals the partition-order evaluation bit for bit on seeded inputs", () => {
    for (const [format, width, heads, n] of [["fixed:2.2", 2, 1, 6], ["fp8e4m3fn", 4, 2, 8], ["fp16", 4, 1, 5], ["bf16", 4, 2, 7]] as const) {
      const c = compareEvaluationOrders(transformer(format, width, n, { heads }), n, 150, 42);
      expect(c.reconstructionMatches, `${format} width ${width}`).toBe(150);
      expect(c.outputsDiffer).toBeLessThanOrEqual(c.logitsDiffer);
    }
  });

  it("the game's answer is DISJ(x, y), and the gadget is in Dyck-(2,2) exactly when x and y are disjoint", () => {
    const rng = new Rng(3);
    for (let k = 0; k < 200; k++) {
      const x = Uint8Array.from({ length: 6 }, () => rng.bit());
      const y = Uint8Array.from({ length: 6 }, () => rng.bit());
      const { tokens } = gadgetGame(x, y);
      const word = tokens.slice(0, -1);
      expect(solveDyck(word.length, word)).toBe(disjointnessAnswer(x, y));
      expect(gadgetInDyck(x, y)).toBe(disjointnessAnswer(x, y) === DYCK_YES);
    }
    const t = playPartitionGame(transformer("fp16", 4, 3), bits("101"), bits("010"));
    expect(t.expected).toBe(DYCK_YES);
    expect(t.reconstructionMatches).toBe(true);
    expect(t.correct).toBe(t.output === DYCK_YES);
  });

  it("with H(d_h+2)p = 16 < n = 17 it finds a fooling pair and replays it: one message, two answers wanted, one given", () => {
    const model = transformer("fixed:2.2", 2, 17);
    const protocol = partitionProtocol(model, 17);
    expect(protocol.messageBits).toBeLessThan(17);
    const s = searchPartitionFoolingPair(model, 17, 4096, 7);
    const p = s.pair!;
    expect(p).not.toBeNull();
    expect(p.x).not.toBe(p.xPrime);
    // re-derived from scratch: each x sends the certified message; y separates them under DISJ
    expect(protocol.send(bits(p.x))).toBe(p.message);
    expect(protocol.send(bits(p.xPrime))).toBe(p.message);
    expect([disjointnessAnswer(bits(p.x), bits(p.y)), disjointnessAnswer(bits(p.xPrime), bits(p.y))]).toEqual([DYCK_NO, DYCK_YES]);
    expect([p.expected, p.expectedPrime]).toEqual([DYCK_NO, DYCK_YES]);
    expect(p.partitionOutput).toBe(p.partitionOutputPrime);
    expect(p.partitionOutput).toBe(p.output);
    expect([p.expected, p.expectedPrime]).toContain(p.output);
    expect(replayPartitionFoolingPair(model, p.xPrime, p.x)).toEqual(p);
  });

  it("an exhaustive search over every x finds no pair when every message is distinct, and says so", () => {
    const s = searchPartitionFoolingPair(transformer("fp16", 4, 4), 4, 1 << 10, 1);
    expect(s.exhaustive).toBe(true);
    if (s.pair === null) expect(s.distinctMessages).toBe(16);
    else expect(s.tried).toBeLessThanOrEqual(16);
  });

  it("bad inputs are one-line user errors", () => {
    const model = transformer("fp16", 4, 3);
    const protocol = partitionProtocol(model, 3);
    expect(oneLineUserError(() => protocol.send(bits("01")))).toMatch(/x has 2 bits but n is 3/);
    expect(oneLineUserError(() => protocol.decode("0101", bits("010")))).toMatch(/has 96 bits/);
    expect(oneLineUserError(() => replayPartitionFoolingPair(model, "010", "010"))).toMatch(/two different inputs/);
    const small = modelFactory({ model: "transformer", layers: 1, width: 2, seed: 1 } as never, { task: "dyck", vocabSize: () => 6 } as never, 3)(3);
    expect(oneLineUserError(() => partitionProtocol(small, 3))).toMatch(/vocabulary of 6/);
  });
});
