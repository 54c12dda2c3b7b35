/**
 * Dyck-(2,2) (P2): a string over `( ) [ ]` → `1` iff it is balanced (every bracket closed by
 * its own type, in order) with nesting depth ≤ 2.
 *
 * Tokens: `(`=0 `)`=1 `[`=2 `]`=3, answers `0`=4 `1`=5. Vocabulary size 6 for every n.
 * Layout (direct): w_0 … w_{n−1} ANS (n + 1 tokens), only ANS supervised. n = string length.
 * Generator (n even ≥ 2; odd lengths have no positives): a fair label bit.
 *   Positive: a random walk that, at each step, picks uniformly among the allowed moves
 *   (open `(`, open `[` while depth < 2 and there is room to close; close the top while
 *   depth > 0). Not uniform over Dyck words; every Dyck-(2,2) word has positive probability.
 *   Negative: half the time a positive with one symbol replaced by another (always breaks it:
 *   either the counts or a type match); half the time (n ≥ 6) a balanced word of depth
 *   exactly 3 from the same walk capped at 3 (redrawn until it reaches 3; after 100 misses,
 *   a substitution instead) — the negatives that only the depth bound rejects.
 */
import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { userError } from "../util/errors.js";
import { directInstance, requireLength, requireMode, requireSize, tokenInRange } from "./_internals/instance.js";

export const DYCK_OPEN_ROUND = 0;
export const DYCK_CLOSE_ROUND = 1;
export const DYCK_OPEN_SQUARE = 2;
export const DYCK_CLOSE_SQUARE = 3;
export const DYCK_NO = 4;
export const DYCK_YES = 5;
export const DYCK_MAX_DEPTH = 2;

/**
 * The public end token `$` that the one-layer Transformer game appends to the Dyck DISJ gadget
 * (src/comm/transformerPartitionGame.ts), so that the last position's query is known to both
 * parties. It extends the dyck vocabulary without renumbering it: the dyck task itself (whose
 * layout has no end token), its census and dyck-rnn keep their 6 tokens.
 */
export const DYCK_END = 6;

/** The dyck vocabulary plus the end token `$` (id 6). */
export function dyckGadgetVocabulary(): string[] {
  return [...dyckVocabulary(1), "$"];
}

export function dyckVocabulary(n: number): string[] {
  requireSize("dyck", n, 1);
  return ["(", ")", "[", "]", "0", "1"];
}

/** True iff the bracket tokens form a balanced word of nesting depth ≤ maxDepth. */
export function isDyckWord(word: readonly number[], maxDepth: number = DYCK_MAX_DEPTH): boolean {
  const stack: number[] = [];
  for (const t of word) {
    if (t === DYCK_OPEN_ROUND || t === DYCK_OPEN_SQUARE) {
      if (stack.length === maxDepth) return false;
      stack.push(t);
    } else if (stack.pop() !== t - 1) return false; // `)` = `(` + 1, `]` = `[` + 1
  }
  return stack.length === 0;
}

export function solveDyck(n: number, input: readonly number[]): number {
  requireSize("dyck", n, 1);
  requireLength("dyck", input, n, `${n} brackets`);
  input.forEach((t, k) => tokenInRange("dyck", t, 0, 4, "a bracket", k));
  return isDyckWord(input) ? DYCK_YES : DYCK_NO;
}

/** A balanced word of even length n with depth ≤ cap, by a uniform choice among allowed moves. */
function randomBalanced(n: number, cap: number, rng: Rng): number[] {
  const word: number[] = [];
  const stack: number[] = [];
  for (let k = 0; k < n; k++) {
    const remaining = n - k;
    const canOpen = stack.length < cap && remaining - 1 >= stack.length + 1;
    const canClose = stack.length > 0;
    const move = rng.int(0, (canOpen ? 2 : 0) + (canClose ? 1 : 0) - 1);
    if (canOpen && move < 2) {
      const open = move === 0 ? DYCK_OPEN_ROUND : DYCK_OPEN_SQUARE;
      stack.push(open);
      word.push(open);
    } else word.push((stack.pop() as number) + 1);
  }
  return word;
}

function maxDepth(word: readonly number[]): number {
  let depth = 0;
  let deepest = 0;
  for (const t of word) {
    depth += t === DYCK_OPEN_ROUND || t === DYCK_OPEN_SQUARE ? 1 : -1;
    deepest = Math.max(deepest, depth);
  }
  return deepest;
}

function substituted(word: readonly number[], rng: Rng): number[] {
  const out = [...word];
  const k = rng.int(0, out.length - 1);
  const other = rng.int(0, 2);
  out[k] = other >= out[k] ? other + 1 : other;
  return out;
}

function negative(n: number, rng: Rng): number[] {
  if (n >= 6 && rng.bit() === 1) {
    for (let attempt = 0; attempt < 100; attempt++) {
      const w = randomBalanced(n, 3, rng);
      if (maxDepth(w) === 3) return w;
    }
  }
  return substituted(randomBalanced(n, DYCK_MAX_DEPTH, rng), rng);
}

export const dyckTask: Task = {
  name: "dyck",
  modes: ["direct"],
  vocabulary: dyckVocabulary,
  generate(n: number, rng: Rng, mode: string): TaskInstance {
    requireMode("dyck", ["direct"], mode);
    requireSize("dyck", n, 2);
    if (n % 2 !== 0) userError(`dyck needs an even length n (odd lengths have no balanced words), got ${n}`);
    const input = rng.bit() === 1 ? randomBalanced(n, DYCK_MAX_DEPTH, rng) : negative(n, rng);
    return directInstance(input, solveDyck(n, input), dyckVocabulary(n));
  },
  solve: solveDyck,
};
