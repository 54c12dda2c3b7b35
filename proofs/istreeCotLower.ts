import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const istreeCotLower = lowerBoundClaim({
  id: "istree-cot-lower",
  source: "P1 (Wen, Dang, Lyu, RNNs are not Transformers (Yet)): o(n)-bit RNNs fail IsTree whatever the length of their chain of thought, by the reductions R1 / R1-simple from INDEX [reductions ours]",
  summary: "An M-bit recurrent model with any chain of thought fails IsTree on the reduction's graphs once n > M: the chain of thought is generated from the M-bit state, so it cannot re-read the graph.",
  reductions: ["istree/r1-simple", "istree/r1"],
  cot: "required",
  separatesEveryPair: true,
});
