/**
 * `streambound/testing`: fast-check arbitraries and check helpers for other projects' test
 * suites. The checks throw an Error describing the first failure, so they work under any
 * runner (vitest is a peer, not a requirement).
 */
import fc from "fast-check";
import type { Format } from "../numeric/format.js";
import type { StreamingModel } from "../stream/model.js";
import type { Reduction } from "../comm/reduction.js";
import { alicePrefix, formatBits } from "../comm/reduction.js";
import { checkRoundTrip, runModel } from "../stream/interpreter.js";

/** Bit strings x ∈ {0,1}^n as Uint8Array. */
export function bitsArbitrary(n: number): fc.Arbitrary<Uint8Array> {
  return fc.uint8Array({ min: 0, max: 1, minLength: n, maxLength: n });
}

/** Values of a format: every bit pattern decoded (NaN and infinities included where the format has them). */
export function formatValueArbitrary(format: Format, opts: { finite?: boolean } = {}): fc.Arbitrary<number> {
  const patterns =
    format.bits <= 32
      ? fc.integer({ min: 0, max: 2 ** format.bits - 1 }).map((c) => format.decode(c))
      : fc.bigInt({ min: 0n, max: 2n ** BigInt(format.bits) - 1n }).map((c) => format.decode(c));
  return opts.finite ? patterns.filter((v) => Number.isFinite(v)) : patterns;
}

/** Token streams over a model's vocabulary. */
export function tokensArbitrary(vocabSize: number, maxLength = 32): fc.Arbitrary<number[]> {
  return fc.array(fc.integer({ min: 0, max: vocabSize - 1 }), { maxLength });
}

/** (x, q) pairs of a reduction at size n. */
export function reductionInputArbitrary(r: Reduction, n: number): fc.Arbitrary<{ x: Uint8Array; q: number }> {
  return fc.record({ x: bitsArbitrary(n), q: fc.integer({ min: 0, max: r.queryCount(n) - 1 }) });
}

/** The encoded state after `tokens` is exactly as long as the model declares, never longer. */
export function checkStateBits<S>(model: StreamingModel<S>, tokens: readonly number[], exact = true): void {
  let s = model.init();
  for (let t = 0; t < tokens.length; t++) {
    s = model.step(s, tokens[t], t);
    const used = model.encode(s).length;
    const allowed = model.stateBits(t + 1);
    if (used > allowed || (exact && used !== allowed)) {
      throw new Error(`${model.name}: ${used} encoded bits after ${t + 1} tokens, declared ${allowed}`);
    }
  }
}

/** decode(encode(s)) continues exactly like s on `continuation`. */
export function checkCodecContinuation<S>(model: StreamingModel<S>, prefix: readonly number[], continuation: readonly number[]): void {
  const { state, t } = runModel(model, prefix);
  const r = checkRoundTrip(model, state, t, continuation);
  if (!r.ok) throw new Error(`${model.name}: decode(encode(s)) departs from s at continuation step ${r.firstDifference}`);
}

/**
 * A reduction agrees with a solver on every x ∈ {0,1}^n and every query: `solve` gets the
 * assembled token stream (prefix + suffix) and returns the answer token.
 */
export function checkReductionAgainstSolver(r: Reduction, n: number, solve: (tokens: number[]) => number): void {
  if (n > 20) throw new RangeError("checkReductionAgainstSolver enumerates 2^n inputs; use n ≤ 20");
  const x = new Uint8Array(n);
  for (let v = 0; v < 2 ** n; v++) {
    for (let j = 0; j < n; j++) x[j] = (v >>> j) & 1;
    const prefix = alicePrefix(r, n, x);
    for (let q = 0; q < r.queryCount(n); q++) {
      const want = solve([...prefix, ...r.suffix(n, q)]);
      const got = r.expected(n, x, q);
      if (got !== want) throw new Error(`${r.task}/${r.name} n=${n} x=${formatBits(x)} q=${q}: reduction says ${got}, solver ${want}`);
    }
  }
}
