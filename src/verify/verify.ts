import type { StreamingModel } from "../stream/model.js";
import { aliceLength } from "../comm/reduction.js";
import type { Reduction } from "../comm/reduction.js";
import { getReduction } from "../comm/reductions/registry.js";
import { UserError } from "../util/errors.js";
import { dyckVocabulary } from "../tasks/dyck.js";
import { GADGET_MODEL_TARGET, partitionProtocol } from "../comm/transformerPartitionGame.js";
import { certificateSchema, fieldPath, CERTIFICATE_SCHEMA, type Certificate } from "./certificate.js";
import { checkFact, Refutation, type FactContext } from "./facts.js";
import { modelFromSpec, SpecProblem, weightsSha256 } from "./model.js";

/** What a claim asks of its certificates beyond the schema (proofs/ supplies it). */
export interface ClaimRules {
  readonly id: string;
  /** "task/name" keys of the reductions the claim is about. */
  readonly reductions: readonly string[];
  /** Whether Bob plays a chain of thought: never, always, or either. */
  readonly cot: "none" | "required" | "any";
  /** Whether Bob's chain of thought may ask the model's retriever (a two-way game). */
  readonly retrieval?: boolean;
  /** The statement the facts support, regenerated from the certificate. */
  statement(c: Certificate): string;
  /** Extra conditions on the facts (e.g. "at least one shows an error"); null when met. */
  factProblem?(c: Certificate): { field: string; reason: string } | null;
}

export interface VerifyOptions {
  /** The model of a certificate whose model is supplied (a user's module or object). */
  model?: StreamingModel<unknown>;
  /** The bytes of a weights file the certificate does not embed. */
  weightsBytes?: Uint8Array;
}

export type Verdict =
  | { ok: true; claim: string; statement: string }
  /** `notACertificate`: the input is not a JSON object at all (exit code 2 in the CLI). */
  | { ok: false; field: string; reason: string; notACertificate?: boolean };

/** A JSON object with the certificate marker? Anything else is not a certificate at all. */
export function isCertificateShaped(raw: unknown): raw is Record<string, unknown> {
  return typeof raw === "object" && raw !== null && !Array.isArray(raw);
}

/**
 * Re-checks a certificate: its shape, the model (rebuilt, hashed, M recomputed), then every
 * fact by re-running only the inputs it names, then the statement against what the facts show.
 */
export function verifyCertificate(raw: unknown, rules: ClaimRules, options: VerifyOptions = {}): Verdict {
  if (!isCertificateShaped(raw)) {
    return { ok: false, field: "(the certificate)", reason: `not a certificate: expected a JSON object, got ${raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw}`, notACertificate: true };
  }
  if (raw.schema !== CERTIFICATE_SCHEMA) {
    return { ok: false, field: "schema", reason: `must be "${CERTIFICATE_SCHEMA}", got ${JSON.stringify(raw.schema) ?? "nothing"}` };
  }
  const parsed = certificateSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const keys = issue.code === "unrecognized_keys" ? (issue as { keys?: string[] }).keys ?? [] : [];
    const path = keys.length ? [...issue.path, keys[0]] : issue.path;
    return { ok: false, field: fieldPath(path), reason: keys.length ? "is not a field of a certificate" : issue.message };
  }
  try {
    return checkParsed(parsed.data, rules, options);
  } catch (e) {
    if (e instanceof Refutation) return { ok: false, field: e.field, reason: e.reason };
    throw e;
  }
}

/** Dyck-(2,2) has no bit-block reduction: its certificates name "dyck/string", and the model is sized by this. */
export const DYCK_STRINGS = "dyck/string";
/** The one-layer Transformer game on the Dyck DISJ gadget: M is Alice's partition message, H·(d_h + 2)·p bits. */
export const DYCK_GADGET = "disjointness/dyck-gadget";
const DYCK_TARGET = { task: "dyck", name: "string", vocabSize: () => dyckVocabulary(1).length } as unknown as Reduction;

function refute(field: string, reason: string): never {
  throw new Refutation(field, reason);
}

function checkParsed(c: Certificate, rules: ClaimRules, options: VerifyOptions): Verdict {
  if (c.claim !== rules.id) refute("claim", `this is a certificate of '${c.claim}', checked as '${rules.id}'`);
  const key = `${c.reduction.task}/${c.reduction.name}`;
  if (!rules.reductions.includes(key)) refute("reduction", `claim ${rules.id} is about ${rules.reductions.join(", ")}, not ${key}`);
  if (rules.cot === "none" && c.cot !== null) refute("cot", `claim ${rules.id} is about answers without a chain of thought`);
  if (rules.cot === "required" && c.cot === null) refute("cot", `claim ${rules.id} is about answers after a chain of thought`);
  if (c.cot !== null && !(c.cot.maxTokens >= 1)) refute("cot.maxTokens", "must be at least 1");
  if (Boolean(c.cot?.retrieval) !== Boolean(rules.retrieval)) {
    refute("cot.retrieval", rules.retrieval ? `claim ${rules.id} is about a two-way game with the model's retriever` : `claim ${rules.id} is about one-way games: no retriever`);
  }
  const strings = key === DYCK_STRINGS;
  const gadget = key === DYCK_GADGET;
  if (strings && Object.keys(c.reduction.options).length) refute("reduction.options", "dyck strings take no options");
  if (gadget && Object.keys(c.reduction.options).length) refute("reduction.options", "the Dyck gadget takes no options");
  const reduction = strings ? DYCK_TARGET : gadget ? GADGET_MODEL_TARGET : guard("reduction.options", () => getReduction(c.reduction.task, c.reduction.name, c.reduction.options));
  if (c.n < 1 || c.n > 4096) refute("n", "must be in 1..4096");
  const minBits = (reduction as Reduction & { minBits?: number }).minBits ?? 1;
  if (c.n < minBits) refute("n", `reduction ${key} needs n ≥ ${minBits}`);

  const model = guard("model", () => modelFromSpec(c.model, reduction, c.n, options));
  if (model.name !== c.modelName) refute("modelName", `the model built from the spec is ${model.name}, not ${c.modelName}`);
  const format = model.format?.name ?? null;
  if (format !== c.format) refute("format", `the model computes in ${format}, not ${c.format}`);
  const digest = weightsSha256(model);
  if (digest !== c.weightsSha256) refute("weightsSha256", `the model's weights have sha256 ${digest}, not ${c.weightsSha256}`);
  // A string task's state is the model's after all n symbols; a reduction's, after Alice's prefix.
  const M = gadget
    ? guard("model", () => partitionProtocol(model, c.n).messageBits)
    : model.stateBits(strings ? c.n : aliceLength(reduction, c.n));
  if (M !== c.M) refute("M", gadget ? `Alice's partition message has H·(d_h+2)·p = ${M} bits, not ${c.M}` : `the model's state after Alice's prefix has ${M} bits, not ${c.M}`);

  let cot: FactContext["cot"] = c.cot === null ? null : { maxTokens: c.cot.maxTokens };
  if (c.cot?.retrieval) {
    const retriever = (model as { retriever?: unknown }).retriever;
    if (typeof retriever !== "function") refute("cot.retrieval", `${model.name} has no retriever`);
    cot = { maxTokens: c.cot.maxTokens, retriever: retriever as NonNullable<FactContext["cot"]>["retriever"] };
  }
  const modelAt = (size: number) => (size === c.n ? model : guard("model", () => modelFromSpec(c.model, reduction, size, options)));
  const ctx: FactContext = { model, reduction, n: c.n, M, cot, strings, gadget, ...(strings || gadget ? {} : { modelAt }) };
  c.facts.forEach((f, k) => checkFact(ctx, f, `facts[${k}]`, c.facts));
  const problem = rules.factProblem?.(c) ?? null;
  if (problem) refute(problem.field, problem.reason);
  const statement = rules.statement(c);
  if (statement !== c.statement) refute("statement", "does not say what the facts show (the verifier regenerates it from them)");
  return { ok: true, claim: c.claim, statement };
}

/** Runs `f`; a UserError or spec problem becomes a refutation of `field`. */
function guard<T>(field: string, f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof SpecProblem) refute(e.field, e.message);
    if (e instanceof UserError) refute(field, e.message.split("\n")[0]);
    throw e;
  }
}
