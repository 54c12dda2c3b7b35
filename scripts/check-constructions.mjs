#!/usr/bin/env node
// The large seeded counts of issue 8 that the suite runs smaller (CI: `npm run build && node
// scripts/check-constructions.mjs`). Every check re-runs the construction in the exact
// interpreter and compares with the task's solver; it exits 1 at the first failure and prints
// each count with its time. Needs dist/ (npm run build).
import { dyckRnn } from "../dist/src/models/constructions/dyckRnn.js";
import { memoRunner } from "../dist/src/models/constructions/_internals/memoRun.js";
import { lstmStore } from "../dist/src/models/constructions/lstmStore.js";
import { mambaStore } from "../dist/src/models/constructions/mambaStore.js";
import { transformerIndex } from "../dist/src/models/constructions/transformerIndex.js";
import { hybridIndex } from "../dist/src/models/constructions/hybridIndex.js";
import { transformerAr } from "../dist/src/models/constructions/transformerAr.js";
import { hybridAr } from "../dist/src/models/constructions/hybridAr.js";
import { arTask } from "../dist/src/tasks/ar.js";
import { transformerEq, transformerDisj } from "../dist/src/models/constructions/transformerStringPair.js";
import { equalityTask, solveEquality } from "../dist/src/tasks/equality.js";
import { disjointnessTask, solveDisjointness } from "../dist/src/tasks/disjointness.js";
import { ragIndex } from "../dist/src/models/constructions/ragIndex.js";
import { ragAr } from "../dist/src/models/constructions/ragAr.js";
import { ragIsTree } from "../dist/src/models/constructions/ragIsTree.js";
import { runRag } from "../dist/src/models/constructions/_internals/runRag.js";
import { stringCensus } from "../dist/src/census/stringCensus.js";
import { runData } from "../dist/src/cli/commands/data.js";
import { DYCK_ALPHABET } from "../dist/src/cli/dyckString.js";
import { dyckTask, solveDyck, DYCK_NO, DYCK_YES } from "../dist/src/tasks/dyck.js";
import { solveIndex, indexQueryToken } from "../dist/src/tasks/indexTask.js";
import { solveAr, arKeyToken, arValueToken } from "../dist/src/tasks/ar.js";
import { ISTREE_EOS, ISTREE_FALSE, ISTREE_TRUE } from "../dist/src/tasks/istreeVocabulary.js";
import { transformerNn } from "../dist/src/models/constructions/transformerNn.js";
import { nnReductionCases } from "../dist/src/models/constructions/precisionSubjects.js";
import { nnReduction } from "../dist/src/comm/reductions/nn.js";
import { predict } from "../dist/src/stream/model.js";
import { runModel } from "../dist/src/stream/interpreter.js";
import { Rng, deriveSeed } from "../dist/src/util/rng.js";
import { compareEvaluationOrders, GADGET_MODEL_TARGET, searchPartitionFoolingPair } from "../dist/src/comm/transformerPartitionGame.js";
import { modelFactory } from "../dist/src/models/registry.js";
import { transformerIndexLookup } from "../dist/src/models/constructions/transformerIndexLookup.js";
import { indexLookupTask, solveIndexLookup, indexLookupPositionToken } from "../dist/src/tasks/indexlookup.js";
import { transformerCount } from "../dist/src/models/constructions/transformerCount.js";
import { countingReductionPrefix, countingInstance, countingWrong } from "../dist/src/models/constructions/_internals/countingCases.js";

// `node scripts/check-constructions.mjs [--part k/K]`: with --part, only the blocks of part k
// (a fixed split, balanced by measured CPU time) run, so CI can run the parts side by side.
const PARTS = [["transformer-nn", "mamba-store", "transformer-count"]];
const partArg = process.argv.indexOf("--part");
const [partK, partOf] = partArg < 0 ? [0, 0] : process.argv[partArg + 1].split("/").map(Number);
if (partArg >= 0 && !(partOf === 2 && (partK === 1 || partK === 2))) {
  console.error("check-constructions: --part takes 1/2 or 2/2");
  process.exit(2);
}
// `--only a,b`: just the named blocks (a rerun of one construction after a change).
const onlyArg = process.argv.indexOf("--only");
const only = onlyArg < 0 ? null : (process.argv[onlyArg + 1] ?? "").split(",").filter((x) => x !== "");
const BLOCKS = ["dyck-rnn", "game1", "hybrid-ar", "lstm-store", "mamba-store", "rag", "transformer-ar", "transformer-count", "transformer-eq-disj", "transformer-index", "transformer-indexlookup", "transformer-nn"];
if (only !== null && (only.length === 0 || only.some((b) => !BLOCKS.includes(b)))) {
  console.error(`check-constructions: --only takes a comma-separated list of blocks among ${BLOCKS.join(", ")}`);
  process.exit(2);
}
/** Whether this run checks the named block: part 1 has PARTS[0], part 2 the rest. */
const runs = (name) => (only === null || only.includes(name)) && (partOf === 0 || (partK === 1) === PARTS[0].includes(name));

const t0 = Date.now();
const say = (msg) => console.log(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${msg}`);
const fail = (msg) => {
  console.error(`FAIL: ${msg}`);
  process.exit(1);
};

// dyck-rnn: every string of length ≤ 10, then 100,000 seeded strings of length 1024 (data dyck).
if (runs("dyck-rnn")) {
  const model = dyckRnn();
  for (let n = 1; n <= 10; n++) {
    const row = stringCensus({ model, alphabet: DYCK_ALPHABET, solve: solveDyck, answerTokens: [DYCK_NO, DYCK_YES] }, n);
    if (row.accuracyExact !== "1/1" || Number(row.distinctStates) > 8) fail(`dyck-rnn at n=${n}: accuracy ${row.accuracyExact}, D = ${row.distinctStates}`);
  }
  say("dyck-rnn: exact on every string of length 1..10, at most 8 states");
  const run = memoRunner(model);
  let positives = 0;
  const total = 100_000;
  // Instance k of `streambound data dyck --n 1024 --seed 1` (runData's stream for it).
  for (let k = 0; k < total; k++) {
    const inst = dyckTask.generate(1024, new Rng(deriveSeed(1, `data/dyck/1024/${k}`)), "direct");
    const out = predict(model.logits(run(inst.tokens.slice(0, 1024))), [DYCK_NO, DYCK_YES]);
    if (out !== inst.answer) fail(`dyck-rnn on ${inst.text.slice(0, 80)}…`);
    if (inst.answer === DYCK_YES) positives++;
  }
  say(`dyck-rnn: right on ${total} seeded strings of length 1024 (${positives} in the language), M = ${model.stateBits(1024)}`);
}

// rag-index, rag-ar, rag-istree: 10,000 seeded instances at n = 64; state at 1024 ≤ 4× state at 32.
if (runs("rag")) {
  const n = 64;
  const mi = ragIndex(n);
  const ma = ragAr(n);
  const mt = ragIsTree(n);
  const values = Array.from({ length: n }, (_, j) => arValueToken(n, j));
  for (let k = 0; k < 10_000; k++) {
    const ri = new Rng(deriveSeed(5, `check/rag-index/${k}`));
    const x = Array.from({ length: n }, () => ri.bit());
    const ii = [...x, indexQueryToken(ri.int(0, n - 1))];
    if (runRag(mi, ii, [0, 1], 8).output !== solveIndex(n, ii)) fail(`rag-index on instance ${k}`);
  }
  say("rag-index: right on 10000 seeded instances at n = 64");
  const ar = runData({ task: "ar", n, count: 10_000, seed: 5 });
  for (const inst of ar.instances) {
    const input = inst.tokens.slice(0, 2 * n + 1);
    if (runRag(ma, input, values, 8).output !== solveAr(n, input)) fail(`rag-ar on ${inst.text}`);
  }
  say("rag-ar: right on 10000 seeded instances at n = 64");
  const trees = runData({ task: "istree", n, count: 10_000, seed: 5, mode: "retrieval" });
  for (const inst of trees.instances) {
    const eos = inst.tokens.indexOf(ISTREE_EOS);
    const run = runRag(mt, inst.tokens.slice(0, eos + 1), [ISTREE_FALSE, ISTREE_TRUE], 37 * n + 64);
    const want = inst.tokens.slice(eos + 1);
    if (run.tokens.length !== want.length || run.tokens.some((t, k) => t !== want[k])) fail(`rag-istree's tokens differ from the official retrieval format on ${inst.text.slice(0, 80)}…`);
  }
  say("rag-istree: the official retrieval chain of thought token for token, and the right answer, on 10000 seeded graphs at n = 64");
  for (const [name, make] of [["rag-index", ragIndex], ["rag-istree", ragIsTree]]) {
    const a = make(32).stateBits(0);
    const b = make(1024).stateBits(0);
    if (b > 4 * a) fail(`${name}: ${b} bits at n = 1024 > 4 × ${a} at n = 32`);
    say(`${name}: ${a} state bits at n = 32, ${b} at n = 1024`);
  }
}

// lstm-store at its capacity: seeded (x, i) at n = width = 64 (20,000) and 256 (2,000).
if (runs("lstm-store")) for (const [n, instances] of [[64, 20_000], [256, 2_000]]) {
  const model = lstmStore({ width: n, vocabSize: n + 2 });
  let done = 0;
  for (let k = 0; done < instances; k++) {
    const rng = new Rng(deriveSeed(9, `check/lstm-store/${n}/${k}`));
    const x = Array.from({ length: n }, () => rng.bit());
    const { state, t } = runModel(model, x);
    for (let i = 0; i < n && done < instances; i++, done++) {
      const out = predict(model.logits(model.step(state, indexQueryToken(i), t)), [0, 1]);
      if (out !== solveIndex(n, [...x, indexQueryToken(i)])) fail(`lstm-store at n=${n}, x=${x.join("")}, i=${i}`);
    }
  }
  say(`lstm-store: right on ${instances} seeded (x, i) at n = width = ${n} (M = ${model.stateBits(0)}, C/M = ${n}/${model.stateBits(0)})`);
}
// mamba-store: every x and every query for n ≤ 12 at capacity C = 12; then seeded (x, i) at
// n = C = 64 (20,000), 256 (2,000) and 1024 (200), each x answering every query from one run.
if (runs("mamba-store")) {
  const tm = Date.now();
  const model = mambaStore({ width: 12, vocabSize: 14 });
  let queries = 0;
  for (let n = 1; n <= 12; n++) {
    for (let v = 0; v < 2 ** n; v++) {
      const x = Array.from({ length: n }, (_, j) => (v >> j) & 1);
      const { state, t } = runModel(model, x);
      for (let i = 0; i < n; i++, queries++) {
        if (predict(model.logits(model.step(state, indexQueryToken(i), t)), [0, 1]) !== x[i]) fail(`mamba-store at C=12, x=${x.join("")}, i=${i}`);
      }
    }
  }
  say(`mamba-store: right on every (x, i) for n ≤ 12 at C = 12 (${queries} queries, M = ${model.stateBits(0)})`);
  for (const [n, instances] of [[64, 20_000], [256, 2_000], [1024, 200]]) {
    const model = mambaStore({ width: n, vocabSize: n + 2 });
    let done = 0;
    for (let k = 0; done < instances; k++) {
      const rng = new Rng(deriveSeed(9, `check/mamba-store/${n}/${k}`));
      const x = Array.from({ length: n }, () => rng.bit());
      const { state, t } = runModel(model, x);
      for (let i = 0; i < n && done < instances; i++, done++) {
        const out = predict(model.logits(model.step(state, indexQueryToken(i), t)), [0, 1]);
        if (out !== solveIndex(n, [...x, indexQueryToken(i)])) fail(`mamba-store at n=${n}, x=${x.join("")}, i=${i}`);
      }
    }
    say(`mamba-store: right on ${instances} seeded (x, i) at n = C = ${n} (M = ${model.stateBits(0)}, C/M = ${n}/${model.stateBits(0)})`);
  }
  say(`mamba-store: ${((Date.now() - tm) / 1000).toFixed(1)} s`);
}
// transformer-index and hybrid-index (1 attention layer) at their default format: 20,000 seeded (x, i) at n = 64, 2,000 at
// 256, 200 at 1024 (each x answers every query from one prefix run).
if (runs("transformer-index")) for (const [name, make, n, instances] of [
  ["transformer-index", transformerIndex, 64, 20_000], ["transformer-index", transformerIndex, 256, 2_000], ["transformer-index", transformerIndex, 1024, 200],
  ["hybrid-index", hybridIndex, 64, 20_000], ["hybrid-index", hybridIndex, 256, 2_000], ["hybrid-index", hybridIndex, 1024, 200],
]) {
  const model = make({ n });
  let done = 0;
  for (let k = 0; done < instances; k++) {
    const rng = new Rng(deriveSeed(9, `check/${name}/${n}/${k}`));
    const x = Array.from({ length: n }, () => rng.bit());
    const { state, t } = runModel(model, x, { checkBudget: false });
    for (let i = 0; i < n && done < instances; i++, done++) {
      const out = predict(model.logits(model.step(state, indexQueryToken(i), t)), [0, 1]);
      if (out !== solveIndex(n, [...x, indexQueryToken(i)])) fail(`${name} at n=${n}, x=${x.join("")}, i=${i}`);
    }
  }
  say(`${name}: right on ${instances} seeded (x, i) at n = ${n}`);
}
// transformer-ar (2 layers): seeded AR instances (shuffled keys, uniform values): 2,000 at
// n = 64, 200 at 256, 20 at 1024.
if (runs("transformer-ar")) for (const [n, count] of [[64, 2_000], [256, 200], [1024, 20]]) {
  const model = transformerAr({ n });
  const values = Array.from({ length: n }, (_, j) => arValueToken(n, j));
  for (let k = 0; k < count; k++) {
    const input = arTask.generate(n, new Rng(deriveSeed(9, `check/transformer-ar/${n}/${k}`)), "direct").tokens.slice(0, 2 * n + 1);
    const out = predict(model.logits(runModel(model, input, { checkBudget: false }).state), values);
    if (out !== solveAr(n, input)) fail(`transformer-ar at n=${n}, instance ${k}`);
  }
  say(`transformer-ar: right on ${count} seeded AR instances at n = ${n}`);
}
// hybrid-ar (1 attention layer over an RNN): seeded AR instances (shuffled keys, uniform values),
// 20,000 at n = 64, 2,000 at 256, 200 at 1024 (each prefix answers every query key from one run).
if (runs("hybrid-ar")) for (const [n, instances] of [[64, 20_000], [256, 2_000], [1024, 200]]) {
  const model = hybridAr({ n });
  const values = Array.from({ length: n }, (_, j) => arValueToken(n, j));
  let done = 0;
  for (let k = 0; done < instances; k++) {
    const prefix = arTask.generate(n, new Rng(deriveSeed(9, `check/hybrid-ar/${n}/${k}`)), "direct").tokens.slice(0, 2 * n);
    const { state, t } = runModel(model, prefix, { checkBudget: false });
    for (let q = 0; q < n && done < instances; q++, done++) {
      const out = predict(model.logits(model.step(state, arKeyToken(n, q), t)), values);
      if (out !== solveAr(n, [...prefix, arKeyToken(n, q)])) fail(`hybrid-ar at n=${n}, instance ${k}, query k${q}`);
    }
  }
  say(`hybrid-ar: right on ${instances} seeded AR instances at n = ${n}`);
}
// transformer-eq and transformer-disj (2 layers) at fp32: seeded (x, y) from the task's
// generator (half of each label): 2,000 at n = 64, 200 at 256, 20 at 1024.
if (runs("transformer-eq-disj")) for (const [name, make, task, solve] of [
  ["transformer-eq", transformerEq, equalityTask, solveEquality],
  ["transformer-disj", transformerDisj, disjointnessTask, solveDisjointness],
]) {
  for (const [n, count] of [[64, 2_000], [256, 200], [1024, 20]]) {
    const model = make({ n });
    for (let k = 0; k < count; k++) {
      const input = task.generate(n, new Rng(deriveSeed(9, `check/${name}/${n}/${k}`)), "direct").tokens.slice(0, 2 * n + 1);
      const out = predict(model.logits(runModel(model, input, { checkBudget: false }).state), [0, 1]);
      if (out !== solve(n, input)) fail(`${name} at n=${n}, x | y = ${input.map((t) => "01|"[t]).join("")}`);
    }
    say(`${name}: right on ${count} seeded (x, y) at n = ${n}`);
  }
}
// The one-layer Transformer game (issue 8 item 5): on 10,000 seeded (x, y), Bob's reconstruction
// equals the partition-order evaluation bit for bit; the disagreement with left to right is printed.
if (runs("game1")) for (const [width, heads, format, n] of [[2, 1, "fixed:2.2", 17], [4, 2, "fp8e4m3fn", 8]]) {
  const model = modelFactory({ model: "transformer", layers: 1, width, format, seed: 1, ...(heads > 1 ? { config: { heads } } : {}) }, GADGET_MODEL_TARGET, n)(n);
  const c = compareEvaluationOrders(model, n, 10_000, deriveSeed(1, "partition-orders"));
  if (c.reconstructionMatches !== c.samples) fail(`${model.name}: reconstruction = partition order on ${c.reconstructionMatches} of ${c.samples}`);
  const s = searchPartitionFoolingPair(model, n, 65_536, deriveSeed(1, "partition-search"));
  if (!s.pair || s.pair.partitionOutput !== s.pair.partitionOutputPrime) fail(`${model.name} at n=${n}: no replayed fooling pair`);
  say(`1-layer game ${model.name}, n = ${n}: reconstruction = partition order on ${c.samples}; answers differ from left to right on ${c.outputsDiffer}, logits on ${c.logitsDiffer}; fooling pair replayed`);
}
// transformer-indexlookup (1 layer) at fp32 over |Σ| = 4 (argmax over the whole alphabet): every
// x ∈ Σ^n at n ≤ 6 and every x of {a0, a1}^n at 7 ≤ n ≤ 12, each at every position; then
// 20,000 seeded (x, p) at n = 64, 2,000 at 256, 200 at 1024 (each x answers every p from one run).
if (runs("transformer-indexlookup")) {
  const sigma = 4;
  const symbols = Array.from({ length: sigma }, (_, a) => a);
  const check = (model, n, x, p, state, t, what) => {
    const out = predict(model.logits(model.step(state, indexLookupPositionToken(sigma, p), t)), symbols);
    if (out !== solveIndexLookup(sigma, n, [...x, indexLookupPositionToken(sigma, p)])) fail(`transformer-indexlookup at n=${n} (${what}), x=${x.join(",")}, p=${p}`);
  };
  let exhaustive = 0;
  for (let n = 1; n <= 12; n++) {
    const model = transformerIndexLookup({ n, sigma });
    const base = n <= 6 ? sigma : 2;
    for (let v = 0; v < base ** n; v++) {
      const x = Array.from({ length: n }, (_, j) => Math.floor(v / base ** j) % base);
      const { state, t } = runModel(model, x, { checkBudget: false });
      for (let p = 0; p < n; p++, exhaustive++) check(model, n, x, p, state, t, "exhaustive");
    }
  }
  say(`transformer-indexlookup: right on all ${exhaustive} (x, p) with x ∈ Σ^n (n ≤ 6) or {a0, a1}^n (7 ≤ n ≤ 12)`);
  for (const [n, instances] of [[64, 20_000], [256, 2_000], [1024, 200]]) {
    const model = transformerIndexLookup({ n, sigma });
    let done = 0;
    for (let k = 0; done < instances; k++) {
      const x = indexLookupTask(sigma).generate(n, new Rng(deriveSeed(9, `check/transformer-indexlookup/${n}/${k}`)), "direct").tokens.slice(0, n);
      const { state, t } = runModel(model, x, { checkBudget: false });
      for (let p = 0; p < n && done < instances; p++, done++) check(model, n, x, p, state, t, "seeded");
    }
    say(`transformer-indexlookup: right on ${instances} seeded (x, p) over |Σ| = 4 at n = ${n}`);
  }
}
// transformer-count (2 layers) at fp32: every x of the INDEX→Counting reduction with every query
// and every threshold t = 0 … n for n ≤ 12; seeded task instances (counts over the whole range),
// each at t = c − 1 and c around q's count c (where the answer flips) and at 0 and n: 2,000 at
// n = 64, 200 at 256, 20 at 1024.
if (runs("transformer-count")) {
  const t1 = Date.now();
  for (let n = 1; n <= 12; n++) {
    const model = transformerCount({ n });
    const queries = Array.from({ length: n }, (_, q) => q);
    for (let v = 0; v < 2 ** n; v++) {
      const prefix = countingReductionPrefix(n, Array.from({ length: n }, (_, j) => (v >>> j) & 1));
      const wrong = countingWrong(model, n, prefix, queries);
      if (wrong !== null) fail(`transformer-count at n=${n}: ${wrong}`);
    }
  }
  say("transformer-count: right on every x, query and threshold for n = 1..12");
  for (const [n, count] of [[64, 2_000], [256, 200], [1024, 20]]) {
    const model = transformerCount({ n });
    for (let k = 0; k < count; k++) {
      const { prefix, q } = countingInstance(n, 9, k, "check/transformer-count");
      const wrong = countingWrong(model, n, prefix, [q], "boundary");
      if (wrong !== null) fail(`transformer-count at n=${n}, instance ${k}: ${wrong.slice(0, 200)}`);
    }
    say(`transformer-count: right on ${count} seeded Counting instances at n = ${n}, each at t = c − 1, c, 0 and n`);
  }
  say(`transformer-count block: ${((Date.now() - t1) / 1000).toFixed(1)} s`);
}
// transformer-nn (2 layers) at fp32 on the INDEX→NN reduction: every x with every query for
// n = 7, 8 (the suite does 1..6); seeded x at the task's default dimension d(n), each x answering
// several queries from one prefix run: 2,000 at n = 64 (d = 24), 200 at 256 (d = 32) and 20 at
// 1024 (d = 40, T = 42,024 tokens a prefix).
if (runs("transformer-nn")) for (const n of [7, 8]) {
  const model = transformerNn({ n });
  for (const c of nnReductionCases(n, 1, 0).cases) {
    const wrong = c(model);
    if (wrong !== null) fail(`transformer-nn at n=${n}: ${wrong}`);
  }
  say(`transformer-nn: right on every x with every query at n = ${n} (${2 ** n * n})`);
}
if (runs("transformer-nn")) for (const [n, dimension, perPrefix, instances] of [[64, undefined, 64, 2_000], [256, undefined, 50, 200], [1024, undefined, 10, 20]]) {
  const reduction = nnReduction({ dimension });
  const model = transformerNn({ n, dimension: reduction.dimension(n) });
  let done = 0;
  for (let k = 0; done < instances; k++) {
    const rng = new Rng(deriveSeed(9, `check/transformer-nn/${n}/${k}`));
    const x = Array.from({ length: n }, () => rng.bit());
    const prefix = [];
    for (let j = 0; j < n; j++) prefix.push(...reduction.block(n, j, x[j]));
    const { state, t } = runModel(model, prefix, { checkBudget: false });
    for (let q = 0; q < perPrefix && done < instances; q++, done++) {
      const i = rng.int(0, n - 1);
      let s = state;
      let time = t;
      for (const token of reduction.suffix(n, i)) s = model.step(s, token, time++);
      if (predict(model.logits(s), [0, 1]) !== x[i]) fail(`transformer-nn at n=${n}, d=${reduction.dimension(n)}, instance ${k}, query v_${i}`);
    }
  }
  say(`transformer-nn: right on ${instances} seeded (x, query) at n = ${n}, d = ${reduction.dimension(n)}`);
}
say(`all construction checks passed${partOf ? ` (part ${partK}/${partOf})` : ""}`);
