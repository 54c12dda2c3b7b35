/**
 * Inputs Counting constructions are checked on (precision search, tests, check script), always
 * against the task's solver. One prefix x_0 … x_{n−1} is run once; each query q is stepped from
 * it, and each threshold `#t` from the state after q, so a case checks many thresholds per
 * query at the cost of one prefix run.
 */
import type { StreamingModel } from "../../../stream/model.js";
import { predictAt } from "../../../stream/model.js";
import { runModel } from "../../../stream/interpreter.js";
import { countingReduction } from "../../../comm/reductions/counting.js";
import {
  COUNTING_NO,
  COUNTING_YES,
  countingSymbolToken,
  countingTask,
  countingThresholdToken,
  countingVocabulary,
  solveCounting,
} from "../../../tasks/counting.js";
import { Rng, deriveSeed } from "../../../util/rng.js";
import type { PrecisionCase, PrecisionCases } from "../precision.js";

/**
 * Which thresholds a check steps: `all` (t = 0 … n) or `boundary`: t = c − 1 and t = c around
 * q's count c (where the answer flips, the smallest margin) and the extremes 0 and n.
 */
export type CountingThresholds = "all" | "boundary";

function thresholdsFor(n: number, count: number, which: CountingThresholds): number[] {
  if (which === "all") return Array.from({ length: n + 1 }, (_, t) => t);
  return [...new Set([0, count - 1, count, n])].filter((t) => t >= 0 && t <= n).sort((a, b) => a - b);
}

/** The first wrong answer over the given queries q (symbol indices) and their thresholds, or null. */
export function countingWrong(
  model: StreamingModel<unknown>,
  n: number,
  prefix: readonly number[],
  queries: Iterable<number>,
  thresholds: CountingThresholds = "all",
): string | null {
  const { state, t } = runModel(model, prefix, { checkBudget: false });
  const text = countingVocabulary(n);
  for (const q of queries) {
    const qToken = countingSymbolToken(n, q);
    const afterQ = model.step(state, qToken, t);
    for (const th of thresholdsFor(n, prefix.filter((s) => s === qToken).length, thresholds)) {
      const input = [...prefix, qToken, countingThresholdToken(n, th)];
      const out = predictAt(model, model.step(afterQ, input[n + 1], t + 1), [COUNTING_NO, COUNTING_YES]);
      const want = solveCounting(n, input);
      if (out !== want) {
        const count = prefix.filter((s) => s === qToken).length;
        return `${prefix.map((s) => text[s]).join(" ")} | q = ${text[qToken]}, t = ${th} (count ${count}): answered ${out}, expected ${want}`;
      }
    }
  }
  return null;
}

/** Alice's prefix of the INDEX→Counting reduction for the bits x. */
export const countingReductionPrefix = (n: number, x: ArrayLike<number>): number[] =>
  Array.from({ length: n }, (_, j) => countingReduction.block(n, j, x[j] ? 1 : 0)[0]);

/** The prefix x_0 … x_{n−1} and query index of seeded task instance k (the task's generator, n ≥ 2). */
export function countingInstance(n: number, seed: number, k: number, label: string): { prefix: number[]; q: number } {
  const tokens = countingTask.generate(n, new Rng(deriveSeed(seed, `${label}/${n}/${k}`)), "direct").tokens;
  return { prefix: tokens.slice(0, n), q: tokens[n] - countingSymbolToken(n, 0) };
}

/**
 * n ≤ 12: every x of the reduction (Alice's blocks) with every query and every threshold
 * (the reduction's own instances are t = 0), then `samples` seeded task instances (counts over
 * the whole range) at every threshold. Beyond: the seeded instances only.
 */
export function countingCases(n: number, seed: number, samples: number): PrecisionCases {
  const sampled = n >= 2 ? samples : 0;
  const seeded = function* (): Generator<PrecisionCase> {
    for (let k = 0; k < sampled; k++) {
      const { prefix, q } = countingInstance(n, seed, k, "precision/counting");
      yield (model) => countingWrong(model, n, prefix, [q]);
    }
  };
  if (n <= 12) {
    const all = function* (): Generator<PrecisionCase> {
      const queries = Array.from({ length: n }, (_, q) => q);
      for (let v = 0; v < 2 ** n; v++) {
        const prefix = countingReductionPrefix(n, Array.from({ length: n }, (_, j) => (v >>> j) & 1));
        yield (model) => countingWrong(model, n, prefix, queries);
      }
      yield* seeded();
    };
    return { checked: "exhaustive", count: (2 ** n * n + sampled) * (n + 1), cases: { [Symbol.iterator]: all } };
  }
  return { checked: "sampled", count: sampled * (n + 1), cases: { [Symbol.iterator]: seeded } };
}
