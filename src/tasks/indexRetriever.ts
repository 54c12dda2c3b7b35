/**
 * Index's in-context retriever (issue 7's `rag`): a query names a position, the answer is the
 * token there. The context is the task's input `x_0 … x_{n−1} @i` followed by what the model
 * generated; when the model's last generated token is a position token `@j` (any position
 * token after the input's own query at index n), the retriever returns the token at position
 * j of the context, the bit x_j. Otherwise it returns null (no retrieval round).
 */
import { indexQueryToken } from "./indexTask.js";

export function indexRetrieve(context: readonly number[], n: number): number | null {
  const last = context.length - 1;
  if (last <= n) return null; // the input's own query is not a retrieval
  const j = context[last] - indexQueryToken(0);
  if (!(Number.isInteger(j) && j >= 0 && j < n)) return null;
  return context[j];
}
