export { runCensus } from "./census.js";
export { exactCensus, exhaustiveBytes } from "./exact.js";
export { searchCensus } from "./search.js";
export { replayFoolingPair, separatingQuery, stateHash } from "./foolingPair.js";
export { binaryEntropy, inverseBinaryEntropy, indexErrorLowerBound, indexBound, type IndexBound } from "./bound.js";
export { fractionText } from "./fraction.js";
export type { CensusOptions, CensusRow, CensusProgress, FoolingPair, SearchOptions } from "./types.js";
