import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const indexLookupLower = lowerBoundClaim({
  id: "indexlookup-lower",
  source: "P2 (Bhattamishra, Hahn, Blunsom, Kanade, Separations in the Representational Capabilities of Transformers and Recurrent Architectures): Index Lookup: any RNN needs m·p ≥ N (hidden width m, p bits) [inequality form ours]; a 1-layer Transformer of size O(log N) solves it",
  summary: "An RNN whose state holds M = m·p bits fails Index Lookup once N > M, with accuracy at most 1 − H₂⁻¹(1 − M/N) on the binary sub-alphabet.",
  reductions: ["indexlookup/indexlookup"],
  cot: "none",
  separatesEveryPair: true,
});
