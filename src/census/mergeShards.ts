import { userError } from "../util/errors.js";
import { censusRow } from "./exact.js";
import { mergeClassParts } from "./merge.js";
import { buildCensus, modelHash, type CensusRecipe } from "./recipe.js";
import { partsFromRow, type ShardFile } from "./shardFile.js";
import type { CensusRow } from "./types.js";

export interface MergedCensus {
  recipe: CensusRecipe;
  header: Record<string, unknown>;
  /** Rows as the single-process census gives them, without distinctStatesPerBlock. */
  rows: CensusRow[];
}

/**
 * Merges the K shard files of one census: they must name the same census (recipe, header,
 * model hash per n) and be shards 0 … K−1 of it, each once. The model is rebuilt from the
 * recipe and must hash the same; fooling pairs are replayed from scratch.
 */
export function mergeShardFiles(files: readonly { path: string; file: ShardFile }[]): MergedCensus {
  if (files.length === 0) userError("merge needs at least one shard file");
  const [first] = files;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  const K = first.file.shard.K;
  const seen = new Map<number, string>();
  for (const { path, file } of files) {
    if (!same(file.recipe, first.file.recipe) || !same(file.header, first.file.header)) {
      userError(`${path} is a shard of a different census than ${first.path} (model, task or sizes differ)`);
    }
    if (!same(file.rows.map((r) => [r.n, r.modelHash]), first.file.rows.map((r) => [r.n, r.modelHash]))) {
      userError(`${path} and ${first.path} are shards of different models or sizes`);
    }
    if (file.shard.K !== K) userError(`${path} is shard ${file.shard.k}/${file.shard.K}, ${first.path} is one of ${K}: all shards must split the census the same way`);
    const dup = seen.get(file.shard.k);
    if (dup !== undefined) userError(`${path} and ${dup} are both shard ${file.shard.k}/${K}`);
    seen.set(file.shard.k, path);
  }
  const missing = Array.from({ length: K }, (_, k) => k).filter((k) => !seen.has(k));
  if (missing.length) userError(`shard${missing.length > 1 ? "s" : ""} ${missing.slice(0, 8).join(", ")}${missing.length > 8 ? ", …" : ""} of ${K} missing`);

  const recipe = first.file.recipe;
  const opts = buildCensus(recipe);
  const rows = first.file.rows.map((row0, i) => {
    const n = row0.n;
    const model = opts.modelFor(n);
    if (modelHash(model) !== row0.modelHash) userError(`n=${n}: the model rebuilt from the shards' recipe is not the one they were made with (model hash differs)`);
    const parts = files.map(({ path, file }) => partsFromRow(file.rows[i], opts.reduction, path));
    return censusRow(opts.reduction, model, n, mergeClassParts(opts.reduction, parts), opts.cot ?? null, null);
  });
  return { recipe, header: first.file.header, rows };
}
