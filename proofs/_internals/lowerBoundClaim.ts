import { readFileSync } from "node:fs";
import { basename, resolve } from "node:path";
import { z } from "zod";
import type { Claim, ClaimModel } from "../claim.js";
import { getReduction } from "../../src/comm/reductions/registry.js";
import type { Reduction } from "../../src/comm/reduction.js";
import { aliceLength, parseBits } from "../../src/comm/reduction.js";
import { modelProtocol } from "../../src/comm/game.js";
import { modelFactory, type ModelRequest } from "../../src/models/registry.js";
import { runCensus } from "../../src/census/census.js";
import type { StreamingModel } from "../../src/stream/model.js";
import { userError } from "../../src/util/errors.js";
import { parseClaimParams } from "./claimParams.js";
import {
  CERTIFICATE_SCHEMA,
  EMBED_WEIGHTS_MAX_BYTES,
  MAX_EXHAUSTIVE_BITS,
  MAX_REPLAYED_PAIRS,
  sha256Hex,
  universalAccuracyBound,
  verifyCertificate,
  weightsSha256,
  type Certificate,
  type ClaimRules,
  type Fact,
  type ModelSpec,
} from "../../src/verify/index.js";
import { lowerBoundStatement } from "./statement.js";

/** What distinguishes one lower-bound claim from another: its reduction, CoT and wording. */
export interface LowerBoundConfig {
  id: string;
  source: string;
  summary: string;
  /** "task/name" of the reduction(s) the claim covers; the first is the default. */
  reductions: readonly string[];
  cot: "none" | "required";
  /** True when any two different x are told apart by some query (Index-like): then n > M forces a fooling pair. */
  separatesEveryPair: boolean;
}

const EXHAUSTIVE_CENSUS_BITS = 20;
const DEFAULT_SAMPLES = 2000;

export const lowerBoundParams = z.strictObject({
  n: z.number().int().min(1).max(4096),
  /** Sampled bit-flip search with this many inputs instead of the exhaustive census (default past n = 20: 2000). */
  samples: z.number().int().min(1).max(1_000_000).optional(),
  seed: z.number().int().optional(),
  reduction: z.string().optional(),
  reductionOptions: z.record(z.string(), z.union([z.number(), z.string()])).optional(),
  /** With CoT: the most tokens Bob may generate (default 37n + 64). */
  cotTokens: z.number().int().min(1).optional(),
});
export type LowerBoundParams = z.infer<typeof lowerBoundParams>;

function isSupplied(m: ClaimModel): m is Extract<ClaimModel, { supplied: unknown }> {
  return typeof m === "object" && m !== null && "supplied" in m;
}

/** The model and how a certificate names it (weights files hashed, and embedded when small). */
export function resolveModel(m: ClaimModel, r: Reduction, n: number): { model: StreamingModel<unknown>; spec: ModelSpec } {
  if (isSupplied(m)) {
    if (m.supplied.vocabSize < r.vocabSize(n)) userError(`the supplied model has a vocabulary of ${m.supplied.vocabSize}; ${r.task} at n=${n} needs ${r.vocabSize(n)}`);
    return { model: m.supplied, spec: { kind: "supplied", ...(m.module ? { module: m.module } : {}) } };
  }
  const req = m as ModelRequest;
  const model = modelFactory(req, r, n)(n);
  const { weights, flagOf: _flagOf, config, ...rest } = req;
  const request = Object.fromEntries(Object.entries({ ...rest, ...(config && Object.keys(config).length ? { config } : {}) }).filter(([, v]) => v !== undefined)) as Extract<ModelSpec, { kind: "registry" }>["request"];
  if (weights === undefined) return { model, spec: { kind: "registry", request } };
  const bytes = readFileSync(weights);
  const weightsFile = {
    sha256: sha256Hex(bytes),
    path: resolve(weights),
    name: basename(weights),
    ...(bytes.length <= EMBED_WEIGHTS_MAX_BYTES ? { embedded: Buffer.from(bytes).toString("base64") } : {}),
  };
  return { model, spec: { kind: "registry", request, weightsFile } };
}

/**
 * A lower-bound claim checked through a reduction from INDEX (or EQ/DISJ): the certificate
 * holds a fooling pair (replayed on two inputs), the exact accuracy over every input when
 * n ≤ 16, and the universal bound for M bits, each re-checkable.
 */
export function lowerBoundClaim(config: LowerBoundConfig): Claim<LowerBoundParams> {
  const rules: ClaimRules = {
    id: config.id,
    reductions: config.reductions,
    cot: config.cot,
    statement: (c) => lowerBoundStatement(c, config),
    factProblem(c) {
      const shows = c.facts.some((f) => f.kind === "foolingPair" || (f.kind === "exactAccuracy" && f.correct < f.total));
      return shows ? null : { field: "facts", reason: "no fact shows an error of the model (a fooling pair, or an exact accuracy below 1)" };
    },
  };
  return {
    id: config.id,
    source: config.source,
    summary: config.summary,
    params: lowerBoundParams,
    check(params) {
      const { model: requested, parsed: p } = parseClaimParams(config.id, lowerBoundParams, params);
      // "task/name", or a bare name of the claim's task's reductions (as `census --reduction` takes it)
      const key = p.reduction === undefined ? config.reductions[0] : p.reduction.includes("/") ? p.reduction : `${config.reductions[0].split("/")[0]}/${p.reduction}`;
      if (!config.reductions.includes(key)) userError(`claim ${config.id} is about ${config.reductions.join(", ")}, not ${key}`);
      const [task, name] = key.split("/");
      const options = p.reductionOptions ?? {};
      const r = getReduction(task, name, options);
      const n = p.n;
      const { model, spec } = resolveModel(requested, r, n);
      const cot = config.cot === "required" ? { maxTokens: p.cotTokens ?? 37 * n + 64 } : null;
      const M = model.stateBits(aliceLength(r, n));
      const Q = r.queryCount(n);
      // The census is exhaustive up to n = 20 (seconds); the certificate names every input only up to n = 16.
      const exhaustive = p.samples === undefined && n <= EXHAUSTIVE_CENSUS_BITS && 2 ** n * Q <= 2 ** 26;
      const exactFact = exhaustive && n <= MAX_EXHAUSTIVE_BITS && 2 ** n * Q <= MAX_REPLAYED_PAIRS;
      const [row] = runCensus(
        { reduction: r, modelFor: () => model, cot },
        [n],
        exhaustive ? null : { method: "flip", samples: p.samples ?? DEFAULT_SAMPLES, seed: p.seed ?? 1 },
      );
      const facts: Fact[] = [];
      const fp = row.foolingPair;
      if (fp) {
        const message = modelProtocol(model, r, n).send(parseBits(fp.x));
        facts.push({ kind: "foolingPair", x: fp.x, xPrime: fp.xPrime, query: fp.query, message, messageSha256: sha256Hex(message), output: fp.output, expected: fp.expected, expectedPrime: fp.expectedPrime });
      }
      if (exactFact) {
        const total = 2 ** n * Q;
        const [num, den] = row.accuracyExact.split("/").map(Number);
        facts.push({ kind: "exactAccuracy", inputs: "every x in {0,1}^n, every query", correct: (num * total) / den, total, distinctMessages: Number(row.distinctStates) });
      }
      const bits = r.informationBits?.(n);
      if (bits !== undefined) facts.push({ kind: "accuracyBound", informationBits: bits, accuracyUpperBound: universalAccuracyBound(bits, M) });
      if (!facts.some((f) => f.kind === "foolingPair" || (f.kind === "exactAccuracy" && f.correct < f.total))) {
        userError(exhaustive ? `${model.name} tells every input of ${key} apart at n = ${n}${exactFact ? " and answers every one correctly" : ""}: there is no error to certify` : `no fooling pair found for ${model.name} at n = ${n} in ${p.samples ?? DEFAULT_SAMPLES} sampled inputs; try more --samples`);
      }
      const base: Certificate = {
        schema: CERTIFICATE_SCHEMA,
        claim: config.id,
        statement: "",
        model: spec,
        modelName: model.name,
        format: model.format?.name ?? null,
        weightsSha256: weightsSha256(model),
        reduction: { task, name, options },
        cot,
        n,
        M,
        facts,
      };
      return { ...base, statement: lowerBoundStatement(base, config) };
    },
    verify: (certificate, options) => verifyCertificate(certificate, rules, options),
  };
}
