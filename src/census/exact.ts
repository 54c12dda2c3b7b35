import type { StreamingModel } from "../stream/model.js";
import { aliceLength } from "../comm/reduction.js";
import type { Reduction } from "../comm/reduction.js";
import { userError } from "../util/errors.js";
import { indexErrorLowerBound } from "./bound.js";
import { fractionText } from "./fraction.js";
import { replayFoolingPair, separatingQuery } from "./foolingPair.js";
import { mergeClassParts, type MergedClasses } from "./merge.js";
import { censusShard, checkExhaustiveSize, WHOLE } from "./shard.js";
import { gib, MemoryBudget } from "./_internals/memoryBudget.js";
import { packedWords } from "./_internals/packedMessage.js";
import type { CensusOptions, CensusRow, FoolingPair } from "./types.js";

export const DEFAULT_MAX_BYTES = 3 * 2 ** 30;

/**
 * Planned memory of an exhaustive census, before it starts: the members of the last two layers
 * and, at worst, min(2^n, 2^M) distinct packed states through Alice's last block, Bob's side
 * and the merge. Tallies of classes with several members are reserved as they are made.
 */
export function exhaustiveBytes(n: number, stateBits: number): number {
  const D = 2 ** Math.min(n, stateBits);
  const key = 4 * packedWords(stateBits);
  return 2 ** n * 12 + D * (3 * (key + 16) + 28) + D * (key + 32) + D * (2 * key + 36);
}

/** Refuses up front, in one line, a census whose planned memory exceeds the limit. */
export function checkPlannedMemory(n: number, stateBits: number, maxBytes: number): void {
  const bytes = exhaustiveBytes(n, stateBits);
  if (bytes > maxBytes) {
    userError(
      `an exhaustive census at n=${n} with ${stateBits}-bit states may need ${gib(bytes)} GiB (--max-memory ${gib(maxBytes)}); ` +
        `use --shard k/K (then merge) or --search sample|flip`,
    );
  }
}

/**
 * The exact census at size n: breadth-first over Alice's blocks, deduplicating packed states
 * after each block, then Bob's side once per (state class, query) from the decoded message.
 */
export function exactCensus<S>(opts: CensusOptions<S>, n: number): CensusRow {
  checkExhaustiveSize(n);
  const model = opts.modelFor(n);
  const M = model.stateBits(aliceLength(opts.reduction, n));
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  checkPlannedMemory(n, M, maxBytes);
  const budget = new MemoryBudget(maxBytes, `the exhaustive census at n=${n}`);
  const shard = censusShard(opts, n, WHOLE, {
    budget,
    onBlock: (done) => opts.onProgress?.({ n, done, total: 2 * n }),
    onBob: (done, total) => opts.onProgress?.({ n, done: n + Math.floor((n * done) / Math.max(1, total)), total: 2 * n }),
  });
  const merged = mergeClassParts(opts.reduction, [shard.parts]);
  return censusRow(opts.reduction, model, n, merged, opts.cot ?? null, shard.layerCounts.map(String));
}

/** A census row from merged classes; the fooling pair is replayed from scratch. */
export function censusRow<S>(
  r: Reduction,
  model: StreamingModel<S>,
  n: number,
  merged: MergedClasses,
  cot: CensusOptions<S>["cot"],
  perBlock: string[] | null,
): CensusRow {
  const Q = r.queryCount(n);
  const M = model.stateBits(aliceLength(r, n));
  const total = 2n ** BigInt(n) * BigInt(Q);
  const infoBits = r.informationBits?.(n);
  let fooling: FoolingPair | null = null;
  if (merged.pair) {
    const x = bitsOf(merged.pair.x, n);
    const xPrime = bitsOf(merged.pair.xPrime, n);
    const q = separatingQuery(r, n, x, xPrime);
    if (q === null) throw new Error("merged fooling pair has no separating query");
    fooling = replayFoolingPair(model, r, n, x, xPrime, q, cot ?? null);
  }
  const row: CensusRow = {
    n,
    exhaustive: true,
    distinctStates: String(merged.distinct),
    distinctStatesIsLowerEstimate: false,
    inputs: String(2 ** n),
    accuracy: Number(merged.correct) / Number(total),
    accuracyExact: fractionText(merged.correct, total),
    accuracyIsEstimate: false,
    bayesOptimalAccuracy: Number(merged.bayes) / Number(total),
    bayesOptimalAccuracyExact: fractionText(merged.bayes, total),
    accuracyUpperBound: infoBits === undefined ? null : 1 - indexErrorLowerBound(infoBits, M),
    foolingPair: fooling,
  };
  if (perBlock) row.distinctStatesPerBlock = perBlock;
  return row;
}

function bitsOf(x: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let j = 0; j < n; j++) out[j] = (x >>> j) & 1;
  return out;
}
