import type { Claim } from "./claim.js";
import { indexLower } from "./indexLower.js";
import { arLower } from "./arLower.js";
import { cgramLower } from "./cgramLower.js";
import { countingLower } from "./countingLower.js";
import { istreeCotLower } from "./istreeCotLower.js";
import { cotNoRescue } from "./cotNoRescue.js";
import { indexLookupLower } from "./indexLookupLower.js";
import { equalityLower } from "./equalityLower.js";
import { disjointnessLower } from "./disjointnessLower.js";
import { nnLower } from "./nnLower.js";

export type { Claim, ClaimModel, NonExecutableClaim } from "./claim.js";
export { NON_EXECUTABLE_CLAIMS } from "./nonExecutable.js";
export { indexLower, arLower, cgramLower, countingLower, istreeCotLower, cotNoRescue, indexLookupLower, equalityLower, disjointnessLower, nnLower };

/** Every executable claim by id. */
export const CLAIMS: ReadonlyMap<string, Claim<any>> = new Map(
  [indexLower, arLower, cgramLower, countingLower, istreeCotLower, cotNoRescue, indexLookupLower, equalityLower, disjointnessLower, nnLower].map((c) => [c.id, c]),
);
