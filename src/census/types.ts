import type { StreamingModel } from "../stream/model.js";
import type { Reduction } from "../comm/reduction.js";
import type { CotOptions } from "../comm/game.js";

/** Two of Alice's inputs that leave the model in the same state, with a query that tells them apart. */
export interface FoolingPair {
  x: string;
  xPrime: string;
  query: number;
  queryText: string;
  /** First 16 hex digits of sha256 of the shared message. */
  stateHash: string;
  /** The model's answer on both (x, query) and (xPrime, query). */
  output: number;
  /** The output token as text (e.g. "[FALSE]"), or "(no answer)" when a chain of thought never reached one (output −1). */
  outputText: string;
  expected: number;
  expectedPrime: number;
  /** True once both full inputs were run afresh and gave the same message and output. */
  replayed: boolean;
}

export interface CensusRow {
  n: number;
  exhaustive: boolean;
  /** D(n): exact with exhaustive, else the number of distinct states seen (a lower estimate). */
  distinctStates: string;
  distinctStatesIsLowerEstimate: boolean;
  /** Inputs examined: 2^n when exhaustive, else the number sampled. */
  inputs: string;
  accuracy: number;
  accuracyExact: string;
  /** True when accuracy is measured on sampled (x, q) pairs rather than all of them. */
  accuracyIsEstimate: boolean;
  /** Per-class majority vote; only computable exhaustively (null otherwise). */
  bayesOptimalAccuracy: number | null;
  bayesOptimalAccuracyExact: string | null;
  /** 1 − H₂⁻¹(1 − M/bits) for reductions that reveal `informationBits` uniform bits; else null. */
  accuracyUpperBound: number | null;
  foolingPair: FoolingPair | null;
  /** Distinct states after each of Alice's blocks (exhaustive only). */
  distinctStatesPerBlock?: string[];
}

/** Progress of one n: `done` of `total` units, n for Alice's blocks, then n for Bob's classes (sampled inputs with a search). */
export interface CensusProgress {
  n: number;
  done: number;
  total: number;
}

export interface CensusOptions<S = unknown> {
  reduction: Reduction;
  /** The model at size n (the same object for every n when the model does not depend on n). */
  modelFor: (n: number) => StreamingModel<S>;
  cot?: CotOptions | null;
  onProgress?: (p: CensusProgress) => void;
  /** Bytes an exhaustive census may use: it refuses up front past its plan, or in one line when its arrays outgrow it (default 3 GiB). */
  maxBytes?: number;
}

export interface SearchOptions {
  method: "sample" | "flip";
  /** Inputs to sample (sample) or base inputs to flip (flip). */
  samples: number;
  seed: number;
  /** Queries tried per sampled input for the accuracy estimate. */
  queriesPerInput?: number;
}
