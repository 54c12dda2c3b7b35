import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { modelProtocol, playGame } from "../../src/comm/game.js";
import { computes, cost, firstError } from "../../src/comm/protocol.js";
import { indexReduction } from "../../src/comm/reductions/indexReduction.js";
import { alicePrefix, formatBits, parseBits } from "../../src/comm/reduction.js";
import { idealModel } from "../../src/models/ideal.js";
import { indexTask } from "../../src/tasks/indexTask.js";

const allX = (n: number) => Array.from({ length: 2 ** n }, (_, x) => Uint8Array.from({ length: n }, (_, j) => (x >>> j) & 1));

describe("the Index reduction", () => {
  it("agrees with the Index solver for every x ∈ {0,1}^n and every query, n ≤ 10", () => {
    for (let n = 1; n <= 10; n++) {
      for (const x of allX(n)) {
        for (let i = 0; i < n; i++) {
          const tokens = [...alicePrefix(indexReduction, n, x), ...indexReduction.suffix(n, i)];
          expect(indexReduction.expected(n, x, i)).toBe(indexTask.solve(n, tokens));
          expect(indexReduction.expected(n, x, i)).toBe(x[i]);
        }
      }
    }
  });
  it("Alice's prefix is her per-bit blocks, Bob's suffix names the query", () => {
    fc.assert(
      fc.property(fc.uint8Array({ min: 0, max: 1, minLength: 1, maxLength: 40 }), (x) => {
        const prefix = alicePrefix(indexReduction, x.length, x);
        expect(prefix).toEqual([...x]);
        expect(formatBits(parseBits(formatBits(x)))).toBe(formatBits(x));
      }),
    );
  });
});

describe("the one-way game", () => {
  it("the ideal algorithm with M ≥ n computes INDEX_n with messages of cost n", () => {
    for (const n of [3, 6]) {
      const p = modelProtocol(idealModel({ stateBits: n, reduction: indexReduction, n }), indexReduction, n);
      const queries = Array.from({ length: n }, (_, i) => i);
      const f = (x: Uint8Array, i: number) => x[i];
      const proto = { send: p.send, decode: (m: string, i: number) => p.decode(m, i).output };
      expect(computes(proto, f, allX(n), queries)).toBe(true);
      expect(cost(proto, allX(n))).toBe(n);
    }
  });
  it("with M < n it does not, and the error it makes is on a bit it did not keep", () => {
    const n = 5;
    const p = modelProtocol(idealModel({ stateBits: 3, reduction: indexReduction, n }), indexReduction, n);
    const proto = { send: p.send, decode: (m: string, i: number) => p.decode(m, i).output };
    const err = firstError(proto, (x: Uint8Array, i: number) => x[i], allX(n), [0, 1, 2, 3, 4]);
    expect(err).not.toBeNull();
    expect(err!.y).toBeGreaterThanOrEqual(3);
  });
  it("the transcript holds Alice's message and its length", () => {
    const n = 6;
    const t = playGame(idealModel({ stateBits: 4, reduction: indexReduction, n }), indexReduction, n, parseBits("011010"), 2);
    expect(t.message).toBe("0110");
    expect(t.messageBits).toBe(4);
    expect(t.stateBits).toBe(4);
    expect(t.output).toBe(1);
    expect(t.correct).toBe(true);
    const miss = playGame(idealModel({ stateBits: 4, reduction: indexReduction, n }), indexReduction, n, parseBits("011011"), 5);
    expect(miss.expected).toBe(1);
    expect(miss.output).toBe(0);
    expect(miss.correct).toBe(false);
  });
});
