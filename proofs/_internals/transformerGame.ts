import { z } from "zod";
import { resolveModel } from "./lowerBoundClaim.js";
import type { ClaimModel } from "../claim.js";
import { GADGET_MODEL_TARGET, partitionProtocol, searchPartitionFoolingPair } from "../../src/comm/transformerPartitionGame.js";
import { dyckGadgetVocabulary } from "../../src/tasks/dyck.js";
import { userError } from "../../src/util/errors.js";
import { deriveSeed } from "../../src/util/rng.js";
import { CERTIFICATE_SCHEMA, sha256Hex, weightsSha256, type Certificate, type Fact } from "../../src/verify/index.js";
import type { PartitionFoolingPairFact } from "../../src/verify/certificate.js";

/** The claims of the one-layer Transformer game (transformer1-lower, dyck-transformer-lower). */
export const DEFAULT_SEARCH_LIMIT = 65_536;

export const transformerGameParams = (maxN: number) =>
  z.strictObject({
    n: z.number().int().min(1).max(maxN),
    /** Most x whose messages the search groups (every x when 2^n fits). */
    samples: z.number().int().min(1).max(1 << 24).optional(),
    seed: z.number().int().optional(),
  });

const text = (t: number) => dyckGadgetVocabulary()[t] ?? `<${t}>`;

/** A certificate of the game on `model` at n: its facts are `before` plus a replayed fooling pair. */
export function gameCertificate(claim: string, p: { n: number; samples?: number; seed?: number; model: ClaimModel }, before: Fact[]): Certificate {
  const { model, spec } = resolveModel(p.model, GADGET_MODEL_TARGET, p.n);
  const protocol = partitionProtocol(model, p.n);
  const limit = p.samples ?? DEFAULT_SEARCH_LIMIT;
  const s = searchPartitionFoolingPair(model, p.n, limit, deriveSeed(p.seed ?? 1, "partition-search"));
  if (!s.pair) {
    userError(
      `${claim}: no two of ${s.tried} ${s.exhaustive ? "x (every x)" : "seeded x"} share a message of ${model.name} at n = ${p.n}` +
        (protocol.messageBits < p.n ? " (counting says a pair exists: raise --samples)" : ` (H(d_h+2)p = ${protocol.messageBits} ≥ n: counting does not force one)`),
    );
  }
  const pair: PartitionFoolingPairFact = {
    kind: "partitionFoolingPair",
    x: s.pair.x,
    xPrime: s.pair.xPrime,
    y: s.pair.y,
    message: s.pair.message,
    messageSha256: sha256Hex(s.pair.message),
    output: s.pair.output,
    expected: s.pair.expected,
    expectedPrime: s.pair.expectedPrime,
  };
  return {
    schema: CERTIFICATE_SCHEMA,
    claim,
    statement: "",
    model: spec,
    modelName: model.name,
    format: model.format?.name ?? null,
    weightsSha256: weightsSha256(model),
    reduction: { task: "disjointness", name: "dyck-gadget", options: {} },
    cot: null,
    n: p.n,
    M: protocol.messageBits,
    facts: [...before, pair],
  };
}

/** The sentence of a pair fact: what this certificate shows for this model, never more. */
export function pairSentence(c: Certificate, f: PartitionFoolingPairFact, k: number): string {
  const wrong = f.output === f.expected ? "(x′, y)" : f.output === f.expectedPrime ? "(x, y)" : "both";
  return (
    `facts[${k}]: x ≠ x′ send one ${f.message.length}-bit message, and on y the partition-order evaluation answers ${text(f.output)} on both, ` +
    `where DISJ(x, y) = ${text(f.expected)} and DISJ(x′, y) = ${text(f.expectedPrime)}: this model, at this format, errs on ${wrong}; both are replayed from scratch.` +
    ` (The model's own left-to-right evaluation is not bound by the message and is not what this fact states.)`
  );
}

/** The bound line: H(d_h+2)p against n for this certificate's model. */
export function boundSentence(c: Certificate): string {
  return (
    `${c.modelName}: Alice's partials (per head d_h numerators, a denominator and a maximum) take H·(d_h+2)·p = ${c.M} bits` +
    (c.M < c.n ? `, fewer than n = ${c.n}, so by counting two x share a message.` : `, at least n = ${c.n}, so counting does not force a shared message; this pair is this model's own.`)
  );
}
