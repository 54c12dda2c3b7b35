/**
 * Associative recall's in-context retriever (issue 7's `rag`): a query names a key, the answer
 * is the value after its first occurrence. The context is the task's input `k v … k v q`
 * (n pairs, then the query key at index 2n) followed by what the model generated; when the
 * model's last generated token is a key token, the retriever returns the value token that
 * follows the first pair with that key, or null when no pair has it (AR's vocabulary has no
 * "not found" token), as it does for any other last token.
 */
import { arKeyToken } from "./ar.js";

export function arRetrieve(context: readonly number[], n: number): number | null {
  const last = context.length - 1;
  if (last <= 2 * n) return null; // the input's own query is not a retrieval
  const key = context[last];
  if (!(Number.isInteger(key) && key >= arKeyToken(n, 0) && key < arKeyToken(n, n))) return null;
  for (let p = 0; p < n; p++) if (context[2 * p] === key) return context[2 * p + 1];
  return null;
}
