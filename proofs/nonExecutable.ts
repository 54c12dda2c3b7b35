import type { NonExecutableClaim } from "./claim.js";

/** Claims of the papers that no finite run can certify, and why. */
export const NON_EXECUTABLE_CLAIMS: readonly NonExecutableClaim[] = [
  {
    id: "cot-strictly-helps-rnns",
    source: "P1 (Wen, Dang, Lyu): CoT strictly increases what RNNs can represent",
    summary: "RNNs with chain of thought represent strictly more than RNNs without it.",
    reason: "a separation of complexity classes that holds only under a complexity-theoretic assumption; no finite set of runs certifies it",
  },
  {
    id: "transformer-cot-simulates-rnn-cot",
    source: "P1 (Wen, Dang, Lyu): Transformer+CoT can simulate RNN+CoT, so the gap is one-sided",
    summary: "For every RNN with CoT there is a Transformer with CoT computing the same function.",
    reason: "a universal simulation over every RNN; a run can only show single simulated instances, which certify nothing about all RNNs",
  },
  {
    id: "rag-cot-solves-p",
    source: "P1 (Wen, Dang, Lyu): RNNs with in-context RAG and CoT solve all polynomial-time problems",
    summary: "In-context retrieval plus CoT makes an RNN as expressive as polynomial-time computation.",
    reason: "a statement about the whole class P (a Turing-machine simulation), not about finitely many inputs",
  },
  {
    id: "near-orthogonal-codes",
    source: "P2 (Bhattamishra et al.): N nearly orthogonal vectors exist in O(log N) dimensions (Johnson–Lindenstrauss)",
    summary: "A lemma the Transformer constructions use.",
    reason: "an existence lemma for all N; it is exercised, not certified, by each construction that uses one such code",
  },
];
