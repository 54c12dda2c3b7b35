import { z } from "zod";
import type { Claim, ClaimModel } from "./claim.js";
import { resolveModel } from "./_internals/lowerBoundClaim.js";
import { parseClaimParams } from "./_internals/claimParams.js";
import { getReduction } from "../src/comm/reductions/registry.js";
import { aliceLength, type Reduction } from "../src/comm/reduction.js";
import { runCensus } from "../src/census/census.js";
import { constructionTask, isConstructionName } from "../src/models/constructions/index.js";
import type { ModelRequest } from "../src/models/registry.js";
import { userError } from "../src/util/errors.js";
import {
  CERTIFICATE_SCHEMA,
  MAX_EXHAUSTIVE_BITS,
  MAX_REPLAYED_PAIRS,
  universalAccuracyBound,
  verifyCertificate,
  weightsSha256,
  type Certificate,
  type ClaimRules,
  type Fact,
} from "../src/verify/index.js";

/**
 * The reductions a construction can be certified on, each with the lower-bound claim it stands
 * beside. In every one some query tells any two x apart (each lower claim's separatesEveryPair),
 * so a model exact at n sends 2^n distinct messages.
 */
const BESIDE: Readonly<Record<string, string>> = {
  "index/index": "index-lower",
  "ar/ar": "ar-lower",
  "indexlookup/indexlookup": "indexlookup-lower",
  "equality/equality": "equality-lower",
  "disjointness/disjointness": "disjointness-lower",
  "counting/counting": "counting-lower",
  "cgram/cgram": "cgram-lower",
  "nn/nn": "nn-lower",
};

/** Constructions other claims certify (their games are not one-way, or not over bit blocks). */
const ELSEWHERE: Readonly<Record<string, string>> = { "rag-index": "rag-upper", "rag-ar": "rag-upper", "rag-istree": "rag-upper", "dyck-rnn": "dyck-rnn-upper" };

const params = z.strictObject({
  n: z.number().int().min(1).max(MAX_EXHAUSTIVE_BITS),
  reduction: z.string().optional(),
  reductionOptions: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  seed: z.number().int().optional(),
});

function statement(c: Certificate): string {
  const opts = Object.entries(c.reduction.options).map(([k, v]) => `${k}=${v}`).join(",");
  const key = `${c.reduction.task}/${c.reduction.name}`;
  const task = `${key}${opts ? `(${opts})` : ""}`;
  const out: string[] = [];
  const acc = c.facts.find((f) => f.kind === "exactAccuracy");
  if (acc?.kind === "exactAccuracy") {
    const every = acc.distinctMessages === 2 ** c.n ? ` (all 2^${c.n}: every x its own message, as any model exact here must send)` : "";
    out.push(
      `${c.model.kind === "registry" ? `${c.model.request.model}, ` : ""}${c.modelName}, at format ${c.format ?? "(none)"}, answers ${acc.correct === acc.total ? "all" : `${acc.correct} of the`} ${acc.total} inputs (x, q) of ${task} at n = ${c.n} correctly: ` +
        `exact accuracy ${acc.correct}/${acc.total}, every x ∈ {0,1}^${c.n} with every query named by the range and replayed from scratch, from ${acc.distinctMessages} distinct messages${every}.`,
    );
  }
  const sizes = c.facts.find((f) => f.kind === "stateBits");
  if (sizes?.kind === "stateBits") {
    const Ms = sizes.sizes.map((s) => s.M);
    const grows = Ms.every((M, k) => k === 0 || M > Ms[k - 1]);
    out.push(
      `Its state after Alice's prefix is M = ${c.M} bits at n = ${c.n}; rebuilt at n = ${sizes.sizes.map((s) => s.n).join(", ")} it has ${Ms.join(", ")} bits` +
        (grows && Ms.length > 1 ? ", growing with n." : "."),
    );
  }
  const lower = BESIDE[key];
  if (lower) {
    out.push(
      `It stands beside ${lower}: some query tells any two x apart, so every one-way streaming model that is exact at n needs 2^n distinct messages, M ≥ n bits; here M = ${c.M} ${c.M >= c.n ? "≥" : "<"} n = ${c.n}.`,
    );
  }
  c.facts.forEach((f) => {
    if (f.kind === "accuracyBound") {
      out.push(
        c.M >= f.informationBits
          ? `The counting bound 1 − H₂⁻¹(1 − M/${f.informationBits}) allows accuracy 1 only from M ≥ ${f.informationBits} bits, which this M meets (recomputed, not run).`
          : `The counting bound caps every ${c.M}-bit model at ${f.accuracyUpperBound.toFixed(4)} here (recomputed, not run).`,
      );
    }
  });
  out.push("The certificate shows this model at this format and this n only, not other sizes or formats, and nothing about models in general.");
  return out.join(" ");
}

const rules: ClaimRules = {
  id: "construction-upper",
  reductions: Object.keys(BESIDE),
  cot: "none",
  statement,
  factProblem(c) {
    if (c.model.kind !== "registry" || !isConstructionName(c.model.request.model) || Object.hasOwn(ELSEWHERE, c.model.request.model)) {
      return { field: "model", reason: "construction-upper is about the registry's one-way constructions" };
    }
    const kinds = c.facts.map((f) => f.kind);
    const acc = c.facts.findIndex((f) => f.kind === "exactAccuracy");
    if (acc < 0 || !kinds.includes("stateBits") || new Set(kinds).size !== kinds.length || kinds.some((k) => k !== "exactAccuracy" && k !== "stateBits" && k !== "accuracyBound")) {
      return { field: "facts", reason: "a construction-upper certificate holds one exact accuracy, one state-bits fact and at most one bound" };
    }
    const f = c.facts[acc];
    if (f.kind === "exactAccuracy" && f.correct !== f.total) return { field: `facts[${acc}].correct`, reason: "the model does not solve the task exactly at this n" };
    return null;
  },
};

function constructionOf(m: ClaimModel): string {
  if (typeof m === "object" && m !== null && "supplied" in m) userError("construction-upper is about the registry's constructions; for a model of your own use a lower-bound claim");
  const name = (m as ModelRequest).model;
  if (Object.hasOwn(ELSEWHERE, name)) userError(`${name} is certified by claim ${ELSEWHERE[name]}, not construction-upper`);
  if (!isConstructionName(name)) userError(`construction-upper is about a construction (--model transformer-index, hybrid-index, transformer-ar, …), not '${name}'`);
  return name;
}

/** The Transformer and hybrid upper bounds, instanced: a construction exact on every input at n. */
export const constructionUpper: Claim<z.infer<typeof params>> = {
  id: "construction-upper",
  source:
    "P1 (Wen, Dang, Lyu): Transformers and hybrids solve Index and AR with O(log n)-bit numbers (their state, the KV cache, grows with n); P2 (Bhattamishra et al.): 1-layer Transformers of size O(log N) solve Index Lookup, 2-layer ones equality and disjointness",
  summary:
    "A construction from theory (weights of an ordinary Transformer or hybrid) answers every input of its task at n correctly, with a state that grows with n: the side of the separation the retrieval lower bounds leave open.",
  params,
  check(p) {
    const { model: requested, parsed: data } = parseClaimParams("construction-upper", params, p);
    const { n } = data;
    const name = constructionOf(requested);
    const task = constructionTask(name)!;
    const key = data.reduction === undefined ? Object.keys(BESIDE).find((k) => k.startsWith(`${task}/`)) : data.reduction.includes("/") ? data.reduction : `${task}/${data.reduction}`;
    if (key === undefined || !Object.hasOwn(BESIDE, key)) userError(`construction-upper is about ${Object.keys(BESIDE).join(", ")}; ${name} solves ${task}`);
    const [rTask, rName] = key.split("/");
    const options = data.reductionOptions ?? {};
    const r: Reduction = getReduction(rTask, rName, options);
    const Q = r.queryCount(n);
    if (2 ** n * Q > MAX_REPLAYED_PAIRS) userError(`construction-upper names every input: 2^${n}·${Q} is more than ${MAX_REPLAYED_PAIRS}; take a smaller --n`);
    const minBits = (r as Reduction & { minBits?: number }).minBits ?? 1;
    if (n < minBits) userError(`${key} needs n ≥ ${minBits}`);
    const { model, spec } = resolveModel(requested, r, n);
    const [row] = runCensus({ reduction: r, modelFor: () => model, cot: null }, [n]);
    const total = 2 ** n * Q;
    const [num, den] = row.accuracyExact.split("/").map(Number);
    const correct = (num * total) / den;
    if (correct !== total) userError(`${model.name} answers ${correct} of ${total} inputs of ${key} at n = ${n}: not an upper bound at this format`);
    const M = model.stateBits(aliceLength(r, n));
    const sizes = [];
    for (let k = minBits; k <= n; k++) sizes.push({ n: k, M: k === n ? M : resolveModel(requested, r, k).model.stateBits(aliceLength(r, k)) });
    const facts: Fact[] = [
      { kind: "exactAccuracy", inputs: "every x in {0,1}^n, every query", correct, total, distinctMessages: Number(row.distinctStates) },
      { kind: "stateBits", sizes },
    ];
    const bits = r.informationBits?.(n);
    if (bits !== undefined) facts.push({ kind: "accuracyBound", informationBits: bits, accuracyUpperBound: universalAccuracyBound(bits, M) });
    const base: Certificate = {
      schema: CERTIFICATE_SCHEMA,
      claim: "construction-upper",
      statement: "",
      model: spec,
      modelName: model.name,
      format: model.format?.name ?? null,
      weightsSha256: weightsSha256(model),
      reduction: { task: rTask, name: rName, options },
      cot: null,
      n,
      M,
      facts,
    };
    return { ...base, statement: statement(base) };
  },
  verify: (certificate, options) => verifyCertificate(certificate, rules, options),
};
