/**
 * Benchmarks of the transformer and the hybrid (ratios measured in one run; the machine is noisy):
 *  1. one bit-exact step (width 16, one layer, fixed:4.12 and bf16) against the same step in
 *     plain float64 — the same model code over the host format fp64, whose operations are plain
 *     double arithmetic — in the same process, interleaved;
 *  2. the exhaustive census of a seeded 1-layer transformer on Index at n = BENCH_TF_N (16).
 */
import { performance } from "node:perf_hooks";
import { exactCensus } from "../src/census/exact.js";
import { indexReduction } from "../src/comm/reductions/indexReduction.js";
import { createModel } from "../src/models/createModel.js";
import { parseRoleFormats } from "../src/models/_internals/roleFormats.js";
import type { StreamingModel } from "../src/stream/model.js";

const ROWS: [string, Record<string, unknown>][] = [
  ["transformer", { width: 16, layers: 1, vocabSize: 20, heads: 2 }],
  ["hybrid", { width: 16, layers: 1, vocabSize: 20, heads: 2, base: "lstm" }],
];

/** Milliseconds for `steps` steps from `start`, each from a fresh state object (no memo hits). */
function timeSteps(m: StreamingModel<unknown>, start: unknown, tokens: readonly number[]): number {
  const a = performance.now();
  for (let k = 0; k < tokens.length; k++) m.step({ ...(start as object) }, tokens[k], 16);
  return performance.now() - a;
}

export function benchArchitectures(): void {
  const tokens = Array.from({ length: 200 }, (_, k) => (k * 7919) % 2);
  for (const [arch, config] of ROWS) {
    const float = createModel(arch, config, parseRoleFormats("fp64"), 1);
    const prefix = Array.from({ length: 16 }, (_, k) => (k * 31) % 20);
    let fs: unknown = float.init();
    prefix.forEach((tok, t) => (fs = float.step(fs, tok, t)));
    for (const name of ["fixed:4.12", "bf16"]) {
      const exact = createModel(arch, config, parseRoleFormats(name), 1);
      let es: unknown = exact.init();
      prefix.forEach((tok, t) => (es = exact.step(es, tok, t)));
      for (let k = 0; k < 3; k++) {
        timeSteps(exact, es, tokens);
        timeSteps(float, fs, tokens);
      }
      let te = 0;
      let tf = 0;
      for (let k = 0; k < 10; k++) {
        te += timeSteps(exact, es, tokens);
        tf += timeSteps(float, fs, tokens);
      }
      const per = (ms: number) => ((ms / (10 * tokens.length)) * 1e3).toFixed(1);
      console.log(
        `step: ${arch} (width 16, 1 layer, t = 16) at ${name} / plain float64 = ${(te / tf).toFixed(2)}  (${per(te)} µs vs ${per(tf)} µs per step)`,
      );
    }
  }

  const n = Number(process.env.BENCH_TF_N ?? 16);
  const model = createModel("transformer", { width: 4, layers: 1, heads: 1, vocabSize: indexReduction.vocabSize(n) }, parseRoleFormats("fixed:4.12"), 1);
  const a = performance.now();
  const row = exactCensus({ reduction: indexReduction, modelFor: () => model }, n);
  const sec = (performance.now() - a) / 1000;
  console.log(
    `census: 1-layer transformer (width 4, 1 head) at fixed:4.12, Index n=${n}, exhaustive: D(n) = ${row.distinctStates}, ` +
      `accuracy ${row.accuracyExact}, Bayes-optimal ${row.bayesOptimalAccuracyExact}, ${sec.toFixed(1)} s`,
  );
}
