/**
 * Index Lookup (P2): x_0 … x_{n−1} over an alphabet Σ, then a position p; the answer is x_p.
 * Index (indexTask.ts) is the case |Σ| = 2 with other token ids.
 *
 * Tokens at size n with |Σ| = S: symbols `a0`..`a{S−1}` at ids 0..S−1, positions `@0`..`@{n−1}`
 * at S..S+n−1. Vocabulary size S + n. Answer tokens: the symbols. Positions are 0-based.
 * Layout (direct): x_0 … x_{n−1} @p ANS (n + 2 tokens), only ANS supervised.
 * Generator: symbols and p uniform. Registry names: `indexlookup` (|Σ| = 4, our default; the
 * papers fix no alphabet size here), `indexlookup:S` for any S ≥ 2.
 */
import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { userError } from "../util/errors.js";
import { directInstance, requireLength, requireMode, requireSize, tokenInRange } from "./_internals/instance.js";

export const INDEXLOOKUP_DEFAULT_SIGMA = 4;
export const indexLookupSymbolToken = (_sigma: number, a: number): number => a;
export const indexLookupPositionToken = (sigma: number, p: number): number => sigma + p;

function checkSigma(sigma: number): void {
  if (!Number.isInteger(sigma) || sigma < 2) userError(`indexlookup needs an integer alphabet size |Σ| ≥ 2, got ${sigma}`);
}

export function indexLookupVocabulary(sigma: number, n: number): string[] {
  checkSigma(sigma);
  requireSize("indexlookup", n, 1);
  const v: string[] = [];
  for (let a = 0; a < sigma; a++) v.push(`a${a}`);
  for (let p = 0; p < n; p++) v.push(`@${p}`);
  return v;
}

/** x_p for x_0 … x_{n−1} @p over an alphabet of size sigma. */
export function solveIndexLookup(sigma: number, n: number, input: readonly number[]): number {
  checkSigma(sigma);
  requireSize("indexlookup", n, 1);
  requireLength("indexlookup", input, n + 1, `${n} symbols, then a position`);
  for (let k = 0; k < n; k++) tokenInRange("indexlookup", input[k], 0, sigma, "a symbol", k);
  const p = tokenInRange("indexlookup", input[n], sigma, n, "a position @p", n);
  return input[p];
}

export function indexLookupTask(sigma: number = INDEXLOOKUP_DEFAULT_SIGMA): Task {
  checkSigma(sigma);
  const name = sigma === INDEXLOOKUP_DEFAULT_SIGMA ? "indexlookup" : `indexlookup:${sigma}`;
  const vocabulary = (n: number): string[] => indexLookupVocabulary(sigma, n);
  const solve = (n: number, input: readonly number[]): number => solveIndexLookup(sigma, n, input);
  return {
    name,
    modes: ["direct"],
    vocabulary,
    generate(n: number, rng: Rng, mode: string): TaskInstance {
      requireMode(name, ["direct"], mode);
      requireSize(name, n, 1);
      const input = Array.from({ length: n }, () => indexLookupSymbolToken(sigma, rng.int(0, sigma - 1)));
      input.push(indexLookupPositionToken(sigma, rng.int(0, n - 1)));
      return directInstance(input, solve(n, input), vocabulary(n));
    },
    solve,
  };
}

export const indexLookupDefaultTask: Task = indexLookupTask();
