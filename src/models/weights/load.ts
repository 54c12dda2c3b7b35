import { readFileSync } from "node:fs";
import type { Format } from "../../numeric/format.js";
import { UserError } from "../../util/errors.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { RoleFormats } from "../_internals/roleFormats.js";
import { parseJsonWeights } from "./jsonWeights.js";
import { modelFromTensors, type LoadedModel } from "./modelFromTensors.js";
import { readSafetensors } from "./safetensors.js";

export type WeightsKind = "json" | "safetensors";

export interface LoadWeightsOptions {
  /**
   * Every stored value is rounded to this format (clamped to ±maxFinite first); with RoleFormats,
   * to the weights format, and the model computes and keeps its state in the other two.
   */
  readonly format: Format | RoleFormats;
  /** When given, a file of another architecture is an error. */
  readonly architecture?: string;
  /** json or safetensors; default: by extension, else by the first byte ('{' means json). */
  readonly kind?: WeightsKind;
}

const METADATA_KEYS = ["architecture", "config"];

/** Builds a model from file bytes (see loadWeights). */
export function weightsFromBytes(bytes: Uint8Array, source: string, options: LoadWeightsOptions): LoadedModel {
  const kind = options.kind ?? guessKind(source, bytes);
  if (kind === "json") {
    let text: string;
    try {
      text = new TextDecoder("utf-8", { fatal: true }).decode(bytes);
    } catch {
      throw new UserError(`${source}: not UTF-8 text (is it a safetensors file?)`);
    }
    const c = parseJsonWeights(text, source);
    return modelFromTensors(c.architecture, c.config, c.tensors, options.format, source, options.architecture);
  }
  const c = readSafetensors(bytes, source);
  for (const key of Object.keys(c.metadata)) {
    if (!METADATA_KEYS.includes(key)) throw new UserError(`${source}: __metadata__ has unknown key '${key}'`);
  }
  for (const key of METADATA_KEYS) {
    if (c.metadata[key] === undefined) throw new UserError(`${source}: __metadata__ lacks '${key}'`);
  }
  let config: unknown;
  try {
    config = JSON.parse(c.metadata.config);
  } catch {
    throw new UserError(`${source}: __metadata__.config is not JSON`);
  }
  return modelFromTensors(c.metadata.architecture, config, c.tensors, options.format, source, options.architecture);
}

/** Reads a weights file (JSON or safetensors), validates it strictly and builds the model; with a summary of the rounding. */
export function loadWeights(path: string, options: LoadWeightsOptions): LoadedModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return weightsFromBytes(bytes, path, options);
}

function guessKind(source: string, bytes: Uint8Array): WeightsKind {
  if (/\.json$/i.test(source)) return "json";
  if (/\.safetensors$/i.test(source)) return "safetensors";
  let k = 0;
  while (k < bytes.length && (bytes[k] === 0x20 || bytes[k] === 0x0a || bytes[k] === 0x0d || bytes[k] === 0x09)) k++;
  return bytes[k] === 0x7b ? "json" : "safetensors";
}

/** loadWeights, model only (the rounding summary is in describe().params.weightsRounded). */
export function loadModelWeights(path: string, options: LoadWeightsOptions): ExactModel {
  return loadWeights(path, options).model;
}
