import { modelProtocol } from "../comm/game.js";
import { Rng, deriveSeed } from "../util/rng.js";
import { userError } from "../util/errors.js";
import { indexErrorLowerBound } from "./bound.js";
import { fractionText } from "./fraction.js";
import { replayFoolingPair, separatingQuery } from "./foolingPair.js";
import type { CensusOptions, CensusRow, FoolingPair, SearchOptions } from "./types.js";

/**
 * Past exhaustive sizes: sampled search. `sample` draws random inputs and looks for birthday
 * collisions among their states; `flip` compares each random input with its single-bit flips.
 * Distinct-state counts and accuracies are estimates (labelled so); fooling pairs are exact
 * and replayed from scratch.
 */
export function searchCensus<S>(opts: CensusOptions<S>, n: number, search: SearchOptions): CensusRow {
  const r = opts.reduction;
  const model = opts.modelFor(n);
  if (!(search.samples >= 1)) userError(`--samples must be at least 1 (got ${search.samples})`);
  const rng = new Rng(deriveSeed(search.seed, `census-${search.method}-${n}`));
  const protocol = modelProtocol(model, r, n, opts.cot ?? null);
  const Q = r.queryCount(n);
  const perInput = Math.min(Q, search.queriesPerInput ?? 16);
  const answers = r.answerTokens(n);

  const seen = new Map<string, Uint8Array>();
  let fooling: FoolingPair | null = null;
  let correct = 0n;
  let tried = 0n;
  let inputs = 0;

  const randomBits = (): Uint8Array => {
    const x = new Uint8Array(n);
    for (let j = 0; j < n; j++) x[j] = rng.bit();
    return x;
  };
  const visit = (x: Uint8Array): string => {
    inputs++;
    const message = protocol.send(x);
    const other = seen.get(message);
    if (!other) seen.set(message, x);
    else if (!fooling) {
      const q = separatingQuery(r, n, other, x);
      if (q !== null) fooling = replayFoolingPair(model, r, n, other, x, q, opts.cot ?? null);
    }
    return message;
  };

  for (let s = 0; s < search.samples; s++) {
    const x = randomBits();
    const message = visit(x);
    // Accuracy estimate on random queries of this input.
    for (let k = 0; k < perInput; k++) {
      const q = perInput === Q ? k : rng.int(0, Q - 1);
      const out = protocol.decode(message, q).output;
      if (answers.includes(out) && out === r.expected(n, x, q)) correct++;
      tried++;
    }
    if (search.method === "flip") {
      for (let j = 0; j < n; j++) {
        const y = x.slice();
        y[j] ^= 1;
        visit(y);
      }
    }
    opts.onProgress?.({ n, done: s + 1, total: search.samples });
  }
  const infoBits = r.informationBits?.(n);
  const M = model.stateBits(protocol.aliceLength());
  return {
    n,
    exhaustive: false,
    distinctStates: String(seen.size),
    distinctStatesIsLowerEstimate: true,
    inputs: String(inputs),
    accuracy: Number(correct) / Number(tried),
    accuracyExact: fractionText(correct, tried),
    accuracyIsEstimate: true,
    bayesOptimalAccuracy: null,
    bayesOptimalAccuracyExact: null,
    accuracyUpperBound: infoBits === undefined ? null : 1 - indexErrorLowerBound(infoBits, M),
    foolingPair: fooling,
  };
}
