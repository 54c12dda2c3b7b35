/**
 * Counting: a sequence, a query token q and a threshold t; the answer is 1 iff q occurs more
 * than t times in the sequence.
 *
 * Tokens at size n (sequence length n): answers `0`=0 `1`=1, filler `_`=2 (a blank that is
 * never a query; reductions use it), symbols `s0`..`s{n−1}` at 3..n+2, thresholds
 * `#0`..`#n` at n+3..2n+3. Vocabulary size 2n + 4. Answer tokens: `0`, `1`.
 * Layout (direct): x_0 … x_{n−1} q #t ANS (n + 3 tokens), only ANS supervised.
 * Generator (n ≥ 2): q uniform; t uniform in [0, n−1]; a fair label bit picks the count of q
 * uniform in [t+1, n] (label 1) or [0, t] (label 0); q fills that many random positions, the
 * rest are uniform symbols other than q. So labels are 50/50 and counts cover every range.
 */
import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { directInstance, requireLength, requireMode, requireSize, tokenInRange } from "./_internals/instance.js";

export const COUNTING_NO = 0;
export const COUNTING_YES = 1;
export const COUNTING_FILLER = 2;
export const countingSymbolToken = (_n: number, j: number): number => 3 + j;
export const countingThresholdToken = (n: number, t: number): number => n + 3 + t;

export function countingVocabulary(n: number): string[] {
  requireSize("counting", n, 1);
  const v = ["0", "1", "_"];
  for (let j = 0; j < n; j++) v.push(`s${j}`);
  for (let t = 0; t <= n; t++) v.push(`#${t}`);
  return v;
}

/** `1` iff the query symbol occurs more than t times among the first n tokens. */
export function solveCounting(n: number, input: readonly number[]): number {
  requireSize("counting", n, 1);
  requireLength("counting", input, n + 2, `${n} symbols or fillers, a query symbol, a threshold`);
  const q = input[n];
  tokenInRange("counting", q, 3, n, "a query symbol", n);
  const t = tokenInRange("counting", input[n + 1], n + 3, n + 1, "a threshold #t", n + 1);
  let count = 0;
  for (let k = 0; k < n; k++) {
    if (input[k] !== COUNTING_FILLER) tokenInRange("counting", input[k], 3, n, "a symbol or the filler", k);
    if (input[k] === q) count++;
  }
  return count > t ? COUNTING_YES : COUNTING_NO;
}

export const countingTask: Task = {
  name: "counting",
  modes: ["direct"],
  vocabulary: countingVocabulary,
  generate(n: number, rng: Rng, mode: string): TaskInstance {
    requireMode("counting", ["direct"], mode);
    requireSize("counting", n, 2);
    const q = rng.int(0, n - 1);
    const t = rng.int(0, n - 1);
    const count = rng.bit() === 1 ? rng.int(t + 1, n) : rng.int(0, t);
    const positions = rng.shuffle(Array.from({ length: n }, (_, k) => k));
    const seq = new Array<number>(n);
    for (let k = 0; k < n; k++) {
      // Positions of q first; elsewhere a uniform symbol ≠ q (draw in [0, n−2], skip q).
      let s = q;
      if (k >= count) {
        s = rng.int(0, n - 2);
        if (s >= q) s++;
      }
      seq[positions[k]] = s;
    }
    const input = [...seq.map((s) => countingSymbolToken(n, s)), countingSymbolToken(n, q), countingThresholdToken(n, t)];
    return directInstance(input, solveCounting(n, input), countingVocabulary(n));
  },
  solve: solveCounting,
};
