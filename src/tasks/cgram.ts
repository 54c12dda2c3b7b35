/**
 * c-gram retrieval (any c ≥ 2): a sequence x_0 … x_{n−1}, then a (c−1)-gram that occurs in it;
 * the answer is the token that follows that (c−1)-gram.
 *
 * Tokens at size n: symbols `s0`..`s{n−1}` at ids 0..n−1 (alphabet size n = sequence length).
 * Vocabulary size n. Answer tokens: all symbols.
 * Layout (direct): x_0 … x_{n−1} q_1 … q_{c−1} ANS (n + c tokens), only ANS supervised.
 * Generator (n ≥ c): a uniform sequence; the query is a (c−1)-gram occurring exactly once in it
 * and not at the very end (so it has a follower), uniform among those (the sequence is redrawn
 * when none exists). Solver: the token after the FIRST occurrence of the query that has a
 * follower; the query must have one.
 * Registry names: `cgram` (c = 3), `cgram:C` for any C ≥ 2.
 */
import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { userError } from "../util/errors.js";
import { directInstance, requireLength, requireMode, requireSize, tokenInRange } from "./_internals/instance.js";

export const CGRAM_DEFAULT_C = 3;

export function cgramVocabulary(n: number): string[] {
  requireSize("cgram", n, 1);
  return Array.from({ length: n }, (_, j) => `s${j}`);
}

function checkC(c: number): void {
  if (!Number.isInteger(c) || c < 2) userError(`cgram needs an integer c ≥ 2, got ${c}`);
}

/** Start of the first occurrence of gram in seq that has a token after it, or −1. */
function firstFollowedOccurrence(seq: readonly number[], gram: readonly number[]): number {
  outer: for (let p = 0; p + gram.length < seq.length; p++) {
    for (let k = 0; k < gram.length; k++) if (seq[p + k] !== gram[k]) continue outer;
    return p;
  }
  return -1;
}

/** The token after the first followed occurrence of the trailing (c−1)-gram in the sequence. */
export function solveCgram(c: number, n: number, input: readonly number[]): number {
  checkC(c);
  requireSize("cgram", n, 1);
  requireLength(`cgram:${c}`, input, n + c - 1, `a sequence of ${n} symbols, then a ${c - 1}-gram`);
  input.forEach((t, k) => tokenInRange("cgram", t, 0, n, "a symbol", k));
  const seq = input.slice(0, n);
  const p = firstFollowedOccurrence(seq, input.slice(n));
  if (p < 0) userError(`the cgram query ${c - 1}-gram does not occur in the sequence with a token after it`);
  return seq[p + c - 1];
}

/** Number of occurrences of seq[p .. p+len) anywhere in seq. */
function occurrences(seq: readonly number[], p: number, len: number): number {
  let count = 0;
  outer: for (let s = 0; s + len <= seq.length; s++) {
    for (let k = 0; k < len; k++) if (seq[s + k] !== seq[p + k]) continue outer;
    count++;
  }
  return count;
}

export function cgramTask(c: number = CGRAM_DEFAULT_C): Task {
  checkC(c);
  const name = c === CGRAM_DEFAULT_C ? "cgram" : `cgram:${c}`;
  const solve = (n: number, input: readonly number[]): number => solveCgram(c, n, input);
  return {
    name,
    modes: ["direct"],
    vocabulary: cgramVocabulary,
    generate(n: number, rng: Rng, mode: string): TaskInstance {
      requireMode(name, ["direct"], mode);
      requireSize(name, n, c);
      for (;;) {
        const seq = Array.from({ length: n }, () => rng.int(0, n - 1));
        const unique: number[] = [];
        for (let p = 0; p + c - 1 < n; p++) if (occurrences(seq, p, c - 1) === 1) unique.push(p);
        if (unique.length === 0) continue; // e.g. a constant sequence: redraw
        const p = unique[rng.int(0, unique.length - 1)];
        const input = [...seq, ...seq.slice(p, p + c - 1)];
        return directInstance(input, solve(n, input), cgramVocabulary(n));
      }
    },
    solve,
  };
}

export const cgramDefaultTask: Task = cgramTask();
