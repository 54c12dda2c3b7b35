import type { Reduction } from "../comm/reduction.js";
import { KeyTable } from "./_internals/keyTable.js";
import type { ClassParts } from "./shard.js";

/**
 * State classes merged across shards: classes with equal packed messages become one, their
 * tallies and correct counts add up, and the smallest / separated members combine exactly.
 */
export interface MergedClasses {
  distinct: number;
  correct: bigint;
  bayes: bigint;
  /** The canonical fooling pair's inputs (as integers, bit j = x_j), or null. */
  pair: { x: number; xPrime: number } | null;
}

function bitsOf(x: number, n: number, out: Uint8Array): Uint8Array {
  for (let j = 0; j < n; j++) out[j] = (x >>> j) & 1;
  return out;
}

/**
 * Merges the classes of every shard of one census. A class's x is its smallest member; x′ the
 * smallest member with a separating query against x. Merging A and B with min A < min B keeps
 * A's x; members of B separated from it are B's smallest if that one is separated, else exactly
 * those separated from B's smallest (same answers everywhere is an equivalence), so x′ follows.
 * The fooling pair is the one of the class whose x is smallest.
 */
export function mergeClassParts(r: Reduction, all: readonly ClassParts[]): MergedClasses {
  if (all.length === 0) throw new Error("no shards to merge");
  const { n, queries: Q, answers: A, width } = all[0];
  for (const p of all) {
    if (p.n !== n || p.queries !== Q || p.answers !== A || p.width !== width) throw new Error("shards of different censuses");
  }
  const answers = r.answerTokens(n);
  const answerIndex = new Map(answers.map((a, k) => [a, k]));
  const xa = new Uint8Array(n);
  const xb = new Uint8Array(n);
  const separates = (a: number, b: number): boolean => {
    bitsOf(a, n, xa);
    bitsOf(b, n, xb);
    for (let q = 0; q < Q; q++) if (r.expected(n, xa, q) !== r.expected(n, xb, q)) return true;
    return false;
  };
  const addAnswersOf = (x: number, into: Float64Array): void => {
    bitsOf(x, n, xa);
    for (let q = 0; q < Q; q++) into[q * A + answerIndex.get(r.expected(n, xa, q))!]++;
  };

  let total = 0;
  for (const p of all) total += p.count;
  // One shard's classes are already distinct: no table needed (ids = its class numbers).
  const table = all.length > 1 ? new KeyTable(width, total) : null;
  let distinct = 0;
  // Per merged class: the first part (shard, class) it came from, and, once a second part joins, its summed tallies.
  const firstShard = new Int32Array(total);
  const firstClass = new Int32Array(total);
  const smallest = new Int32Array(total);
  const separated = new Int32Array(total);
  const mergedAt = new Int32Array(total).fill(-1);
  let pool = new Float64Array(0);
  let poolUsed = 0;
  const sumsOf = (id: number): Float64Array => pool.subarray(mergedAt[id], mergedAt[id] + Q * A);
  let correct = 0n;
  let chunk = 0;
  const flush = () => {
    correct += BigInt(chunk);
    chunk = 0;
  };
  const talliesOf = (p: ClassParts, c: number, into: Float64Array): void => {
    const at = p.talliesAt[c];
    if (at < 0) addAnswersOf(p.smallest[c], into);
    else for (let k = 0; k < Q * A; k++) into[k] += p.tallies[at + k];
  };
  all.forEach((p, s) => {
    for (let c = 0; c < p.count; c++) {
      chunk += p.correct[c];
      if (chunk > 2 ** 52) flush();
      const before = distinct;
      const id = table ? table.insert(p.keys, c * width) : c;
      if (id === before) distinct++;
      const m = p.smallest[c];
      const sep = p.separated[c];
      if (id === before) {
        firstShard[id] = s;
        firstClass[id] = c;
        smallest[id] = m;
        separated[id] = sep;
        continue;
      }
      if (mergedAt[id] < 0) {
        if (poolUsed + Q * A > pool.length) {
          const grown = new Float64Array(Math.max(2 * pool.length, 64 * Q * A));
          grown.set(pool);
          pool = grown;
        }
        mergedAt[id] = poolUsed;
        poolUsed += Q * A;
        talliesOf(all[firstShard[id]], firstClass[id], sumsOf(id));
      }
      talliesOf(p, c, sumsOf(id));
      // Combine (smallest, separated) of the class so far (X) with this part (Y).
      const [lo, loSep, hi, hiSep] = smallest[id] < m ? [smallest[id], separated[id], m, sep] : [m, sep, smallest[id], separated[id]];
      const fromHi = separates(lo, hi) ? hi : hiSep;
      let best = loSep;
      if (fromHi >= 0 && (best < 0 || fromHi < best)) best = fromHi;
      smallest[id] = lo;
      separated[id] = best;
    }
  });
  flush();

  let bayes = 0n;
  let bayesChunk = 0;
  const scratch = new Float64Array(Q * A);
  let pair: MergedClasses["pair"] = null;
  for (let id = 0; id < distinct; id++) {
    let sums: Float64Array | undefined = mergedAt[id] >= 0 ? sumsOf(id) : undefined;
    if (!sums) {
      const p = all[firstShard[id]];
      const c = firstClass[id];
      if (p.talliesAt[c] < 0) {
        bayesChunk += Q; // one member: the majority answer is its own, on every query
        sums = undefined;
      } else {
        scratch.fill(0);
        talliesOf(p, c, scratch);
        sums = scratch;
      }
    }
    if (sums) {
      for (let q = 0; q < Q; q++) {
        let best = 0;
        for (let a = 0; a < A; a++) best = Math.max(best, sums[q * A + a]);
        bayesChunk += best;
      }
    }
    if (bayesChunk > 2 ** 52) {
      bayes += BigInt(bayesChunk);
      bayesChunk = 0;
    }
    if (separated[id] >= 0 && (pair === null || smallest[id] < pair.x)) pair = { x: smallest[id], xPrime: separated[id] };
  }
  bayes += BigInt(bayesChunk);
  return { distinct, correct, bayes, pair };
}
