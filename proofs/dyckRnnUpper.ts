import { z } from "zod";
import type { Claim } from "./claim.js";
import { parseClaimParams } from "./_internals/claimParams.js";
import { resolveModel } from "./_internals/lowerBoundClaim.js";
import { stringCensus } from "../src/census/stringCensus.js";
import { userError } from "../src/util/errors.js";
import { CERTIFICATE_SCHEMA, DYCK_STRINGS, verifyCertificate, weightsSha256, type Certificate, type ClaimRules } from "../src/verify/index.js";
import { DYCK_ALPHABET, DYCK_ANSWERS, MAX_STRING_LENGTH } from "../src/verify/facts.js";
import { solveDyck, dyckVocabulary } from "../src/tasks/dyck.js";
import type { Reduction } from "../src/comm/reduction.js";

const params = z.strictObject({ n: z.number().int().min(1).max(MAX_STRING_LENGTH), seed: z.number().int().optional() });

const DYCK_TARGET = { task: "dyck", name: "string", vocabSize: () => dyckVocabulary(1).length } as unknown as Reduction;

function statement(c: Certificate): string {
  const f = c.facts[0];
  const head = `${c.modelName} has an M = ${c.M}-bit state after every prefix of a string over ( ) [ ].`;
  if (!f || f.kind !== "languageAccuracy") return head;
  return (
    `${head} It classifies ${f.correct} of the ${f.total} strings of length 1..${c.n} correctly as in or out of Dyck-(2,2)` +
    `${f.correct === f.total ? " (all of them)" : ""}; every string replayed from scratch. A constant-size recurrent state suffices here, as P2's automaton says;` +
    ` the certificate covers lengths up to ${c.n}, not longer strings.`
  );
}

const rules: ClaimRules = {
  id: "dyck-rnn-upper",
  reductions: [DYCK_STRINGS],
  cot: "none",
  statement,
  factProblem(c) {
    if (c.facts.length !== 1 || c.facts[0].kind !== "languageAccuracy") return { field: "facts", reason: "a dyck-rnn-upper certificate holds one language-accuracy fact" };
    if (c.facts[0].correct !== c.facts[0].total) return { field: "facts[0].correct", reason: "the model does not recognise Dyck-(2,2) exactly up to this length" };
    return null;
  },
};

/** P2: a constant-size RNN recognises Dyck-(2,2) (an 8-state automaton). */
export const dyckRnnUpper: Claim<z.infer<typeof params>> = {
  id: "dyck-rnn-upper",
  source: "P2 (Bhattamishra et al.): Dyck-(2,2) is recognised by a constant-size RNN (an 8-state automaton, 3 bits); the 1-layer Transformer side needs linear size",
  summary: "A recurrent model with a constant number of state bits accepts exactly the strings of Dyck-(2,2), at every length.",
  params,
  check(p) {
    const { model: requested, parsed: data } = parseClaimParams("dyck-rnn-upper", params, p);
    const { n } = data;
    const { model, spec } = resolveModel(requested, DYCK_TARGET, 1);
    let correct = 0;
    let total = 0;
    for (let len = 1; len <= n; len++) {
      const row = stringCensus({ model, alphabet: DYCK_ALPHABET, solve: solveDyck, answerTokens: DYCK_ANSWERS }, len);
      const [num, den] = row.accuracyExact.split("/").map(Number);
      correct += (num * 4 ** len) / den;
      total += 4 ** len;
    }
    if (correct !== total) userError(`${model.name} classifies ${correct} of ${total} strings of length 1..${n} correctly: not a recogniser of Dyck-(2,2)`);
    const base: Certificate = {
      schema: CERTIFICATE_SCHEMA,
      claim: "dyck-rnn-upper",
      statement: "",
      model: spec,
      modelName: model.name,
      format: model.format?.name ?? null,
      weightsSha256: weightsSha256(model),
      reduction: { task: "dyck", name: "string", options: {} },
      cot: null,
      n,
      M: model.stateBits(n),
      facts: [{ kind: "languageAccuracy", inputs: "every string of length 1..n", correct, total }],
    };
    return { ...base, statement: statement(base) };
  },
  verify: (certificate, options) => verifyCertificate(certificate, rules, options),
};
