/**
 * The constructions the precision search knows, each with its range, its builder at a format
 * and the inputs it is checked on (precision.ts). RAG controllers have no number format and
 * are not here.
 */
import type { Format } from "../../numeric/format.js";
import type { StreamingModel } from "../../stream/model.js";
import { predictAt } from "../../stream/model.js";
import { runModel } from "../../stream/interpreter.js";
import { sameFormat } from "../_internals/roleFormats.js";
import { INDEX_BIT0, INDEX_BIT1, indexQueryToken } from "../../tasks/indexTask.js";
import { Rng, deriveSeed } from "../../util/rng.js";
import { userError } from "../../util/errors.js";
import { LSTM_STORE_GAIN, lstmStore } from "./lstmStore.js";
import { DYCK_RNN_GAIN, dyckRnn } from "./dyckRnn.js";
import { transformerIndex, transformerIndexSizes } from "./transformerIndex.js";
import { hybridIndex, hybridIndexSizes } from "./hybridIndex.js";
import { hybridAr, hybridArSizes } from "./hybridAr.js";
import { memoRunner } from "./_internals/memoRun.js";
import { arReduction } from "../../comm/reductions/ar.js";
import { transformerDisj, transformerEq, transformerStringPairRange } from "./transformerStringPair.js";
import { BIT_PAIR_SEPARATOR } from "../../tasks/bitPair.js";
import { equalityTask, solveEquality } from "../../tasks/equality.js";
import { disjointnessTask, solveDisjointness } from "../../tasks/disjointness.js";
import { DYCK_NO, DYCK_YES, dyckTask, solveDyck, dyckVocabulary } from "../../tasks/dyck.js";
import type { PrecisionCase, PrecisionCases, PrecisionSubject } from "./precision.js";
import { transformerIndexLookup, transformerIndexLookupSizes } from "./transformerIndexLookup.js";
import { INDEXLOOKUP_DEFAULT_SIGMA, indexLookupPositionToken } from "../../tasks/indexlookup.js";
import { transformerCount, transformerCountRange } from "./transformerCount.js";
import { countingCases } from "./_internals/countingCases.js";
import { transformerNn, transformerNnRange } from "./transformerNn.js";
import { nnDefaultReduction } from "../../comm/reductions/nn.js";
import { transformerAr, transformerArSizes } from "./transformerAr.js";
import { mambaStore, MAMBA_STORE_DEFAULT_FORMAT } from "./mambaStore.js";
import { parseRoleFormats } from "../_internals/roleFormats.js";

/**
 * Bit inputs x of a one-input reduction, one case per x (each checks every query): every x for
 * n ≤ limit, else `samples` seeded x, drawn from the stream `precision/<label>/<n>/<k>`.
 */
function bitInputCases(n: number, seed: number, samples: number, limit: number, label: string, caseOf: (n: number, x: Uint8Array) => PrecisionCase): PrecisionCases {
  if (n <= limit) {
    const cases = function* () {
      for (let v = 0; v < 2 ** n; v++) yield caseOf(n, Uint8Array.from({ length: n }, (_, j) => (v >>> j) & 1));
    };
    return { checked: "exhaustive", count: 2 ** n * n, cases: { [Symbol.iterator]: cases } };
  }
  const cases = function* () {
    for (let k = 0; k < samples; k++) {
      const rng = new Rng(deriveSeed(seed, `precision/${label}/${n}/${k}`));
      yield caseOf(n, Uint8Array.from({ length: n }, () => rng.bit()));
    }
  };
  return { checked: "sampled", count: samples * n, cases: { [Symbol.iterator]: cases } };
}

/** Inputs of Index at size n: x as a bit array. One case checks every query i for that x. */
function indexCase(n: number, x: Uint8Array): PrecisionCase {
  return (model: StreamingModel<unknown>) => {
    const { state, t } = runModel(model, Array.from(x), { checkBudget: false });
    for (let i = 0; i < n; i++) {
      const after = model.step(state, indexQueryToken(i), t);
      const out = predictAt(model, after, [INDEX_BIT0, INDEX_BIT1]);
      if (out !== x[i]) return `x = ${Array.from(x).join("")}, i = ${i}: answered ${out}, x_i = ${x[i]}`;
    }
    return null;
  };
}

/** Every x for n ≤ 12; else `samples` seeded x (each checked on all n queries). */
export function indexCases(n: number, seed: number, samples: number): PrecisionCases {
  return bitInputCases(n, seed, samples, 12, "index", indexCase);
}

/** AR-reduction inputs at size n (keys are positions, values the bits): one case checks every query for that x. */
function arReductionCase(n: number, x: Uint8Array): PrecisionCase {
  return (model: StreamingModel<unknown>) => {
    const prefix: number[] = [];
    for (let j = 0; j < n; j++) prefix.push(...arReduction.block(n, j, x[j] ? 1 : 0));
    const { state, t } = runModel(model, prefix, { checkBudget: false });
    const answers = arReduction.answerTokens(n);
    for (let i = 0; i < n; i++) {
      const after = model.step(state, arReduction.suffix(n, i)[0], t);
      const out = answers.indexOf(predictAt(model, after, answers));
      if (out !== x[i]) return `x = ${Array.from(x).join("")}, query k${i}: answered v${out}, x_i = ${x[i]}`;
    }
    return null;
  };
}

/** Every x for n ≤ 12; else `samples` seeded x (each checked on all n queries). */
export function arReductionCases(n: number, seed: number, samples: number): PrecisionCases {
  return bitInputCases(n, seed, samples, 12, "ar", arReductionCase);
}

/** Dyck strings of length n: every one for n ≤ 8, else `samples` from the task's generator. */
export function dyckCases(n: number, seed: number, samples: number): PrecisionCases {
  const text = (w: readonly number[]) => w.map((t) => dyckVocabulary(1)[t]).join("");
  const check = (w: number[], want: number): PrecisionCase => (model) => {
    const out = predictAt(model, runnerFor(model)(w), [DYCK_NO, DYCK_YES]);
    return out === want ? null : `${text(w)}: answered ${out === DYCK_YES ? 1 : 0}, in the language: ${want === DYCK_YES ? 1 : 0}`;
  };
  if (n <= 8) {
    const cases = function* () {
      for (let v = 0; v < 4 ** n; v++) {
        const w = Array.from({ length: n }, (_, j) => Math.floor(v / 4 ** j) % 4);
        yield check(w, solveDyck(n, w));
      }
    };
    return { checked: "exhaustive", count: 4 ** n, cases: { [Symbol.iterator]: cases } };
  }
  if (n % 2 !== 0) userError(`dyck samples need an even length n, got ${n}`);
  const cases = function* () {
    for (let k = 0; k < samples; k++) {
      const inst = dyckTask.generate(n, new Rng(deriveSeed(seed, `data/dyck/${n}/${k}`)), "direct");
      yield check(inst.tokens.slice(0, n), inst.answer);
    }
  };
  return { checked: "sampled", count: samples, cases: { [Symbol.iterator]: cases } };
}

/**
 * One x of EQ/DISJ at size n checked against every y: the states after `x |` and after each
 * prefix of y are shared (a depth-first walk over y), so all 2^n strings cost 2^(n+1) steps.
 */
function stringPairEveryY(n: number, x: readonly number[], solve: (n: number, input: readonly number[]) => number): PrecisionCase {
  return (model) => {
    const { state, t } = runModel(model, [...x, BIT_PAIR_SEPARATOR], { checkBudget: false });
    const y: number[] = [];
    const walk = (s: unknown, time: number): string | null => {
      if (y.length === n) {
        const input = [...x, BIT_PAIR_SEPARATOR, ...y];
        const out = predictAt(model, s, [0, 1]);
        const want = solve(n, input);
        return out === want ? null : `x = ${x.join("")}, y = ${y.join("")}: answered ${out}, expected ${want}`;
      }
      for (const bit of [0, 1]) {
        y.push(bit);
        const wrong = walk(model.step(s, bit, time), time + 1);
        y.pop();
        if (wrong !== null) return wrong;
      }
      return null;
    };
    return walk(state, t);
  };
}

/** EQ or DISJ at size n: every (x, y) for n ≤ 8 (one case per x), else `samples` from the task's generator. */
export function stringPairCases(task: "equality" | "disjointness"): (n: number, seed: number, samples: number) => PrecisionCases {
  const solve = task === "equality" ? solveEquality : solveDisjointness;
  const generator = task === "equality" ? equalityTask : disjointnessTask;
  return (n, seed, samples) => {
    if (n <= 8) {
      const cases = function* () {
        for (let v = 0; v < 2 ** n; v++) yield stringPairEveryY(n, Array.from({ length: n }, (_, j) => (v >>> j) & 1), solve);
      };
      return { checked: "exhaustive", count: 4 ** n, cases: { [Symbol.iterator]: cases } };
    }
    const cases = function* () {
      for (let k = 0; k < samples; k++) {
        const input = generator.generate(n, new Rng(deriveSeed(seed, `precision/${task}/${n}/${k}`)), "direct").tokens.slice(0, 2 * n + 1);
        yield ((model: StreamingModel<unknown>) => {
          const out = predictAt(model, runModel(model, input, { checkBudget: false }).state, [0, 1]);
          const want = solve(n, input);
          return out === want ? null : `x = ${input.slice(0, n).join("")}, y = ${input.slice(n + 1).join("")}: answered ${out}, expected ${want}`;
        }) as PrecisionCase;
      }
    };
    return { checked: "sampled", count: samples, cases: { [Symbol.iterator]: cases } };
  };
}

/** Index Lookup over the default Σ: one case checks every position p of one x ∈ Σ^n (argmax over all of Σ). */
function indexLookupCase(x: readonly number[]): PrecisionCase {
  const sigma = INDEXLOOKUP_DEFAULT_SIGMA;
  const symbols = Array.from({ length: sigma }, (_, a) => a);
  return (model: StreamingModel<unknown>) => {
    const { state, t } = runModel(model, x, { checkBudget: false });
    for (let p = 0; p < x.length; p++) {
      const out = predictAt(model, model.step(state, indexLookupPositionToken(sigma, p), t), symbols);
      if (out !== x[p]) return `x = ${x.map((a) => `a${a}`).join(" ")}, p = ${p}: answered a${out}, x_p = a${x[p]}`;
    }
    return null;
  };
}

/** One x of the INDEX→NN reduction at size n, checked on every query (the key v_i's d signs). */
function nnReductionCase(n: number, x: Uint8Array): PrecisionCase {
  return (model: StreamingModel<unknown>) => {
    const r = nnDefaultReduction;
    const prefix: number[] = [];
    for (let j = 0; j < n; j++) prefix.push(...r.block(n, j, x[j] ? 1 : 0));
    const { state, t } = runModel(model, prefix, { checkBudget: false });
    for (let i = 0; i < n; i++) {
      let s = state;
      let time = t;
      for (const token of r.suffix(n, i)) s = model.step(s, token, time++);
      const out = predictAt(model, s, r.answerTokens(n));
      if (out !== x[i]) return `x = ${Array.from(x).join("")}, query v_${i}: answered ${out}, x_i = ${x[i]}`;
    }
    return null;
  };
}

/**
 * Every x ∈ Σ^n while |Σ|^n ≤ 4096 (n ≤ 6 at |Σ| = 4); else `samples` seeded x, and up to n = 12
 * every x of the binary sub-alphabet {a0, a1}^n before them (each checked at all n positions).
 */
export function indexLookupCases(n: number, seed: number, samples: number): PrecisionCases {
  const sigma = INDEXLOOKUP_DEFAULT_SIGMA;
  if (sigma ** n <= 4096) {
    const cases = function* () {
      for (let v = 0; v < sigma ** n; v++) yield indexLookupCase(Array.from({ length: n }, (_, j) => Math.floor(v / sigma ** j) % sigma));
    };
    return { checked: "exhaustive", count: sigma ** n * n, cases: { [Symbol.iterator]: cases } };
  }
  const binary = n <= 12 ? 2 ** n : 0;
  const cases = function* () {
    for (let v = 0; v < binary; v++) yield indexLookupCase(Array.from({ length: n }, (_, j) => (v >>> j) & 1));
    for (let k = 0; k < samples; k++) {
      const rng = new Rng(deriveSeed(seed, `precision/indexlookup/${n}/${k}`));
      yield indexLookupCase(Array.from({ length: n }, () => rng.int(0, sigma - 1)));
    }
  };
  return { checked: "sampled", count: (binary + samples) * n, cases: { [Symbol.iterator]: cases } };
}

/** Every x with every query for n ≤ 8; else `samples` seeded x (each checked on all n queries). */
export function nnReductionCases(n: number, seed: number, samples: number): PrecisionCases {
  return bitInputCases(n, seed, samples, 8, "nn", nnReductionCase);
}

const runners = new WeakMap<object, (w: readonly number[]) => unknown>();
function runnerFor(model: StreamingModel<unknown>): (w: readonly number[]) => unknown {
  let r = runners.get(model);
  if (!r) runners.set(model, (r = memoRunner(model)));
  return r;
}

const SUBJECTS: Record<string, PrecisionSubject> = {
  "dyck-rnn": {
    name: "dyck-rnn",
    task: "dyck",
    maxN: 1 << 20,
    // Its largest weight is Γ·4 (a gate forced shut); every sum stays below Γ·5.
    range: () => 5 * DYCK_RNN_GAIN,
    build: (_n: number, format: Format) => dyckRnn({ format: sameFormat(format), roundWeights: true }),
    cases: dyckCases,
  },
  "transformer-index": {
    name: "transformer-index",
    task: "index",
    maxN: 4096,
    // The largest value is the query–key dot product before the 1/√d scale, λL/ρ
    // (ρ: the two RMSNorm scales); the weights are 0, ±1 and λ.
    range: (n: number) => {
      const { L, d, lambda } = transformerIndexSizes(n);
      return (lambda * L) / (Math.sqrt((1 + L) / d) * Math.sqrt((2 * L + 1) / d));
    },
    build: (n: number, format: Format) => transformerIndex({ n, format: sameFormat(format), roundWeights: true }),
    cases: indexCases,
  },
  "hybrid-index": {
    name: "hybrid-index",
    task: "index",
    maxN: 1024,
    // The raw query-key dot product, at most λK/ρ (ρ: the two RMSNorm scales).
    range: (n: number) => {
      const { K, d, lambda } = hybridIndexSizes(n);
      return (lambda * K) / (Math.sqrt(2 / d) * Math.sqrt(K / d));
    },
    build: (n: number, format: Format) => hybridIndex({ n, format: sameFormat(format), roundWeights: true }),
    cases: indexCases,
  },
  "hybrid-ar": {
    name: "hybrid-ar",
    task: "ar",
    maxN: 1024,
    // The raw query-key dot product, at most λL/(ρ_k ρ_v) (the two RMSNorm scales).
    range: (n: number) => {
      const { L, lambda, rhoKey, rhoValue } = hybridArSizes(n);
      return (lambda * L) / (rhoKey * rhoValue);
    },
    build: (n: number, format: Format) => hybridAr({ n, format: sameFormat(format), roundWeights: true }),
    cases: arReductionCases,
  },
  "transformer-eq": {
    name: "transformer-eq",
    task: "equality",
    maxN: 1024,
    // The raw layer-1 dot product λ₁P/ρ₀², or layer 2's output scale (2N + 1)·ρ₂, or the MLP's gate sums.
    range: transformerStringPairRange,
    build: (n: number, format: Format) => transformerEq({ n, format: sameFormat(format), roundWeights: true }),
    cases: stringPairCases("equality"),
  },
  "transformer-disj": {
    name: "transformer-disj",
    task: "disjointness",
    maxN: 1024,
    range: transformerStringPairRange,
    build: (n: number, format: Format) => transformerDisj({ n, format: sameFormat(format), roundWeights: true }),
    cases: stringPairCases("disjointness"),
  },
  "transformer-indexlookup": {
    name: "transformer-indexlookup",
    task: "indexlookup",
    maxN: 4096,
    // The raw query–key dot product: λL/(ρ_s ρ_q) against a symbol's key, λ(L + 1)/ρ_q² against
    // the query's own (ρ: the RMSNorm scales); the weights are 0, ±1 and λ.
    range: (n: number) => {
      const { L, lambda, rhoSymbol, rhoQuery } = transformerIndexLookupSizes(n, INDEXLOOKUP_DEFAULT_SIGMA);
      return Math.max((lambda * L) / (rhoSymbol * rhoQuery), (lambda * (L + 1)) / (rhoQuery * rhoQuery));
    },
    build: (n: number, format: Format) => transformerIndexLookup({ n, format: sameFormat(format), roundWeights: true }),
    cases: indexLookupCases,
  },
  "transformer-nn": {
    name: "transformer-nn",
    task: "nn",
    maxN: 1024,
    // The push-down score on sign positions, or layer 1's raw block-code dot product.
    range: (n: number) => transformerNnRange(n),
    build: (n: number, format: Format) => transformerNn({ n, format: sameFormat(format), roundWeights: true }),
    cases: nnReductionCases,
  },
  "lstm-store": {
    name: "lstm-store",
    task: "index",
    maxN: 64,
    // Its largest weight is the query's write veto 4Γ; sums stay below it.
    range: () => 4 * LSTM_STORE_GAIN,
    build: (n: number, format: Format) => lstmStore({ width: n, vocabSize: n + 2, format: sameFormat(format), roundWeights: true }),
    cases: indexCases,
  },
  "transformer-ar": {
    name: "transformer-ar",
    task: "ar",
    maxN: 1024,
    // The raw dot products: layer 1 λ₁P/ρ₀² (position codes), layer 2 at most λ₂L(1 + 1/ρ₀)/ρ₂²
    // (prev code minus own key code/ρ₀, both normed by ρ₂).
    range: (n: number) => {
      const { L, P, rho0, lambda1, lambda2 } = transformerArSizes(n);
      const rho2 = Math.sqrt((L + 2 * P + L / (rho0 * rho0)) / transformerArSizes(n).d);
      return Math.max((lambda1 * P) / (rho0 * rho0), (lambda2 * L * (1 + 1 / rho0)) / (rho2 * rho2));
    },
    build: (n: number, format: Format) => transformerAr({ n, format: sameFormat(format), roundWeights: true }),
    cases: arReductionCases,
  },
  "mamba-store": {
    name: "mamba-store",
    task: "index",
    maxN: 64,
    // p is the weights and compute format; the state keeps its 3-bit storage format (fixed:1.2
    // saturates a written bit at −1, which a wider state format would not). The range is twice
    // the largest |weight| (A_log's −100 and the Δ thresholds' biases dominate).
    range: (n: number) => {
      let max = 0;
      for (const t of Object.values(mambaStore({ width: n, vocabSize: n + 2 }).tensors())) for (const v of t.data) max = Math.max(max, Math.abs(v));
      return 2 * max;
    },
    build: (n: number, format: Format) =>
      mambaStore({ width: n, vocabSize: n + 2, format: { weights: format, compute: format, state: parseRoleFormats(MAMBA_STORE_DEFAULT_FORMAT).state }, roundWeights: true }),
    cases: indexCases,
  },
  "transformer-count": {
    name: "transformer-count",
    task: "counting",
    maxN: 1024,
    // The raw layer-1 dot product λ₁P/ρ₀² or the sink's μ/ρ₂² (layer 2).
    range: transformerCountRange,
    build: (n: number, format: Format) => transformerCount({ n, format: sameFormat(format), roundWeights: true }),
    cases: countingCases,
  },
};

export function registerPrecisionSubject(s: PrecisionSubject): void {
  SUBJECTS[s.name] = s;
}

export function precisionSubject(name: string, task: string): PrecisionSubject {
  const s = Object.hasOwn(SUBJECTS, name) ? SUBJECTS[name] : undefined;
  if (!s) userError(`precision knows the constructions ${Object.keys(SUBJECTS).join(", ")}; '${name}' is not one (RAG controllers have no number format)`);
  if (s.task !== task) userError(`${name} is a construction for ${s.task}, not ${task}`);
  return s;
}
