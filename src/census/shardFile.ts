import { z } from "zod";
import type { Reduction } from "../comm/reduction.js";
import { userError } from "../util/errors.js";
import type { CensusRecipe } from "./recipe.js";
import type { ClassParts } from "./shard.js";
import { messageHex, parseMessageHex } from "./_internals/packedMessage.js";

export const SHARD_KIND = "streambound-census-shard";

/**
 * A shard file: the census it belongs to (recipe, document header, model hash per n), which
 * shard it is, and per n its state classes, column by column: packed message (bits:hex), member
 * count, smallest member x (bit j = x_j), the smallest member separated from it (−1: none), the
 * per-query answer tallies (queries × answers, null for a one-member class, whose tallies are
 * its x's answers) and the model's output per query.
 */
export interface ShardFile {
  kind: typeof SHARD_KIND;
  version: 1;
  recipe: CensusRecipe;
  /** The census document's fields other than rows, as `census` prints them. */
  header: Record<string, unknown>;
  /** With safetensors weights: the device of the float check that `merge` runs on the fooling pairs, as `census` does. */
  floatCheck: { device: string } | null;
  shard: { k: number; K: number };
  rows: ShardRow[];
}

export interface ShardRow {
  n: number;
  modelHash: string;
  queries: number;
  answers: number;
  width: number;
  messages: string[];
  members: number[];
  smallest: number[];
  separated: number[];
  tallies: (number[] | null)[];
  outputs: number[][];
}

const intList = z.array(z.number().int());
const rowSchema = z.strictObject({
  n: z.number().int().min(1).max(30),
  modelHash: z.string(),
  queries: z.number().int().min(1),
  answers: z.number().int().min(1),
  width: z.number().int().min(1),
  messages: z.array(z.string()),
  members: z.array(z.number().int().min(1)),
  smallest: z.array(z.number().int().min(0)),
  separated: z.array(z.number().int().min(-1)),
  tallies: z.array(intList.nullable()),
  outputs: z.array(intList),
});
const fileSchema = z.strictObject({
  kind: z.literal(SHARD_KIND),
  version: z.literal(1),
  recipe: z.record(z.string(), z.unknown()),
  header: z.record(z.string(), z.unknown()),
  floatCheck: z.strictObject({ device: z.string() }).nullable(),
  shard: z.strictObject({ k: z.number().int().min(0), K: z.number().int().min(1) }),
  rows: z.array(rowSchema),
});

export function shardRow(parts: ClassParts, modelHash: string): ShardRow {
  const { count: C, queries: Q, answers: A } = parts;
  const row: ShardRow = {
    n: parts.n,
    modelHash,
    queries: Q,
    answers: A,
    width: parts.width,
    messages: [],
    members: Array.from(parts.members),
    smallest: Array.from(parts.smallest),
    separated: Array.from(parts.separated),
    tallies: [],
    outputs: [],
  };
  for (let c = 0; c < C; c++) {
    row.messages.push(messageHex(parts.keys, c * parts.width));
    const at = parts.talliesAt[c];
    row.tallies.push(at < 0 ? null : Array.from(parts.tallies.subarray(at, at + Q * A)));
    row.outputs.push(Array.from(parts.outputs!.subarray(c * Q, c * Q + Q)));
  }
  return row;
}

/** Parses a shard file's JSON; anything malformed is one line naming the file. */
export function parseShardFile(text: string, path: string): ShardFile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    userError(`${path}: not a shard file (not JSON)`);
  }
  const r = fileSchema.safeParse(value);
  if (!r.success) {
    const issue = r.error.issues[0];
    userError(`${path}: not a census shard file (${issue.path.join(".") || "top level"}: ${issue.message})`);
  }
  for (const row of r.data.rows) {
    const C = row.messages.length;
    if ([row.members, row.smallest, row.separated, row.tallies, row.outputs].some((a) => a.length !== C)) {
      userError(`${path}: n=${row.n}: class columns of different lengths`);
    }
  }
  return r.data as unknown as ShardFile;
}

/**
 * A shard row back into typed arrays; each class's correct count is recomputed from its
 * tallies and outputs (a one-member class: from its x's answers).
 */
export function partsFromRow(row: ShardRow, r: Reduction, path: string): ClassParts {
  const { n, queries: Q, answers: A, width } = row;
  const C = row.messages.length;
  const answers = r.answerTokens(n);
  if (answers.length !== A || r.queryCount(n) !== Q) userError(`${path}: n=${n}: the shard's queries and answers are not this reduction's`);
  const answerIndex = new Map(answers.map((a, k) => [a, k]));
  const parts: ClassParts = {
    n,
    queries: Q,
    answers: A,
    width,
    count: C,
    keys: new Uint32Array(C * width),
    members: Float64Array.from(row.members),
    smallest: Uint32Array.from(row.smallest),
    separated: Int32Array.from(row.separated),
    correct: new Float64Array(C),
    talliesAt: new Int32Array(C),
    tallies: new Uint32Array(row.tallies.reduce((s, t) => s + (t ? Q * A : 0), 0)),
    outputs: null,
  };
  const bits = new Uint8Array(n);
  let used = 0;
  for (let c = 0; c < C; c++) {
    try {
      parseMessageHex(row.messages[c], parts.keys, c * width, width);
    } catch (e) {
      userError(`${path}: n=${n}: class ${c}: ${(e as Error).message}`);
    }
    const t = row.tallies[c];
    const out = row.outputs[c];
    if (out.length !== Q) userError(`${path}: n=${n}: class ${c} has ${out.length} outputs, not ${Q}`);
    if (row.smallest[c] >= 2 ** n || row.separated[c] >= 2 ** n) userError(`${path}: n=${n}: class ${c}: a member outside 0..2^${n}−1`);
    let correct = 0;
    if (t === null) {
      if (row.members[c] !== 1) userError(`${path}: n=${n}: class ${c} has ${row.members[c]} members and no tallies`);
      for (let j = 0; j < n; j++) bits[j] = (row.smallest[c] >>> j) & 1;
      for (let q = 0; q < Q; q++) if (r.expected(n, bits, q) === out[q]) correct++;
      parts.talliesAt[c] = -1;
    } else {
      if (t.length !== Q * A) userError(`${path}: n=${n}: class ${c} has ${t.length} tallies, not ${Q * A}`);
      for (let q = 0; q < Q; q++) {
        const k = answerIndex.get(out[q]);
        if (k !== undefined) correct += t[q * A + k];
      }
      parts.tallies.set(t, used);
      parts.talliesAt[c] = used;
      used += Q * A;
    }
    parts.correct[c] = correct;
  }
  return parts;
}
