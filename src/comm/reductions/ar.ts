import type { TaskReduction } from "./taskReduction.js";
import { answerBySolver, checkBits, checkQuery } from "./taskReduction.js";
import { arKeyToken, arValueToken, arVocabulary, solveAr } from "../../tasks/ar.js";

/**
 * INDEX_n to associative recall (theory.md §5): Alice writes `k_j v_{x_j}` for j = 0 … n−1
 * (keys are positions, the value is the bit), Bob asks key k_i, the answer is v_{x_i}.
 * Task size n (n key/value pairs). Values v0 and v1 must exist, so n ≥ 2.
 * Blocks are 2 tokens for every j and bit; answer tokens [v0, v1].
 */
export const arReduction: TaskReduction = {
  task: "ar",
  name: "ar",
  minBits: 2,
  minBitsReason: "bit x_j is written as the value v0 or v1, and AR with n pairs has only the values v0 … v(n−1) (at n = 1, v0 alone)",
  taskSize: (n) => n,
  informationBits: (n) => n,
  vocabSize: (n) => arVocabulary(n).length,
  tokenText: (n, token) => arVocabulary(n)[token] ?? `<${token}>`,
  header: () => [],
  block: (n, j, bit) => [arKeyToken(n, j), arValueToken(n, bit)],
  queryCount: (n) => n,
  suffix(n, q) {
    checkBits(arReduction, n);
    checkQuery(arReduction, n, q);
    return [arKeyToken(n, q)];
  },
  queryText: (_n, q) => String(q),
  answerTokens: (n) => [arValueToken(n, 0), arValueToken(n, 1)],
  expected: (n, x, q) => answerBySolver(arReduction, solveAr, n, x, q),
};
