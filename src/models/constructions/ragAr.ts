/**
 * `rag-ar`: associative recall solved by a retrieval-augmented controller with O(log n) bits of
 * state. After the query key q (position 2n) it emits q as its retrieval query; AR's retriever
 * answers the value after q's first pair (src/tasks/arRetriever.ts) and the controller emits
 * that value. State: phase (2 bits) and one token id (⌈log₂ 2n⌉ bits).
 */
import { lookupController } from "./_internals/lookupController.js";
import { ragModel, type RagModel } from "../rag.js";
import { arVocabulary } from "../../tasks/ar.js";
import type { LookupState } from "./_internals/lookupController.js";

export function ragAr(n: number): RagModel<LookupState> {
  const controller = lookupController({ name: "rag-ar", vocabSize: arVocabulary(n).length, queryPosition: 2 * n, n });
  return ragModel(controller, "ar", n);
}
