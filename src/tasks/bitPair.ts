/**
 * The shared token format of the two-string tasks (equality, disjointness): two n-bit strings
 * x and y, one after the other, separated by `|`.
 *
 * Tokens: `0`=0 `1`=1 `|`=2. Vocabulary size 3 for every n. Answer tokens: `0`, `1`.
 * Layout (direct): x_0 … x_{n−1} | y_0 … y_{n−1} ANS (2n + 2 tokens), only ANS supervised.
 */
import { requireLength, requireSize, tokenInRange } from "./_internals/instance.js";

export const BIT0 = 0;
export const BIT1 = 1;
export const BIT_PAIR_SEPARATOR = 2;

export function bitPairVocabulary(task: string, n: number): string[] {
  requireSize(task, n, 1);
  return ["0", "1", "|"];
}

export function bitPairInput(x: readonly number[], y: readonly number[]): number[] {
  return [...x, BIT_PAIR_SEPARATOR, ...y];
}

/** Reads x and y from `x | y`, checking every token. */
export function parseBitPair(task: string, n: number, input: readonly number[]): { x: number[]; y: number[] } {
  requireSize(task, n, 1);
  requireLength(task, input, 2 * n + 1, `${n} bits, '|', ${n} bits`);
  tokenInRange(task, input[n], BIT_PAIR_SEPARATOR, 1, "the separator '|'", n);
  const x = input.slice(0, n).map((t, k) => tokenInRange(task, t, 0, 2, "a bit", k));
  const y = input.slice(n + 1).map((t, k) => tokenInRange(task, t, 0, 2, "a bit", n + 1 + k));
  return { x, y };
}
