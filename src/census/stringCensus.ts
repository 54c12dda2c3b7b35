/**
 * The census over every string of length n over an alphabet (issue 8 item 3): where a task
 * has no bit-block reduction (Dyck-(2,2): the model reads a whole string and answers), the
 * census enumerates all |Σ|^n strings breadth-first, one symbol per layer, deduplicating
 * encoded states after each layer as the block census does. It gives D(n) (the distinct states
 * after n symbols), the model's exact accuracy against the task's solver over every string,
 * the per-state Bayes ceiling (each class answers its majority) and a replayed fooling pair:
 * two strings that end in one state but have different answers.
 */
import type { StreamingModel } from "../stream/model.js";
import { predictAt } from "../stream/model.js";
import { encodeChecked, runModel } from "../stream/interpreter.js";
import { userError } from "../util/errors.js";
import { fractionText } from "./fraction.js";
import { stateHash } from "./foolingPair.js";
import type { CensusProgress } from "./types.js";

export interface StringCensusOptions<S> {
  model: StreamingModel<S>;
  /** Token ids of the symbols, in the order strings are numbered (symbol k is digit k). */
  alphabet: readonly number[];
  /** The task's exact answer token for a string of length n. */
  solve: (n: number, input: readonly number[]) => number;
  /** Tokens that count as answers; the model's prediction is the argmax among them. */
  answerTokens: readonly number[];
  /** Text of a token, for printing strings. */
  tokenText?: (token: number) => string;
  onProgress?: (p: CensusProgress) => void;
}

export interface StringFoolingPair {
  s: string;
  sPrime: string;
  /** First 16 hex digits of sha256 of the shared state. */
  stateHash: string;
  output: number;
  expected: number;
  expectedPrime: number;
  replayed: boolean;
}

export interface StringCensusRow {
  n: number;
  exhaustive: true;
  distinctStates: string;
  distinctStatesIsLowerEstimate: false;
  inputs: string;
  accuracy: number;
  accuracyExact: string;
  accuracyIsEstimate: false;
  bayesOptimalAccuracy: number;
  bayesOptimalAccuracyExact: string;
  /** Strings in the language (answer = the last answer token). */
  positives: string;
  foolingPair: StringFoolingPair | null;
  distinctStatesPerBlock: string[];
}

/** Strings an exhaustive string census may enumerate (|Σ|^n). */
export const STRING_CENSUS_MAX_STRINGS = 2 ** 24;

interface StringClass<S> {
  state: S;
  /** Strings in this class, each as its base-|Σ| number (symbol j is digit j). */
  members: number[];
}

function digits(code: number, n: number, base: number, alphabet: readonly number[]): number[] {
  const out: number[] = [];
  for (let j = 0; j < n; j++) {
    out.push(alphabet[code % base]);
    code = Math.floor(code / base);
  }
  return out;
}

export function stringCensus<S>(opts: StringCensusOptions<S>, n: number): StringCensusRow {
  const { model, alphabet } = opts;
  const base = alphabet.length;
  if (base < 1) userError("a string census needs at least one symbol");
  if (!Number.isInteger(n) || n < 0) userError(`a string length must be a whole number ≥ 0, got ${n}`);
  if (base ** n > STRING_CENSUS_MAX_STRINGS) userError(`an exhaustive string census handles at most ${STRING_CENSUS_MAX_STRINGS} strings; ${base}^${n} is more`);
  let layer: StringClass<S>[] = [{ state: model.init(), members: [0] }];
  const perBlock: string[] = [];
  let weight = 1;
  for (let j = 0; j < n; j++) {
    const next = new Map<string, StringClass<S>>();
    for (const cls of layer) {
      for (let k = 0; k < base; k++) {
        const { state, t } = runModel(model, [alphabet[k]], { state: cls.state, t0: j, checkBudget: false });
        const message = encodeChecked(model, state, t);
        let target = next.get(message);
        if (!target) next.set(message, (target = { state, members: [] }));
        for (const m of cls.members) target.members.push(m + k * weight);
      }
    }
    weight *= base;
    layer = [...next.values()];
    perBlock.push(String(layer.length));
    opts.onProgress?.({ n, done: j + 1, total: n + 1 });
  }
  const answers = opts.answerTokens;
  const accept = answers[answers.length - 1];
  let correct = 0;
  let bayes = 0;
  let positives = 0;
  let fooling: StringFoolingPair | null = null;
  for (const cls of layer) {
    const output = predictAt(model, cls.state, answers);
    const tally = new Map<number, number[]>();
    for (const m of cls.members) {
      const want = opts.solve(n, digits(m, n, base, alphabet));
      if (want === output) correct++;
      if (want === accept) positives++;
      const list = tally.get(want);
      if (list) list.push(m);
      else tally.set(want, [m]);
    }
    bayes += Math.max(...[...tally.values()].map((l) => l.length));
    if (!fooling && tally.size > 1) {
      const [[a, la], [b, lb]] = [...tally.entries()];
      fooling = replayStringPair(opts, n, digits(la[0], n, base, alphabet), digits(lb[0], n, base, alphabet), a, b);
    }
  }
  opts.onProgress?.({ n, done: n + 1, total: n + 1 });
  const total = base ** n;
  return {
    n,
    exhaustive: true,
    distinctStates: String(layer.length),
    distinctStatesIsLowerEstimate: false,
    inputs: String(total),
    accuracy: correct / total,
    accuracyExact: fractionText(BigInt(correct), BigInt(total)),
    accuracyIsEstimate: false,
    bayesOptimalAccuracy: bayes / total,
    bayesOptimalAccuracyExact: fractionText(BigInt(bayes), BigInt(total)),
    positives: String(positives),
    foolingPair: fooling,
    distinctStatesPerBlock: perBlock,
  };
}

/** Runs both strings afresh; they must end in one state and get one answer (else: a bug). */
function replayStringPair<S>(opts: StringCensusOptions<S>, n: number, s: number[], sPrime: number[], expected: number, expectedPrime: number): StringFoolingPair {
  const { model } = opts;
  const a = runModel(model, s);
  const b = runModel(model, sPrime);
  const ma = model.encode(a.state);
  if (ma !== model.encode(b.state)) throw new Error("string census: a fooling pair's strings end in different states on replay");
  const output = predictAt(model, a.state, opts.answerTokens);
  if (output !== predictAt(model, b.state, opts.answerTokens)) throw new Error("string census: a fooling pair's answers differ on replay");
  const text = (w: number[]) => w.map((t) => opts.tokenText?.(t) ?? String(t)).join("");
  return { s: text(s), sPrime: text(sPrime), stateHash: stateHash(ma), output, expected, expectedPrime, replayed: true };
}
