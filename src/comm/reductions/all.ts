import type { TaskReduction } from "./taskReduction.js";
import type { ReductionOptions } from "./reductionOptions.js";
import { integerOption, rejectUnknownOptions } from "./reductionOptions.js";
import { arReduction } from "./ar.js";
import { cgramReduction } from "./cgram.js";
import { countingReduction } from "./counting.js";
import { isTreeR1Reduction, isTreeR1SimpleReduction, isTreeR2Reduction } from "./istree.js";
import { indexLookupReduction } from "./indexLookup.js";
import { disjointnessReduction, equalityReduction } from "./stringPair.js";
import { NN_REDUCTION_DEFAULT_SEED, nnReduction } from "./nn.js";
import { CGRAM_DEFAULT_C } from "../../tasks/cgram.js";
import { INDEXLOOKUP_DEFAULT_SIGMA } from "../../tasks/indexlookup.js";
import { userError } from "../../util/errors.js";

/**
 * Every reduction of both papers except Index (the lead's), keyed "task/reduction". A factory
 * takes the reduction's options (unknown keys are UserErrors) and returns the Reduction.
 * The Dyck-(2,2) gadget is not a prefix/suffix reduction: see dyckGadget.ts.
 */
export type ReductionFactory = (options?: ReductionOptions) => TaskReduction;

function withoutOptions(id: string, r: TaskReduction): ReductionFactory {
  return (options = {}) => {
    rejectUnknownOptions(id, options, []);
    return r;
  };
}

export const REDUCTIONS: Readonly<Record<string, ReductionFactory>> = {
  "ar/ar": withoutOptions("ar/ar", arReduction),
  "cgram/cgram": (options = {}) => {
    rejectUnknownOptions("cgram/cgram", options, ["c"]);
    return cgramReduction(integerOption("cgram/cgram", options, "c", CGRAM_DEFAULT_C, 2, 64));
  },
  "counting/counting": withoutOptions("counting/counting", countingReduction),
  "istree/r1": withoutOptions("istree/r1", isTreeR1Reduction),
  "istree/r1-simple": withoutOptions("istree/r1-simple", isTreeR1SimpleReduction),
  "istree/r2": withoutOptions("istree/r2", isTreeR2Reduction),
  "indexlookup/indexlookup": (options = {}) => {
    rejectUnknownOptions("indexlookup/indexlookup", options, ["sigma"]);
    return indexLookupReduction(integerOption("indexlookup/indexlookup", options, "sigma", INDEXLOOKUP_DEFAULT_SIGMA, 2));
  },
  "equality/equality": withoutOptions("equality/equality", equalityReduction),
  "disjointness/disjointness": withoutOptions("disjointness/disjointness", disjointnessReduction),
  "nn/nn": (options = {}) => {
    rejectUnknownOptions("nn/nn", options, ["seed", "dimension"]);
    const seed = integerOption("nn/nn", options, "seed", NN_REDUCTION_DEFAULT_SEED, -(2 ** 31), 2 ** 31 - 1);
    const dimension = options.dimension === undefined ? undefined : integerOption("nn/nn", options, "dimension", 0, 1, 1024);
    return nnReduction({ seed, dimension });
  },
};

/** Names of every reduction in REDUCTIONS, sorted. */
export const REDUCTION_NAMES: readonly string[] = Object.keys(REDUCTIONS).sort();

/** The reduction called `key` ("task/reduction"), built with its options. */
export function makeReduction(key: string, options: ReductionOptions = {}): TaskReduction {
  const factory = Object.hasOwn(REDUCTIONS, key) ? REDUCTIONS[key] : undefined;
  if (factory === undefined) userError(`unknown reduction '${key}' (known: ${REDUCTION_NAMES.join(", ")})`);
  return factory(options);
}

/** Every reduction with its default options, for the census and the docs. */
export function allReductions(): TaskReduction[] {
  return REDUCTION_NAMES.map((key) => makeReduction(key));
}

// The public API of this folder (the lead re-exports it from src/index.ts).
export type { TaskReduction } from "./taskReduction.js";
export type { ReductionOptions } from "./reductionOptions.js";
export { arReduction } from "./ar.js";
export { cgramReduction, cgramCode } from "./cgram.js";
export { countingReduction } from "./counting.js";
export { isTreeR1Reduction, isTreeR1SimpleReduction, isTreeR2Reduction } from "./istree.js";
export { indexLookupReduction } from "./indexLookup.js";
export type { IndexLookupReduction, IndexLookupSample } from "./indexLookup.js";
export { equalityReduction, disjointnessReduction } from "./stringPair.js";
export { nnReduction, NN_REDUCTION_DEFAULT_SEED } from "./nn.js";
export type { NnReduction } from "./nn.js";
export { dyckGadget } from "./dyckGadget.js";
export type { DyckGadget, Party } from "./dyckGadget.js";
