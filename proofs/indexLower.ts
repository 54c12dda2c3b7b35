import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const indexLower = lowerBoundClaim({
  id: "index-lower",
  source: "P1 (Wen, Dang, Lyu, RNNs are not Transformers (Yet)) and P2 (Bhattamishra, Hahn, Blunsom, Kanade, Separations in the Representational Capabilities of Transformers and Recurrent Architectures): the RNN lower bound for Index, via one-way INDEX_n (n bits deterministically, (1 − H₂(ε))·n with error ε)",
  summary: "Any streaming model with an M-bit state has accuracy at most 1 − H₂⁻¹(1 − M/n) on uniform INDEX_n, and errs on some input once n > M; a constant-size Transformer solves Index.",
  reductions: ["index/index"],
  cot: "none",
  separatesEveryPair: true,
});
