import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const cgramLower = lowerBoundClaim({
  id: "cgram-lower",
  source: "P1 (Wen, Dang, Lyu, RNNs are not Transformers (Yet)): the RNN lower bound for c-gram retrieval, by the reduction from INDEX (keys written as (c−1)-token codes)",
  summary: "An M-bit streaming model fails c-gram retrieval on the reduction's n-bit inputs once n > M, with accuracy at most 1 − H₂⁻¹(1 − M/n).",
  reductions: ["cgram/cgram"],
  cot: "none",
  separatesEveryPair: true,
});
