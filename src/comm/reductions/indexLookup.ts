import type { TaskReduction } from "./taskReduction.js";
import { answerBySolver, checkBits, checkQuery } from "./taskReduction.js";
import {
  INDEXLOOKUP_DEFAULT_SIGMA,
  indexLookupPositionToken,
  indexLookupSymbolToken,
  indexLookupVocabulary,
  solveIndexLookup,
} from "../../tasks/indexlookup.js";
import type { Rng } from "../../util/rng.js";
import { userError } from "../../util/errors.js";

/**
 * INDEX to Index Lookup over Σ (theory.md §5, P2's lower bound). In the full problem Alice holds
 * a string x ∈ Σ^n and her block j is the symbol a_{x_j}; Bob's suffix is the position @i; the
 * answer is a_{x_i}.
 *
 * For the census (which enumerates bit strings) the blocks stay binary: bit x_j chooses a0 or
 * a1, so the Reduction answers with a0/a1 and covers INDEX_n exactly. Strings over the whole
 * alphabet are exercised by `sampleInstance`. Task size n; 1-token blocks; answer tokens [a0, a1].
 */
export interface IndexLookupReduction extends TaskReduction {
  readonly sigma: number;
  /** Alice's block for a symbol of the full alphabet (0 ≤ symbol < sigma). */
  symbolBlock(n: number, j: number, symbol: number): number[];
  /** A seeded instance over the full alphabet, with its answer computed directly (x_q's token). */
  sampleInstance(n: number, rng: Rng): IndexLookupSample;
}

export interface IndexLookupSample {
  /** Alice's string, symbols 0 … sigma−1. */
  readonly x: readonly number[];
  /** Bob's position. */
  readonly q: number;
  /** Alice's prefix followed by Bob's suffix. */
  readonly tokens: readonly number[];
  /** The token of x_q. */
  readonly expected: number;
}

export function indexLookupReduction(sigma: number = INDEXLOOKUP_DEFAULT_SIGMA): IndexLookupReduction {
  if (!Number.isInteger(sigma) || sigma < 2) userError(`the indexlookup reduction needs an integer |Σ| ≥ 2, got ${sigma}`);
  const solve = (size: number, input: readonly number[]): number => solveIndexLookup(sigma, size, input);
  const r: IndexLookupReduction = {
    task: sigma === INDEXLOOKUP_DEFAULT_SIGMA ? "indexlookup" : `indexlookup:${sigma}`,
    name: "indexlookup",
    sigma,
    minBits: 1,
    taskSize: (n) => n,
    informationBits: (n) => n,
    vocabSize: (n) => indexLookupVocabulary(sigma, n).length,
    tokenText: (n, token) => indexLookupVocabulary(sigma, n)[token] ?? `<${token}>`,
    header: () => [],
    block: (_n, _j, bit) => [indexLookupSymbolToken(sigma, bit)],
    symbolBlock(_n, _j, symbol) {
      if (!Number.isInteger(symbol) || symbol < 0 || symbol >= sigma) userError(`indexlookup symbols are 0..${sigma - 1}, got ${symbol}`);
      return [indexLookupSymbolToken(sigma, symbol)];
    },
    queryCount: (n) => n,
    suffix(n, q) {
      checkBits(r, n);
      checkQuery(r, n, q);
      return [indexLookupPositionToken(sigma, q)];
    },
    queryText: (_n, q) => String(q),
    answerTokens: () => [indexLookupSymbolToken(sigma, 0), indexLookupSymbolToken(sigma, 1)],
    expected: (n, x, q) => answerBySolver(r, solve, n, x, q),
    sampleInstance(n, rng) {
      checkBits(r, n);
      const x = Array.from({ length: n }, () => rng.int(0, sigma - 1));
      const q = rng.int(0, n - 1);
      const tokens: number[] = [];
      for (let j = 0; j < n; j++) tokens.push(...r.symbolBlock(n, j, x[j]));
      tokens.push(...r.suffix(n, q));
      return { x, q, tokens, expected: indexLookupSymbolToken(sigma, x[q]) };
    },
  };
  return r;
}
