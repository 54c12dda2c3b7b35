import { createHash } from "node:crypto";
import type { Reduction } from "../comm/reduction.js";
import { alicePrefix, formatBits } from "../comm/reduction.js";
import { predictAt, type StreamingModel } from "../stream/model.js";
import { runModel } from "../stream/interpreter.js";
import { modelProtocol, type CotOptions } from "../comm/game.js";
import type { FoolingPair } from "./types.js";

export function stateHash(message: string): string {
  return createHash("sha256").update(message).digest("hex").slice(0, 16);
}

/** The first query on which x and x' have different answers, or null. */
export function separatingQuery(r: Reduction, n: number, x: ArrayLike<number>, xPrime: ArrayLike<number>): number | null {
  const count = r.queryCount(n);
  for (let q = 0; q < count; q++) if (r.expected(n, x, q) !== r.expected(n, xPrime, q)) return q;
  return null;
}

/**
 * Re-checks a fooling pair from scratch: both full inputs (prefix + suffix) are run afresh from
 * init; both prefixes must end in the same encoded state and both runs must give the same
 * answer (with CoT, the same generated answer). Throws if they do not: that would be a bug.
 */
export function replayFoolingPair<S>(
  model: StreamingModel<S>,
  r: Reduction,
  n: number,
  x: ArrayLike<number>,
  xPrime: ArrayLike<number>,
  q: number,
  cot: CotOptions | null = null,
): FoolingPair {
  const message = (bits: ArrayLike<number>): string => {
    const { state } = runModel(model, alicePrefix(r, n, bits));
    return model.encode(state);
  };
  const m = message(x);
  const mPrime = message(xPrime);
  if (m !== mPrime) throw new Error(`fooling pair does not replay: ${formatBits(x)} and ${formatBits(xPrime)} give different states`);
  const answer = (bits: ArrayLike<number>): number => {
    if (cot) return modelProtocol(model, r, n, cot).decode(message(bits), q).output;
    const { state } = runModel(model, [...alicePrefix(r, n, bits), ...r.suffix(n, q)]);
    return predictAt(model, state, r.answerTokens(n));
  };
  const out = answer(x);
  const outPrime = answer(xPrime);
  if (out !== outPrime) throw new Error(`fooling pair does not replay: outputs ${out} and ${outPrime} differ`);
  const expected = r.expected(n, x, q);
  const expectedPrime = r.expected(n, xPrime, q);
  if (expected === expectedPrime) throw new Error(`query ${q} does not separate the fooling pair`);
  return {
    x: formatBits(x),
    xPrime: formatBits(xPrime),
    query: q,
    queryText: r.queryText(n, q),
    stateHash: stateHash(m),
    output: out,
    outputText: out < 0 ? "(no answer)" : r.tokenText(n, out),
    expected,
    expectedPrime,
    replayed: true,
  };
}
