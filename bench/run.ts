/**
 * Benchmarks (ratios measured in one run; the machine is noisy):
 *  1. the exhaustive census of a seeded width-4 LSTM at fixed:2.6 on Index at n = 20:
 *     wall time and state transitions per second;
 *  2. one bit-exact LSTM step against the same step in plain float64, in the same process;
 *  3. the same per preset format at width 16 (bench/kernels.ts);
 *  then census at scale (bench/census.ts), the architectures, the mixers and the float twins.
 *
 * `node dist/bench/run.js` runs them all but the n = 24 census, which is its own entry:
 * `node dist/bench/run.js census24` (long; for a quiet machine). Other entries, each alone:
 * `kernels` (the step ratios per format), `census` (fp32 against PyTorch and the Transformer),
 * `attention` (attention's zero-skipping path against the term-by-term loop).
 */
import { performance } from "node:perf_hooks";
import { exactCensus } from "../src/census/exact.js";
import { indexReduction } from "../src/comm/reductions/indexReduction.js";
import { parseFormat } from "../src/numeric/index.js";
import { createLstm, lstmStepFloat64 } from "../src/models/lstm.js";
import { benchKernels } from "./kernels.js";

const ENTRIES = ["all", "census24", "kernels", "census", "attention"] as const;
const entry = process.argv[2] ?? "all";
if (!(ENTRIES as readonly string[]).includes(entry)) {
  console.error(`bench: unknown entry '${entry}' (expected one of ${ENTRIES.join(", ")})`);
  process.exit(2);
}
if (entry === "census24") {
  (await import("./census.js")).benchCensus24();
  process.exit(0);
}
if (entry === "attention") {
  (await import("./attention.js")).benchAttention();
  process.exit(0);
}
if (entry === "kernels") {
  benchKernels();
  process.exit(0);
}
if (entry === "census") {
  const c = await import("./census.js");
  c.benchFp32Census();
  await c.benchTransformerCensus();
  process.exit(0);
}

const n = Number(process.env.BENCH_N ?? 20);
const format = parseFormat("fixed:2.6");
const lstm = createLstm({ width: 4, layers: 1, format, vocabSize: indexReduction.vocabSize(n), seed: 1 });

// 1. Census. Transitions = Alice's block steps over every distinct state of every layer, plus
// Bob's query step for every (final state, query).
let transitions = 0;
const counting = {
  ...lstm,
  step(s: Float64Array, tok: number, t: number) {
    transitions++;
    return lstm.step(s, tok, t);
  },
  init: () => lstm.init(),
  logits: (s: Float64Array) => lstm.logits(s),
  encode: (s: Float64Array) => lstm.encode(s),
  decode: (b: string) => lstm.decode(b),
  stateBits: (t: number) => lstm.stateBits(t),
  describe: () => lstm.describe(),
};
const t0 = performance.now();
const row = exactCensus({ reduction: indexReduction, modelFor: () => counting }, n);
const seconds = (performance.now() - t0) / 1000;
console.log(`census: LSTM width 4 at fixed:2.6, Index n=${n}, exhaustive`);
console.log(`  D(n) = ${row.distinctStates}, accuracy ${row.accuracyExact}, Bayes-optimal ${row.bayesOptimalAccuracyExact}`);
console.log(`  wall time ${seconds.toFixed(2)} s, ${transitions} state transitions, ${(transitions / seconds).toFixed(0)} transitions/s`);
console.log(`  (deduplication leaves few transitions; per input and query: ${((2 ** n * n) / seconds).toExponential(2)} (x, i) pairs scored/s)`);
console.log(`  goal: under 60 s on a 2-core machine -> ${seconds < 60 ? "met" : "NOT met"}`);

// 1b. A census whose states barely collapse, so transitions dominate: fixed:4.12 at n = 16.
{
  const wide = createLstm({ width: 4, layers: 1, format: parseFormat("fixed:4.12"), vocabSize: indexReduction.vocabSize(16), seed: 1 });
  let steps = 0;
  const counted = Object.assign(Object.create(Object.getPrototypeOf(wide)), wide, {
    step(s: Float64Array, tok: number, t: number) {
      steps++;
      return wide.step(s, tok, t);
    },
  });
  const a = performance.now();
  const r = exactCensus({ reduction: indexReduction, modelFor: () => counted }, 16);
  const sec = (performance.now() - a) / 1000;
  console.log(`census: LSTM width 4 at fixed:4.12, Index n=16: D(n) = ${r.distinctStates}, ${sec.toFixed(2)} s, ${steps} transitions, ${(steps / sec).toFixed(0)} transitions/s`);
}

// 2. Step ratio: the same inputs through the bit-exact step and the float64 step, interleaved
// in rounds so that machine noise hits both alike.
const params = lstm.params;
const tokens = Array.from({ length: 4096 }, (_, k) => (k * 7919) % 2);
const start = lstm.init();
function timeExact(): number {
  let s = start;
  const a = performance.now();
  for (const tok of tokens) s = lstm.step(s, tok, 0);
  return performance.now() - a;
}
function timeFloat(): number {
  let s: Float64Array = new Float64Array(start);
  const a = performance.now();
  for (const tok of tokens) s = lstmStepFloat64(params, s, tok);
  return performance.now() - a;
}
for (let k = 0; k < 20; k++) {
  timeExact();
  timeFloat();
}
let exact = 0;
let float = 0;
for (let k = 0; k < 50; k++) {
  exact += timeExact();
  float += timeFloat();
}
const ratio = exact / float;
console.log(`step: bit-exact LSTM step (width 4, fixed:2.6) / plain float64 step = ${ratio.toFixed(2)}`);
console.log(`  ${((exact / (50 * tokens.length)) * 1e6).toFixed(0)} ns vs ${((float / (50 * tokens.length)) * 1e6).toFixed(0)} ns per step; goal ≤ 3 -> ${ratio <= 3 ? "met" : "NOT met"}`);
benchKernels();

// Census at scale: fp32 LSTM against PyTorch and a Transformer (bench/census.ts); n = 24 is the
// census24 entry.
{
  const c = await import("./census.js");
  c.benchFp32Census();
  console.log("census n=24 on 2 workers: long, its own entry -> node dist/bench/run.js census24");
  await c.benchTransformerCensus();
}
// 3. The transformer and the hybrid (bench/architectures.ts), and attention's zero skipping (bench/attention.ts).
(await import("./architectures.js")).benchArchitectures();
(await import("./attention.js")).benchAttention();

// 4. The sequence mixers (bench/mixers.ts).
(await import("./mixers.js")).benchMixers();
await import("./float.js");
