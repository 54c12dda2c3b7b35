import type { Format } from "../../numeric/format.js";
import { UserError } from "../../util/errors.js";
import { checkConfig } from "../spec.js";
import { initParams } from "./init.js";
import type { Nonlinearity, RecurrentConfig } from "./params.js";
import { RecurrentModel, type Architecture } from "./recurrentModel.js";

/** Options of a seeded recurrent model. */
export interface RecurrentOptions {
  readonly width: number;
  readonly layers: number;
  readonly format: Format;
  readonly vocabSize: number;
  /** Embedding size; default = width. */
  readonly inputSize?: number;
  readonly seed: number;
  /** elman only (default 'tanh'). */
  readonly nonlinearity?: Nonlinearity;
}

/** Validates options (one-line UserError) and builds the seeded model. */
export function buildSeeded(arch: Architecture, options: RecurrentOptions): RecurrentModel {
  const source = `${arch.name} options`;
  if (!options || typeof options !== "object") throw new UserError(`${source}: expected an options object`);
  const known = new Set(["width", "layers", "format", "vocabSize", "inputSize", "seed", "nonlinearity"]);
  for (const key of Object.keys(options)) {
    if (!known.has(key)) throw new UserError(`${source}: unknown option '${key}'`);
  }
  if (!Number.isInteger(options.seed)) throw new UserError(`${source}: seed must be an integer, got ${String(options.seed)}`);
  if (!options.format || typeof options.format.round !== "function") {
    throw new UserError(`${source}: format must be a Format (see parseFormat)`);
  }
  const config: RecurrentConfig = {
    width: options.width,
    layers: options.layers,
    vocabSize: options.vocabSize,
    inputSize: options.inputSize ?? options.width,
    ...(options.nonlinearity !== undefined ? { nonlinearity: options.nonlinearity } : {}),
  };
  checkConfig(arch.name, config, source);
  const params = initParams(arch.name, config, options.format, options.seed);
  return new RecurrentModel(arch, params, options.format, { seed: options.seed });
}
