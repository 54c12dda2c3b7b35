import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const nnLower = lowerBoundClaim({
  id: "nn-lower",
  source: "P2 (Bhattamishra, Hahn, Blunsom, Kanade, Separations in the Representational Capabilities of Transformers and Recurrent Architectures): nearest neighbour needs Ω(N) size for RNNs, by the reduction from INDEX with near-orthogonal keys",
  summary: "An M-bit streaming model fails nearest neighbour on N labelled points once N > M, with accuracy at most 1 − H₂⁻¹(1 − M/N) on the reduction's inputs.",
  reductions: ["nn/nn"],
  cot: "none",
  separatesEveryPair: true,
});
