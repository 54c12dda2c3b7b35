/**
 * Nearest neighbour (P2): labelled vectors (x_j, y_j), j = 0..n−1, then a query x_q; the answer
 * is the label of the x_j nearest to x_q.
 *
 * Vectors are ±1 of dimension d, one token per coordinate: `0`=0 `1`=1 (labels and answers),
 * `+`=2 `-`=3 (coordinates). Vocabulary size 4 for every n.
 * Layout (direct): n blocks `s_1 … s_d y_j`, then the query `s_1 … s_d`, then ANS
 * (n(d + 1) + d + 1 tokens), only ANS supervised.
 * Nearest = largest inner product ⟨x_j, x_q⟩ (for ±1 vectors: smallest Hamming distance);
 * ties go to the lowest index j.
 * Dimension: d(n) = max(8, 4⌈log₂ n⌉) by default (near-orthogonal keys, O(log n) as in P2's
 * construction); registry name `nn:D` fixes d = D.
 * Generator: keys are seeded random ±1 vectors, pairwise distinct (redrawn on a repeat);
 * labels are fair bits; the query is a uniform key with each coordinate flipped with
 * probability 1/8, so the nearest key is usually, not always, the one it came from.
 */
import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { userError } from "../util/errors.js";
import { directInstance, requireLength, requireMode, requireSize, tokenInRange } from "./_internals/instance.js";

export const NN_LABEL0 = 0;
export const NN_LABEL1 = 1;
export const NN_PLUS = 2;
export const NN_MINUS = 3;

export function defaultNnDimension(n: number): number {
  return Math.max(8, 4 * Math.ceil(Math.log2(Math.max(n, 1))));
}

function checkDimension(d: number): void {
  if (!Number.isInteger(d) || d < 1) userError(`nn needs an integer dimension d ≥ 1, got ${d}`);
}

export function nnVocabulary(n: number): string[] {
  requireSize("nn", n, 1);
  return ["0", "1", "+", "-"];
}

/** n pairwise distinct seeded ±1 vectors of dimension d (entries +1 / −1). */
export function nearOrthogonalKeys(n: number, d: number, rng: Rng): Int8Array[] {
  if (d < 31 && n > 2 ** d) userError(`nn cannot draw ${n} distinct ±1 keys of dimension ${d}`);
  const keys: Int8Array[] = [];
  const seen = new Set<string>();
  while (keys.length < n) {
    const v = Int8Array.from({ length: d }, () => (rng.bit() === 1 ? 1 : -1));
    const id = v.join(",");
    if (seen.has(id)) continue;
    seen.add(id);
    keys.push(v);
  }
  return keys;
}

export const nnVectorTokens = (v: ArrayLike<number>): number[] => Array.from(v, (s) => (s > 0 ? NN_PLUS : NN_MINUS));

/** Label token of the key nearest to the query (largest inner product, lowest index on ties). */
export function solveNn(d: number, n: number, input: readonly number[]): number {
  checkDimension(d);
  requireSize("nn", n, 1);
  requireLength(`nn (d = ${d})`, input, n * (d + 1) + d, `${n} blocks of ${d} signs and a label, then ${d} query signs`);
  const sign = (k: number): number => (tokenInRange("nn", input[k], NN_PLUS, 2, "a sign + or -", k) === 0 ? 1 : -1);
  const q = n * (d + 1);
  let best = -Infinity;
  let label = -1;
  for (let j = 0; j < n; j++) {
    let dot = 0;
    for (let c = 0; c < d; c++) dot += sign(j * (d + 1) + c) * sign(q + c);
    const y = input[j * (d + 1) + d];
    tokenInRange("nn", y, NN_LABEL0, 2, "a label 0 or 1", j * (d + 1) + d);
    if (dot > best) {
      best = dot;
      label = y;
    }
  }
  return label;
}

/** `nn` with d = d(n) by default, or a fixed dimension. */
export function nnTask(dimension?: number): Task {
  if (dimension !== undefined) checkDimension(dimension);
  const name = dimension === undefined ? "nn" : `nn:${dimension}`;
  const dim = (n: number): number => dimension ?? defaultNnDimension(n);
  const solve = (n: number, input: readonly number[]): number => solveNn(dim(n), n, input);
  return {
    name,
    modes: ["direct"],
    vocabulary: nnVocabulary,
    generate(n: number, rng: Rng, mode: string): TaskInstance {
      requireMode(name, ["direct"], mode);
      requireSize(name, n, 1);
      const d = dim(n);
      const keys = nearOrthogonalKeys(n, d, rng);
      const input: number[] = [];
      for (const key of keys) input.push(...nnVectorTokens(key), rng.bit() === 1 ? NN_LABEL1 : NN_LABEL0);
      const query = Array.from(keys[rng.int(0, n - 1)], (s) => (rng.int(0, 7) === 0 ? -s : s));
      input.push(...nnVectorTokens(query));
      return directInstance(input, solve(n, input), nnVocabulary(n));
    },
    solve,
  };
}

export const nnDefaultTask: Task = nnTask();
