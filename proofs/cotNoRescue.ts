import { lowerBoundClaim } from "./_internals/lowerBoundClaim.js";

export const cotNoRescue = lowerBoundClaim({
  id: "cot-no-rescue",
  source: "P1 (Wen, Dang, Lyu, RNNs are not Transformers (Yet)): chain of thought adds time to an RNN, never memory; the retrieval lower bounds hold whatever the CoT length",
  summary: "With any chain of thought, an M-bit streaming model still sends Bob only M bits, so the retrieval lower bounds (Index, AR, c-gram, Counting) hold unchanged.",
  reductions: ["index/index", "ar/ar", "cgram/cgram", "counting/counting"],
  cot: "required",
  separatesEveryPair: true,
});
