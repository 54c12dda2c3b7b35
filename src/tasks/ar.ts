/**
 * Associative recall (AR): key/value pairs k_1 v_1 … k_n v_n, then a query key q; the answer
 * is the value that follows q.
 *
 * Tokens at size n (n pairs): keys `k0`..`k{n−1}` at ids 0..n−1, values `v0`..`v{n−1}` at ids
 * n..2n−1 (disjoint ranges). Vocabulary size 2n. Answer tokens: the value tokens.
 * Layout (direct): k v k v … k v q ANS (2n + 2 tokens), only ANS supervised.
 * Generator: the n keys in a seeded random order (all distinct), values uniform, q uniform
 * among the keys. Solver: the value after the FIRST occurrence of q (keys may repeat in
 * inputs built elsewhere, e.g. by a reduction); q must occur.
 */
import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { userError } from "../util/errors.js";
import { directInstance, requireLength, requireMode, requireSize, tokenInRange } from "./_internals/instance.js";

export const arKeyToken = (_n: number, j: number): number => j;
export const arValueToken = (n: number, j: number): number => n + j;

export function arVocabulary(n: number): string[] {
  requireSize("ar", n, 1);
  const v: string[] = [];
  for (let j = 0; j < n; j++) v.push(`k${j}`);
  for (let j = 0; j < n; j++) v.push(`v${j}`);
  return v;
}

/** The value token after the first occurrence of the query key in k v … k v q. */
export function solveAr(n: number, input: readonly number[]): number {
  requireSize("ar", n, 1);
  requireLength("ar", input, 2 * n + 1, "n key/value pairs, then a query key");
  const q = tokenInRange("ar", input[2 * n], 0, n, "a key", 2 * n);
  for (let p = 0; p < n; p++) {
    const key = tokenInRange("ar", input[2 * p], 0, n, "a key", 2 * p);
    tokenInRange("ar", input[2 * p + 1], n, n, "a value", 2 * p + 1);
    if (key === q) return input[2 * p + 1];
  }
  return userError(`ar query key k${q} does not occur among the keys`);
}

export const arTask: Task = {
  name: "ar",
  modes: ["direct"],
  vocabulary: arVocabulary,
  generate(n: number, rng: Rng, mode: string): TaskInstance {
    requireMode("ar", ["direct"], mode);
    requireSize("ar", n, 1);
    const keys = rng.shuffle(Array.from({ length: n }, (_, j) => j));
    const input: number[] = [];
    for (const k of keys) input.push(arKeyToken(n, k), arValueToken(n, rng.int(0, n - 1)));
    input.push(arKeyToken(n, rng.int(0, n - 1)));
    return directInstance(input, solveAr(n, input), arVocabulary(n));
  },
  solve: solveAr,
};
