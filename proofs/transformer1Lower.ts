import type { z } from "zod";
import type { Claim } from "./claim.js";
import { parseClaimParams } from "./_internals/claimParams.js";
import { boundSentence, gameCertificate, pairSentence, transformerGameParams } from "./_internals/transformerGame.js";
import { DYCK_GADGET, verifyCertificate, type Certificate, type ClaimRules } from "../src/verify/index.js";

const params = transformerGameParams(4096);

function statement(c: Certificate): string {
  const out = [
    `The bound (P2's one-layer Transformer bound via the Dyck gadget, theory.md §5): a one-layer Transformer with H heads of size d_h at p bits per number that computes DISJ_n on the gadget (read in partition order) needs H(d_h+2)p ≥ n, since Alice's partial softmax sums are a one-way message of that many bits and DISJ_n needs n.`,
    boundSentence(c),
  ];
  c.facts.forEach((f, k) => {
    if (f.kind === "partitionFoolingPair") out.push(pairSentence(c, f, k));
  });
  return out.join(" ");
}

const rules: ClaimRules = {
  id: "transformer1-lower",
  reductions: [DYCK_GADGET],
  cot: "none",
  statement,
  factProblem(c) {
    if (c.facts.length !== 1 || c.facts[0].kind !== "partitionFoolingPair") return { field: "facts", reason: "a transformer1-lower certificate holds one partition fooling pair" };
    return null;
  },
};

/** P2: one-layer Transformers need size linear in n for DISJ through the Dyck gadget. */
export const transformer1Lower: Claim<z.infer<typeof params>> = {
  id: "transformer1-lower",
  source: "P2 (Bhattamishra, Hahn, Blunsom, Kanade): one-layer Transformers need size Ω(N) for disjointness and for Dyck-(2,2) (the one-layer communication bound), here through the Dyck DISJ gadget with interleaved owners [ours]",
  summary: "Any one-layer Transformer with H heads of size d_h at p bits per number that computes DISJ_n on the Dyck gadget in partition order has H(d_h+2)p ≥ n.",
  params,
  check(p) {
    const { model, parsed: data } = parseClaimParams("transformer1-lower", params, p);
    const cert = gameCertificate("transformer1-lower", { ...data, model }, []);
    return { ...cert, statement: statement(cert) };
  },
  verify: (certificate, options) => verifyCertificate(certificate, rules, options),
};
