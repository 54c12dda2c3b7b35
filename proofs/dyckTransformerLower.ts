import type { z } from "zod";
import type { Claim } from "./claim.js";
import { parseClaimParams } from "./_internals/claimParams.js";
import { boundSentence, gameCertificate, pairSentence, transformerGameParams } from "./_internals/transformerGame.js";
import { disjointnessAnswer } from "../src/comm/transformerPartitionGame.js";
import { dyckGadget } from "../src/comm/reductions/dyckGadget.js";
import { solveDyck } from "../src/tasks/dyck.js";
import { userError } from "../src/util/errors.js";
import { DYCK_GADGET, MAX_GADGET_BITS, verifyCertificate, type Certificate, type ClaimRules } from "../src/verify/index.js";
import type { GadgetMembershipFact } from "../src/verify/certificate.js";

const params = transformerGameParams(MAX_GADGET_BITS);

function statement(c: Certificate): string {
  const out = [
    `The Transformer half of "Dyck-(2,2) both ways" (P2): the Dyck gadget of (x, y) is in Dyck-(2,2) iff DISJ(x, y), so a one-layer Transformer that recognises Dyck-(2,2) at length 4n (then a public end token) computes DISJ_n and needs H(d_h+2)p ≥ n (the one-layer bound).`,
    boundSentence(c),
  ];
  c.facts.forEach((f, k) => {
    if (f.kind === "gadgetMembership") {
      out.push(`facts[${k}]: over all ${f.total} pairs (x, y) at n = ${c.n}, the dyck task's solver puts the gadget string in Dyck-(2,2) exactly when DISJ(x, y) on ${f.agree}${f.agree === f.total ? " (all of them)" : ""}; every pair solved again.`);
    } else if (f.kind === "partitionFoolingPair") {
      out.push(pairSentence(c, f, k) + " By facts[0], the answer it gives is also a wrong Dyck-(2,2) membership answer on that gadget string.");
    }
  });
  return out.join(" ");
}

const rules: ClaimRules = {
  id: "dyck-transformer-lower",
  reductions: [DYCK_GADGET],
  cot: "none",
  statement,
  factProblem(c) {
    const [m, p] = c.facts;
    if (c.facts.length !== 2 || m.kind !== "gadgetMembership" || p.kind !== "partitionFoolingPair") {
      return { field: "facts", reason: "a dyck-transformer-lower certificate holds a gadget membership fact, then a partition fooling pair" };
    }
    if (m.agree !== m.total) return { field: "facts[0].agree", reason: "the gadget does not decide DISJ on every pair" };
    return null;
  },
};

/** P2: Dyck-(2,2) needs linear size for one-layer Transformers (the gadget ties it to DISJ). */
export const dyckTransformerLower: Claim<z.infer<typeof params>> = {
  id: "dyck-transformer-lower",
  source: "P2 (Bhattamishra et al.): Dyck-(2,2) is recognised by a constant-size RNN but needs linear size for one-layer Transformers; the Dyck DISJ gadget with owners A B B A [ours, theory.md §5]",
  summary: "The gadget string of (x, y) is in Dyck-(2,2) iff DISJ(x, y); hence a one-layer Transformer recognising Dyck-(2,2) on it in partition order has H(d_h+2)p ≥ n.",
  params,
  check(p) {
    const { model, parsed: data } = parseClaimParams("dyck-transformer-lower", params, p);
    const { n } = data;
    let agree = 0;
    for (let xi = 0; xi < 2 ** n; xi++) {
      const x = Array.from({ length: n }, (_, j) => (xi >>> j) & 1);
      for (let yi = 0; yi < 2 ** n; yi++) {
        const y = Array.from({ length: n }, (_, j) => (yi >>> j) & 1);
        if (solveDyck(4 * n, dyckGadget(x, y).tokens) === disjointnessAnswer(x, y)) agree++;
      }
    }
    if (agree !== 4 ** n) userError(`dyck-transformer-lower: the gadget decides DISJ on ${agree} of ${4 ** n} pairs`);
    const membership: GadgetMembershipFact = { kind: "gadgetMembership", inputs: "every (x, y) in {0,1}^n x {0,1}^n", agree, total: 4 ** n };
    const cert = gameCertificate("dyck-transformer-lower", { ...data, model }, [membership]);
    return { ...cert, statement: statement(cert) };
  },
  verify: (certificate, options) => verifyCertificate(certificate, rules, options),
};
