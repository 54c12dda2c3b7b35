import type { StreamingModel } from "../stream/model.js";
import { predict } from "../stream/model.js";
import { encodeChecked, runModel } from "../stream/interpreter.js";
import { modelProtocol } from "../comm/game.js";
import { userError } from "../util/errors.js";
import { indexErrorLowerBound } from "./bound.js";
import { fractionText } from "./fraction.js";
import { replayFoolingPair, separatingQuery } from "./foolingPair.js";
import type { CensusOptions, CensusRow, FoolingPair } from "./types.js";

const DEFAULT_MAX_BYTES = 3 * 2 ** 30;

interface StateClass<S> {
  state: S;
  message: string;
  /** Alice's inputs in this class; bit j of the integer is x_j. */
  members: number[];
}

/** Planned memory of an exhaustive census: 2^n members plus, at worst, 2^n distinct states. */
export function exhaustiveBytes(n: number, stateBits: number): number {
  return 2 ** n * (16 + 2 * stateBits + 160);
}

function bitsOf(x: number, n: number, out: Uint8Array): Uint8Array {
  for (let j = 0; j < n; j++) out[j] = (x >>> j) & 1;
  return out;
}

/**
 * The exact census at size n: breadth-first over Alice's blocks, deduplicating encoded states
 * after each block, then Bob's side once per (state class, query) from the decoded message.
 */
export function exactCensus<S>(opts: CensusOptions<S>, n: number): CensusRow {
  const { reduction: r } = opts;
  const model: StreamingModel<S> = opts.modelFor(n);
  const header = r.header(n);
  const blockLength = r.block(n, 0, 0).length;
  const aliceLength = header.length + n * blockLength;
  const M = model.stateBits(aliceLength);
  if (n > 30) userError(`an exhaustive census handles n ≤ 30 (got n=${n}); use --search sample|flip`);
  const bytes = exhaustiveBytes(n, M);
  if (bytes > (opts.maxBytes ?? DEFAULT_MAX_BYTES)) {
    userError(
      `an exhaustive census at n=${n} with ${M}-bit states may need ${(bytes / 2 ** 30).toFixed(1)} GiB; use --search sample|flip`,
    );
  }

  // Alice: one layer per block.
  const start = runModel(model, header);
  let layer: StateClass<S>[] = [{ state: start.state, message: encodeChecked(model, start.state, start.t), members: [0] }];
  const perBlock: string[] = [];
  for (let j = 0; j < n; j++) {
    const blocks = [r.block(n, j, 0), r.block(n, j, 1)];
    if (blocks[0].length !== blockLength || blocks[1].length !== blockLength) {
      throw new Error(`reduction ${r.name}: block ${j} is not ${blockLength} tokens long`);
    }
    const t0 = header.length + j * blockLength;
    const next = new Map<string, StateClass<S>>();
    for (const cls of layer) {
      for (let bit = 0; bit < 2; bit++) {
        const { state, t } = runModel(model, blocks[bit], { state: cls.state, t0, checkBudget: false });
        const message = encodeChecked(model, state, t);
        let target = next.get(message);
        if (!target) {
          target = { state, message, members: [] };
          next.set(message, target);
        }
        const add = bit << j;
        for (const x of cls.members) target.members.push(x | add);
      }
    }
    layer = [...next.values()];
    perBlock.push(String(layer.length));
    opts.onProgress?.({ n, done: j + 1, total: n + 1 });
  }

  // Bob: every query from every decoded message; tallies of the expected answers per class.
  const answers = r.answerTokens(n);
  const answerIndex = new Map(answers.map((a, k) => [a, k]));
  const Q = r.queryCount(n);
  const protocol = opts.cot ? modelProtocol(model, r, n, opts.cot) : null;
  const bits = new Uint8Array(n);
  const counts = new Float64Array(Q * answers.length);
  let correct = 0n;
  let bayes = 0n;
  let fooling: FoolingPair | null = null;
  for (const cls of layer) {
    counts.fill(0);
    for (const x of cls.members) {
      bitsOf(x, n, bits);
      for (let q = 0; q < Q; q++) {
        const k = answerIndex.get(r.expected(n, bits, q));
        if (k === undefined) throw new Error(`reduction ${r.name}: expected answer is not an answer token`);
        counts[q * answers.length + k]++;
      }
    }
    const bobStart = model.decode(cls.message);
    let classCorrect = 0;
    let classBayes = 0;
    for (let q = 0; q < Q; q++) {
      let output: number;
      if (protocol) output = protocol.decode(cls.message, q).output;
      else {
        const { state } = runModel(model, r.suffix(n, q), { state: bobStart, t0: aliceLength, checkBudget: false });
        output = predict(model.logits(state), answers);
      }
      const k = answerIndex.get(output);
      if (k !== undefined) classCorrect += counts[q * answers.length + k];
      let best = 0;
      for (let a = 0; a < answers.length; a++) best = Math.max(best, counts[q * answers.length + a]);
      classBayes += best;
    }
    correct += BigInt(classCorrect);
    bayes += BigInt(classBayes);
    if (!fooling && cls.members.length > 1) fooling = findFoolingPair(model, opts, n, cls.members);
  }

  const total = 2n ** BigInt(n) * BigInt(Q);
  const infoBits = r.informationBits?.(n);
  opts.onProgress?.({ n, done: n + 1, total: n + 1 });
  return {
    n,
    exhaustive: true,
    distinctStates: String(layer.length),
    distinctStatesIsLowerEstimate: false,
    inputs: String(2 ** n),
    accuracy: Number(correct) / Number(total),
    accuracyExact: fractionText(correct, total),
    accuracyIsEstimate: false,
    bayesOptimalAccuracy: Number(bayes) / Number(total),
    bayesOptimalAccuracyExact: fractionText(bayes, total),
    accuracyUpperBound: infoBits === undefined ? null : 1 - indexErrorLowerBound(infoBits, M),
    foolingPair: fooling,
    distinctStatesPerBlock: perBlock,
  };
}

/** A pair of members of one class with a separating query, replayed from scratch. */
function findFoolingPair<S>(model: StreamingModel<S>, opts: CensusOptions<S>, n: number, members: number[]): FoolingPair | null {
  const r = opts.reduction;
  const x = bitsOf(members[0], n, new Uint8Array(n));
  for (let k = 1; k < members.length && k < 64; k++) {
    const xPrime = bitsOf(members[k], n, new Uint8Array(n));
    const q = separatingQuery(r, n, x, xPrime);
    if (q !== null) return replayFoolingPair(model, r, n, x, xPrime, q, opts.cot ?? null);
  }
  return null;
}
