import type { z } from "zod";
import type { Certificate, Verdict, VerifyOptions } from "../src/verify/index.js";
import type { StreamingModel } from "../src/stream/model.js";
import type { ModelRequest } from "../src/models/registry.js";

/** The model a claim is checked on: named as on the command line, or supplied by the caller. */
export type ClaimModel =
  | ModelRequest
  | {
      /** A StreamingModel of the caller's own (from a module, or built in code). */
      supplied: StreamingModel<unknown>;
      /** The module it came from, recorded with its sha256 so the verifier loads the same file. */
      module?: { path: string; sha256: string; exportName: string };
    };

/**
 * A claim from the literature made checkable (theory.md §3): `check` runs a model and produces
 * a certificate whose `statement` says exactly what it shows; `verify` re-checks a certificate
 * with the small checker in src/verify, which re-runs only the inputs the certificate names.
 */
export interface Claim<P = unknown> {
  readonly id: string;
  /** Paper and result, by content. */
  readonly source: string;
  /** The literature's claim in plain words: the general statement, which a certificate only instances. */
  readonly summary: string;
  /** Validates check's parameters (unknown keys are errors). */
  readonly params: z.ZodType<P>;
  check(params: P & { model: ClaimModel }): Certificate;
  verify(certificate: unknown, options?: VerifyOptions): Verdict;
}

/** A claim of the papers that is not a statement about runnable inputs, and why. */
export interface NonExecutableClaim {
  readonly id: string;
  readonly source: string;
  readonly summary: string;
  readonly reason: string;
}
