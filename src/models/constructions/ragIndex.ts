/**
 * `rag-index`: Index solved by a retrieval-augmented controller with O(log n) bits of state.
 * After the query `@i` it emits `@i` as its retrieval query; Index's retriever answers x_i
 * (src/tasks/indexRetriever.ts) and the controller emits that bit. State: phase (2 bits) and
 * one token id (⌈log₂(n + 2)⌉ bits). See docs/constructions.md.
 */
import { lookupController } from "./_internals/lookupController.js";
import { ragModel, type RagModel } from "../rag.js";
import { indexVocabulary } from "../../tasks/indexTask.js";
import type { LookupState } from "./_internals/lookupController.js";

export function ragIndex(n: number): RagModel<LookupState> {
  const controller = lookupController({ name: "rag-index", vocabSize: indexVocabulary(n).length, queryPosition: n, n });
  return ragModel(controller, "index", n);
}
