import { createHash } from "node:crypto";
import { getReduction } from "../comm/reductions/registry.js";
import { defaultCotLimit } from "../comm/game.js";
import { modelFactory, type ModelRequest } from "../models/registry.js";
import type { StreamingModel } from "../stream/model.js";
import type { CensusOptions } from "./types.js";

/**
 * Everything that picks a census, as plain data: what a worker thread, a shard file and a
 * Slurm job carry so that each rebuilds the same reduction and model.
 */
export interface CensusRecipe {
  task: string;
  reduction?: string;
  params: Record<string, unknown>;
  model: ModelRequest;
  /** The largest n of the command (the vocabulary of neural models follows it). */
  nMax: number;
  cot: boolean;
}

export function buildCensus(recipe: CensusRecipe): CensusOptions<unknown> {
  const reduction = getReduction(recipe.task, recipe.reduction, recipe.params);
  return {
    reduction,
    modelFor: modelFactory(recipe.model, reduction, recipe.nMax),
    cot: recipe.cot ? { maxTokens: defaultCotLimit(recipe.nMax) } : null,
  };
}

/** sha256 of what the model is: its description and, where it has them, its weight tensors. */
export function modelHash(model: StreamingModel<unknown>): string {
  const h = createHash("sha256");
  h.update(model.name);
  h.update(JSON.stringify(model.describe()));
  const withTensors = model as unknown as { tensors?: () => Record<string, { shape?: number[]; data: Float64Array }> };
  if (typeof withTensors.tensors === "function") {
    const tensors = withTensors.tensors();
    for (const name of Object.keys(tensors).sort()) {
      const t = tensors[name];
      h.update(name);
      h.update(JSON.stringify(t.shape ?? []));
      h.update(new Uint8Array(t.data.buffer, t.data.byteOffset, t.data.byteLength));
    }
  }
  return h.digest("hex");
}
