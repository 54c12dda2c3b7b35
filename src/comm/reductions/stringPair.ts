import type { TaskReduction } from "./taskReduction.js";
import { answerBySolver, checkBits, checkQuery } from "./taskReduction.js";
import { BIT0, BIT1, BIT_PAIR_SEPARATOR, bitPairVocabulary } from "../../tasks/bitPair.js";
import { solveEquality } from "../../tasks/equality.js";
import { solveDisjointness } from "../../tasks/disjointness.js";
import { formatBits } from "../reduction.js";
import { userError } from "../../util/errors.js";

/**
 * EQ_n and DISJ_n to the two-string tasks (theory.md §5, P2): Alice holds x, Bob holds y, and
 * the input is `x | y`. Alice's block j is the bit token x_j (1 token); Bob's query q is the
 * string y with y_j = bit j of q (so queryCount = 2^n and y_0 is q's lowest bit), and his
 * suffix is `| y_0 … y_{n−1}`. Task size n; answer tokens [0, 1].
 */
const MAX_STRING_BITS = 30; // queries are enumerated as integers; 2^30 is already far beyond a census

/** Bob's string y for query number q (y_j = bit j of q). */
export function queryBits(n: number, q: number): number[] {
  const y = new Array<number>(n);
  for (let j = 0; j < n; j++) y[j] = (q >>> j) & 1;
  return y;
}

function stringPairReduction(task: "equality" | "disjointness"): TaskReduction {
  const solve = task === "equality" ? solveEquality : solveDisjointness;
  const r: TaskReduction = {
    task,
    name: task,
    minBits: 1,
    taskSize: (n) => n,
    vocabSize: (n) => bitPairVocabulary(task, n).length,
    tokenText: (n, token) => bitPairVocabulary(task, n)[token] ?? `<${token}>`,
    header: () => [],
    block: (_n, _j, bit) => [bit === 1 ? BIT1 : BIT0],
    queryCount(n) {
      if (n > MAX_STRING_BITS) userError(`reduction ${task}/${task} enumerates 2^n strings for Bob; n ≤ ${MAX_STRING_BITS}, got ${n}`);
      return 2 ** n;
    },
    suffix(n, q) {
      checkBits(r, n);
      checkQuery(r, n, q);
      return [BIT_PAIR_SEPARATOR, ...queryBits(n, q).map((b) => (b === 1 ? BIT1 : BIT0))];
    },
    queryText: (n, q) => formatBits(queryBits(n, q)),
    answerTokens: () => [BIT0, BIT1],
    expected: (n, x, q) => answerBySolver(r, solve, n, x, q),
  };
  return r;
}

export const equalityReduction: TaskReduction = stringPairReduction("equality");
export const disjointnessReduction: TaskReduction = stringPairReduction("disjointness");
