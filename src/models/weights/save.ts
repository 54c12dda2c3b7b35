import { writeFileSync } from "node:fs";
import { UserError } from "../../util/errors.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { Dtype } from "./dtypes.js";
import { serializeJsonWeights } from "./jsonWeights.js";
import type { WeightsKind } from "./load.js";
import { writeSafetensors } from "./safetensors.js";

export interface SaveWeightsOptions {
  /** safetensors dtype (default F64, which holds every format value exactly). */
  readonly dtype?: Dtype;
}

/** The file bytes of a model's weights; `changed` counts values a narrower dtype altered. */
export function weightsToBytes(
  model: ExactModel,
  kind: WeightsKind,
  options: SaveWeightsOptions = {},
): { bytes: Uint8Array; changed: number } {
  const config = savedConfig(model);
  const tensors = model.tensors();
  if (kind === "json") {
    if (options.dtype !== undefined && options.dtype !== "F64") {
      throw new UserError(`dtype ${options.dtype} applies to safetensors; JSON stores doubles`);
    }
    const text = serializeJsonWeights({ architecture: model.architecture, config, tensors });
    return { bytes: new TextEncoder().encode(text), changed: 0 };
  }
  if (kind !== "safetensors") throw new UserError(`weights kind must be 'json' or 'safetensors', got '${String(kind)}'`);
  const metadata = { architecture: model.architecture, config: JSON.stringify(config) };
  return writeSafetensors(tensors, metadata, options.dtype ?? "F64");
}

/** Writes a model's weights; returns how many values a narrower dtype changed (0 for F64/JSON). */
export function saveWeights(
  model: ExactModel,
  path: string,
  kind: WeightsKind,
  options: SaveWeightsOptions = {},
): { changed: number } {
  const { bytes, changed } = weightsToBytes(model, kind, options);
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new UserError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { changed };
}

/** The model's config plus the format its weights are values of (informative when loading). */
function savedConfig(model: ExactModel): Record<string, unknown> {
  return { ...model.config, format: model.formats.weights.name };
}
