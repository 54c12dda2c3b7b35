import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const disjointnessLower = lowerBoundClaim({
  id: "disjointness-lower",
  source: "P2 (Bhattamishra, Hahn, Blunsom, Kanade, Separations in the Representational Capabilities of Transformers and Recurrent Architectures): disjointness needs Ω(N) size for RNNs (one-way CC of DISJ_N is Θ(N)); 2-layer Transformers of size O(log N) solve it",
  summary: "An M-bit streaming model errs on some pair of N-bit sets once N > M: two x with one state differ at some j, and y = {j} separates them.",
  reductions: ["disjointness/disjointness"],
  cot: "none",
  separatesEveryPair: true,
});
