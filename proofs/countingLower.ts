import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const countingLower = lowerBoundClaim({
  id: "counting-lower",
  source: "P1 (Wen, Dang, Lyu, RNNs are not Transformers (Yet)): the RNN lower bound for Counting, by the reduction from INDEX (threshold t = 0)",
  summary: "An M-bit streaming model fails Counting on the reduction's n-bit inputs once n > M, with accuracy at most 1 − H₂⁻¹(1 − M/n).",
  reductions: ["counting/counting"],
  cot: "none",
  separatesEveryPair: true,
});
