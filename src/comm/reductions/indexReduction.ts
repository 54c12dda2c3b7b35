import type { Reduction } from "../reduction.js";
import { INDEX_BIT0, INDEX_BIT1, indexQueryToken, indexVocabulary } from "../../tasks/indexTask.js";

/**
 * INDEX_n to the Index task: Alice's block B_j(b) is the bit token b, Bob's suffix is the
 * position token @i, and the answer is x_i, as the Index solver reads it.
 */
export const indexReduction: Reduction = {
  task: "index",
  name: "index",
  vocabSize: (n) => n + 2,
  tokenText: (n, token) => indexVocabulary(n)[token] ?? `<${token}>`,
  header: () => [],
  block: (_n, _j, bit) => [bit === 1 ? INDEX_BIT1 : INDEX_BIT0],
  queryCount: (n) => n,
  suffix: (_n, q) => [indexQueryToken(q)],
  queryText: (_n, q) => String(q),
  informationBits: (n) => n,
  answerTokens: () => [INDEX_BIT0, INDEX_BIT1],
  // Read directly (the census calls this 2^n·n times); test/comm/game.test.ts checks it
  // against solveIndex on every (x, i) for n ≤ 10.
  expected: (_n, x, q) => (x[q] ? INDEX_BIT1 : INDEX_BIT0),
};
