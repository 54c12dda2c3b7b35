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
import { ragUpper } from "./ragUpper.js";
import { dyckRnnUpper } from "./dyckRnnUpper.js";
import { transformer1Lower } from "./transformer1Lower.js";
import { dyckTransformerLower } from "./dyckTransformerLower.js";
import { constructionUpper } from "./constructionUpper.js";
import type { Verdict, VerifyOptions } from "../src/verify/index.js";

export type { Claim, ClaimModel, NonExecutableClaim } from "./claim.js";
export { NON_EXECUTABLE_CLAIMS } from "./nonExecutable.js";
export { indexLower, arLower, cgramLower, countingLower, istreeCotLower, cotNoRescue, indexLookupLower, equalityLower, disjointnessLower, nnLower, ragUpper, dyckRnnUpper, transformer1Lower, dyckTransformerLower, constructionUpper };

/** Every executable claim by id. */
export const CLAIMS: ReadonlyMap<string, Claim<any>> = new Map(
  [indexLower, arLower, cgramLower, countingLower, istreeCotLower, cotNoRescue, indexLookupLower, equalityLower, disjointnessLower, nnLower, ragUpper, dyckRnnUpper, transformer1Lower, dyckTransformerLower, constructionUpper].map((c) => [c.id, c]),
);

/**
 * Verifies any certificate by its `claim` field: a Verdict, never a throw for bad input.
 * `options.model` supplies the model of a certificate about a supplied model.
 */
export function verify(certificate: unknown, options?: VerifyOptions): Verdict {
  const id = typeof certificate === "object" && certificate !== null && !Array.isArray(certificate) ? (certificate as { claim?: unknown }).claim : undefined;
  const claim = typeof id === "string" ? CLAIMS.get(id) : undefined;
  if (claim) return claim.verify(certificate, options);
  if (typeof certificate !== "object" || certificate === null || Array.isArray(certificate)) {
    return { ok: false, field: "(the certificate)", reason: "not a certificate: expected a JSON object", notACertificate: true };
  }
  return { ok: false, field: "claim", reason: `${JSON.stringify(id) ?? "missing"} is not a claim (claims: ${[...CLAIMS.keys()].join(", ")})` };
}
