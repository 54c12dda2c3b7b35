import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const equalityLower = lowerBoundClaim({
  id: "equality-lower",
  source: "P2 (Bhattamishra, Hahn, Blunsom, Kanade, Separations in the Representational Capabilities of Transformers and Recurrent Architectures): string equality needs Ω(N) size for RNNs (deterministic one-way CC of EQ_N is N); 2-layer Transformers of size O(log N) solve it",
  summary: "A deterministic M-bit streaming model errs on some pair of N-bit strings once N > M: two x with one state are told apart by y = x.",
  reductions: ["equality/equality"],
  cot: "none",
  separatesEveryPair: true,
});
