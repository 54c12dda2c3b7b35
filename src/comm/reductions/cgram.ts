import type { TaskReduction } from "./taskReduction.js";
import { answerBySolver, checkBits, checkQuery } from "./taskReduction.js";
import { CGRAM_DEFAULT_C, cgramVocabulary, solveCgram } from "../../tasks/cgram.js";
import { userError } from "../../util/errors.js";

/**
 * INDEX_n to c-gram retrieval (theory.md §5): as AR, with key j written as a (c−1)-token code.
 *
 * The cgram task's alphabet is s0 … s{L−1} for a sequence of length L. Alice's block j is
 * code(j) followed by the value symbol s_{x_j}, so each block is c tokens and L = c·n is the
 * task size. code(j) is j in base D, most significant digit first, c−1 digits, digit d written
 * as s_{2+d}, with D the smallest base such that D^(c−1) ≥ n. Values (s0, s1) never appear in
 * a code, so a (c−1)-gram that is not exactly one block's code contains a value symbol: code(i)
 * occurs exactly once, followed by x_i. Bob's suffix is code(i); answer tokens [s0, s1].
 * Needs 2 + D ≤ c·n symbols: n ≥ 2 when c = 2, n ≥ 1 otherwise.
 */
/** The cgram alphabet's symbol s_k is token id k. */
const symbolToken = (k: number): number => k;

export function codeBase(n: number, c: number): number {
  let base = 1;
  while (base ** (c - 1) < n) base++;
  return base;
}

/** The (c−1) symbols that name key j. */
export function cgramCode(n: number, c: number, j: number): number[] {
  const base = codeBase(n, c);
  const digits = new Array<number>(c - 1);
  let rest = j;
  for (let k = c - 2; k >= 0; k--) {
    digits[k] = symbolToken(2 + (rest % base));
    rest = Math.floor(rest / base);
  }
  return digits;
}

export function cgramReduction(c: number = CGRAM_DEFAULT_C): TaskReduction {
  if (!Number.isInteger(c) || c < 2) userError(`the cgram reduction needs an integer c ≥ 2, got ${c}`);
  const solve = (size: number, input: readonly number[]): number => solveCgram(c, size, input);
  const r: TaskReduction = {
    task: c === CGRAM_DEFAULT_C ? "cgram" : `cgram:${c}`,
    name: "cgram",
    minBits: c === 2 ? 2 : 1,
    taskSize: (n) => c * n,
    informationBits: (n) => n,
    vocabSize: (n) => cgramVocabulary(c * n).length,
    tokenText: (n, token) => cgramVocabulary(c * n)[token] ?? `<${token}>`,
    header: () => [],
    block: (n, j, bit) => [...cgramCode(n, c, j), symbolToken(bit)],
    queryCount: (n) => n,
    suffix(n, q) {
      checkBits(r, n);
      checkQuery(r, n, q);
      return cgramCode(n, c, q);
    },
    queryText: (_n, q) => String(q),
    answerTokens: () => [symbolToken(0), symbolToken(1)],
    expected: (n, x, q) => answerBySolver(r, solve, n, x, q),
  };
  return r;
}
