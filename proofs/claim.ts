/**
 * A claim from the literature made checkable: `check` runs models and produces a JSON
 * certificate; `verify` re-checks a certificate with a small checker that re-runs only the
 * inputs the certificate names.
 */
export interface Claim<P, C> {
  readonly id: string;
  /** Where the claim comes from (paper and the result, by content). */
  readonly source: string;
  readonly statement: string;
  check(params: P): C;
  verify(certificate: unknown): { ok: true } | { ok: false; reason: string };
}
