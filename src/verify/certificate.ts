import { z } from "zod";

/** The version tag every certificate carries; a verifier refuses any other. */
export const CERTIFICATE_SCHEMA = "streambound.certificate/1";

const bitString = z.string().regex(/^[01]*$/, "must be a string of 0/1");
const sha256 = z.string().regex(/^[0-9a-f]{64}$/, "must be 64 lowercase hex digits (sha256)");

/** A model named as on the command line, rebuilt by the registry. */
const registryModel = z.strictObject({
  kind: z.literal("registry"),
  request: z.strictObject({
    model: z.string(),
    width: z.number().optional(),
    layers: z.number().optional(),
    format: z.string().optional(),
    seed: z.number().optional(),
    stateBits: z.number().optional(),
    /** Architecture options as config keys (heads, norm, positions, …). */
    config: z.record(z.string(), z.union([z.number(), z.string(), z.boolean()])).optional(),
  }),
  /** A weights file: its sha256, where it was, and its bytes (base64) when small. */
  weightsFile: z
    .strictObject({ sha256, path: z.string(), name: z.string(), embedded: z.string().optional() })
    .optional(),
});

/** A model from a user's module (CLI) or handed over in code (library): the verifier gets it the same way. */
const suppliedModel = z.strictObject({
  kind: z.literal("supplied"),
  /** The module file and its sha256, when the model came from one. */
  module: z.strictObject({ path: z.string(), sha256, exportName: z.string() }).optional(),
});

export const modelSpecSchema = z.discriminatedUnion("kind", [registryModel, suppliedModel]);

/** Two of Alice's inputs that reach one message, and a query whose answers differ. */
export const foolingPairFact = z.strictObject({
  kind: z.literal("foolingPair"),
  x: bitString,
  xPrime: bitString,
  query: z.number().int(),
  /** The encoded state both prefixes reach, exactly as sent (its length is at most M). */
  message: bitString,
  messageSha256: sha256,
  /** The model's answer on both inputs (−1: a chain of thought that never answered). */
  output: z.number().int(),
  expected: z.number().int(),
  expectedPrime: z.number().int(),
});

/** Over every x ∈ {0,1}^n and every query: how many answers were right, and how many distinct messages. */
export const exactAccuracyFact = z.strictObject({
  kind: z.literal("exactAccuracy"),
  inputs: z.literal("every x in {0,1}^n, every query"),
  correct: z.number().int(),
  total: z.number().int(),
  distinctMessages: z.number().int(),
  /** With a retriever (a two-way game): the most bits one game exchanged with it. */
  retrievalBitsMax: z.number().int().optional(),
});

/** The universal bound for an M-bit message that reveals `informationBits` uniform bits. */
export const accuracyBoundFact = z.strictObject({
  kind: z.literal("accuracyBound"),
  informationBits: z.number().int(),
  accuracyUpperBound: z.number(),
});

/** A recogniser read every string of lengths 1..n over an alphabet: how many it classified right. */
export const languageAccuracyFact = z.strictObject({
  kind: z.literal("languageAccuracy"),
  inputs: z.literal("every string of length 1..n"),
  correct: z.number().int(),
  total: z.number().int(),
});

/**
 * The one-layer Transformer game (disjointness/dyck-gadget): two x whose partition messages (Alice's
 * partial softmax sums) are one, and a y where DISJ differs; Bob's answer on the message and y.
 */
export const partitionFoolingPairFact = z.strictObject({
  kind: z.literal("partitionFoolingPair"),
  x: bitString,
  xPrime: bitString,
  y: bitString,
  /** Alice's partials, exactly as sent: H·(d_h + 2)·p bits (= M). */
  message: bitString,
  messageSha256: sha256,
  /** The partition-order answer on both inputs (one message, one y). */
  output: z.number().int(),
  expected: z.number().int(),
  expectedPrime: z.number().int(),
});

/** Every (x, y) at n: whether the gadget string is in Dyck-(2,2) (the dyck solver) agrees with DISJ(x, y). */
export const gadgetMembershipFact = z.strictObject({
  kind: z.literal("gadgetMembership"),
  inputs: z.literal("every (x, y) in {0,1}^n x {0,1}^n"),
  agree: z.number().int(),
  total: z.number().int(),
});

/** The model's state bits after Alice's prefix at each listed size (the model rebuilt at that size). */
export const stateBitsFact = z.strictObject({
  kind: z.literal("stateBits"),
  sizes: z.array(z.strictObject({ n: z.number().int(), M: z.number().int() })).min(1),
});

export const factSchema = z.discriminatedUnion("kind", [foolingPairFact, exactAccuracyFact, accuracyBoundFact, languageAccuracyFact, partitionFoolingPairFact, gadgetMembershipFact, stateBitsFact]);

export const certificateSchema = z.strictObject({
  schema: z.literal(CERTIFICATE_SCHEMA),
  claim: z.string(),
  /** What this certificate shows, in words; regenerated from the facts by the verifier. */
  statement: z.string(),
  model: modelSpecSchema,
  /** The model's name and state format, as it describes itself. */
  modelName: z.string(),
  format: z.string().nullable(),
  /** sha256 of the model's weight tensors (null for models without tensors). */
  weightsSha256: sha256.nullable(),
  reduction: z.strictObject({ task: z.string(), name: z.string(), options: z.record(z.string(), z.union([z.number(), z.string()])) }),
  /** Bob's chain of thought: null for none, else the most tokens he may generate. */
  cot: z.strictObject({ maxTokens: z.number().int(), retrieval: z.literal(true).optional() }).nullable(),
  n: z.number().int(),
  /** State bits after Alice's prefix: recomputed from the model by the verifier. */
  M: z.number().int(),
  facts: z.array(factSchema).min(1),
});

export type Certificate = z.infer<typeof certificateSchema>;
export type ModelSpec = z.infer<typeof modelSpecSchema>;
export type Fact = z.infer<typeof factSchema>;
export type FoolingPairFact = z.infer<typeof foolingPairFact>;
export type ExactAccuracyFact = z.infer<typeof exactAccuracyFact>;
export type AccuracyBoundFact = z.infer<typeof accuracyBoundFact>;
export type LanguageAccuracyFact = z.infer<typeof languageAccuracyFact>;
export type PartitionFoolingPairFact = z.infer<typeof partitionFoolingPairFact>;
export type GadgetMembershipFact = z.infer<typeof gadgetMembershipFact>;
export type StateBitsFact = z.infer<typeof stateBitsFact>;

/** A field path as the verifier names it: facts[0].x, model.request.seed, … */
export function fieldPath(path: readonly PropertyKey[]): string {
  let s = "";
  for (const p of path) s += typeof p === "number" ? `[${p}]` : s ? `.${String(p)}` : String(p);
  return s || "(the certificate)";
}
