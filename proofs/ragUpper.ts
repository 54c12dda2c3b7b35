import { z } from "zod";
import type { Claim } from "./claim.js";
import { parseClaimParams } from "./_internals/claimParams.js";
import { resolveModel } from "./_internals/lowerBoundClaim.js";
import { getReduction } from "../src/comm/reductions/registry.js";
import { aliceLength } from "../src/comm/reduction.js";
import { retrievalCensus } from "../src/census/retrievalCensus.js";
import { defaultCotLimit } from "../src/comm/game.js";
import type { Retriever } from "../src/stream/interpreter.js";
import type { StreamingModel } from "../src/stream/model.js";
import { userError } from "../src/util/errors.js";
import { CERTIFICATE_SCHEMA, MAX_EXHAUSTIVE_BITS, MAX_REPLAYED_PAIRS, verifyCertificate, weightsSha256, type Certificate, type ClaimRules } from "../src/verify/index.js";

const REDUCTIONS = ["index/index", "ar/ar"];

const params = z.strictObject({
  n: z.number().int().min(1).max(MAX_EXHAUSTIVE_BITS),
  reduction: z.string().optional(),
  cotTokens: z.number().int().min(1).optional(),
  seed: z.number().int().optional(),
});

function statement(c: Certificate): string {
  const acc = c.facts.find((f) => f.kind === "exactAccuracy");
  const head = `${c.modelName} keeps an M = ${c.M}-bit state after Alice's prefix of ${c.reduction.task}/${c.reduction.name} at n = ${c.n}, and its chain of thought (up to ${c.cot?.maxTokens ?? 0} tokens) may ask its retriever about the context.`;
  if (!acc || acc.kind !== "exactAccuracy") return head;
  const all = acc.correct === acc.total ? `answers all ${acc.total} pairs (x, q) correctly` : `answers ${acc.correct} of ${acc.total} pairs (x, q) correctly`;
  return (
    `${head} Over every input it ${all}, exchanging at most ${acc.retrievalBitsMax} bits with the retriever in one game; every game replayed.` +
    ` This is a two-way protocol (Bob's queries reach Alice's context), so the one-way bound, which would need M ≥ ${c.n} for exact Index, does not apply; the context the retriever holds is not the model's memory.`
  );
}

const rules: ClaimRules = {
  id: "rag-upper",
  reductions: REDUCTIONS,
  cot: "required",
  retrieval: true,
  statement,
  factProblem(c) {
    const acc = c.facts.find((f) => f.kind === "exactAccuracy");
    if (!acc || acc.kind !== "exactAccuracy") return { field: "facts", reason: "an upper bound needs an exact accuracy over every input" };
    if (acc.correct !== acc.total) return { field: `facts[${c.facts.indexOf(acc)}].correct`, reason: "the model does not solve the task exactly at this n" };
    if (c.facts.length !== 1) return { field: "facts", reason: "rag-upper certificates hold one exact-accuracy fact" };
    return null;
  },
};

/** P1: RNNs with in-context RAG solve the retrieval tasks with O(log n) bits of state. */
export const ragUpper: Claim<z.infer<typeof params>> = {
  id: "rag-upper",
  source: "P1 (Wen, Dang, Lyu): RNNs with in-context retrieval (RAG) solve Index, AR and the other retrieval tasks with O(log n) bits of state",
  summary: "A recurrent controller with O(log n) state bits and an in-context retriever answers every Index / AR input correctly; its game is two-way, with O(log n) bits per retrieval, which INDEX's one-way bound allows.",
  params,
  check(p) {
    const { model: requested, parsed: data } = parseClaimParams("rag-upper", params, p);
    const { n } = data;
    const key = data.reduction ?? REDUCTIONS[0];
    if (!REDUCTIONS.includes(key)) userError(`claim rag-upper is about ${REDUCTIONS.join(", ")}, not ${key}`);
    const [task, name] = key.split("/");
    const r = getReduction(task, name);
    if (2 ** n * r.queryCount(n) > MAX_REPLAYED_PAIRS) userError(`rag-upper replays every input: 2^${n}·${r.queryCount(n)} is more than ${MAX_REPLAYED_PAIRS}`);
    const { model, spec } = resolveModel(requested, r, n);
    const retriever = (model as { retriever?: Retriever }).retriever;
    if (typeof retriever !== "function") userError(`${model.name} has no retriever: rag-upper is for rag-* models`);
    const maxTokens = data.cotTokens ?? defaultCotLimit(n);
    const row = retrievalCensus({ reduction: r, modelFor: () => model as StreamingModel<unknown> & { retriever: Retriever }, maxTokens: () => maxTokens }, n);
    const [num, den] = row.accuracyExact.split("/").map(Number);
    const total = 2 ** n * r.queryCount(n);
    const correct = (num * total) / den;
    if (correct !== total) userError(`${model.name} answers ${correct} of ${total} inputs at n = ${n}: not an upper bound`);
    const base: Certificate = {
      schema: CERTIFICATE_SCHEMA,
      claim: "rag-upper",
      statement: "",
      model: spec,
      modelName: model.name,
      format: model.format?.name ?? null,
      weightsSha256: weightsSha256(model),
      reduction: { task, name, options: {} },
      cot: { maxTokens, retrieval: true },
      n,
      M: model.stateBits(aliceLength(r, n)),
      facts: [{ kind: "exactAccuracy", inputs: "every x in {0,1}^n, every query", correct, total, distinctMessages: Number(row.distinctStates), retrievalBitsMax: row.retrievalBitsMax }],
    };
    return { ...base, statement: statement(base) };
  },
  verify: (certificate, options) => verifyCertificate(certificate, rules, options),
};
