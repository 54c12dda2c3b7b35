import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const arLower = lowerBoundClaim({
  id: "ar-lower",
  source: "P1 (Wen, Dang, Lyu, RNNs are not Transformers (Yet)): the RNN lower bound for associative recall, by the reduction from INDEX (keys = positions)",
  summary: "An M-bit streaming model fails associative recall on n key/value pairs once n > M, with accuracy at most 1 − H₂⁻¹(1 − M/n) on the reduction's inputs.",
  reductions: ["ar/ar"],
  cot: "none",
  separatesEveryPair: true,
});
