import type { TaskReduction } from "./taskReduction.js";
import { answerBySolver, checkBits, checkQuery } from "./taskReduction.js";
import {
  COUNTING_FILLER,
  COUNTING_NO,
  COUNTING_YES,
  countingSymbolToken,
  countingThresholdToken,
  countingVocabulary,
  solveCounting,
} from "../../tasks/counting.js";

/**
 * INDEX_n to Counting (theory.md §5): Alice's block j is the symbol s_j if x_j = 1, else the
 * filler `_`; Bob asks q = s_i with threshold t = 0, so the answer is 1 iff s_i occurs at all,
 * i.e. iff x_i = 1. Task size n (sequence length n); blocks are 1 token; answer tokens [0, 1].
 */
export const countingReduction: TaskReduction = {
  task: "counting",
  name: "counting",
  minBits: 1,
  taskSize: (n) => n,
  informationBits: (n) => n,
  vocabSize: (n) => countingVocabulary(n).length,
  tokenText: (n, token) => countingVocabulary(n)[token] ?? `<${token}>`,
  header: () => [],
  block: (n, j, bit) => [bit === 1 ? countingSymbolToken(n, j) : COUNTING_FILLER],
  queryCount: (n) => n,
  suffix(n, q) {
    checkBits(countingReduction, n);
    checkQuery(countingReduction, n, q);
    return [countingSymbolToken(n, q), countingThresholdToken(n, 0)];
  },
  queryText: (_n, q) => String(q),
  answerTokens: () => [COUNTING_NO, COUNTING_YES],
  expected: (n, x, q) => answerBySolver(countingReduction, solveCounting, n, x, q),
};
