import { modelProtocol } from "../comm/game.js";
import { Rng, deriveSeed } from "../util/rng.js";
import { userError } from "../util/errors.js";
import { indexErrorLowerBound } from "./bound.js";
import { fractionText } from "./fraction.js";
import { replayFoolingPair, separatingQuery } from "./foolingPair.js";
import type { CensusOptions, CensusRow, FoolingPair, SearchOptions } from "./types.js";

/** x < y as integers whose bit j is x_j (the order of the exhaustive census's members). */
function less(x: Uint8Array, y: Uint8Array): boolean {
  for (let j = x.length - 1; j >= 0; j--) if (x[j] !== y[j]) return x[j] < y[j];
  return false;
}

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

  // Per message: its smallest sampled input and the smallest one separated from it (merge.ts's rule).
  const seen = new Map<string, { min: Uint8Array; sep: Uint8Array | null }>();
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
    const cls = seen.get(message);
    if (!cls) seen.set(message, { min: x, sep: null });
    else if (less(x, cls.min)) {
      cls.sep = separatingQuery(r, n, x, cls.min) !== null ? cls.min : cls.sep;
      cls.min = x;
    } else if (less(cls.min, x) && separatingQuery(r, n, cls.min, x) !== null && (!cls.sep || less(x, cls.sep))) cls.sep = x;
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
  // The canonical pair among the sampled inputs: the class with the smallest input, that input, and the smallest one separated from it.
  let best: { min: Uint8Array; sep: Uint8Array } | null = null;
  for (const cls of seen.values()) if (cls.sep && (!best || less(cls.min, best.min))) best = { min: cls.min, sep: cls.sep };
  let fooling: FoolingPair | null = null;
  if (best) fooling = replayFoolingPair(model, r, n, best.min, best.sep, separatingQuery(r, n, best.min, best.sep)!, opts.cot ?? null);
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
