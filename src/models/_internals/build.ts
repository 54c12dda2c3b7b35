import type { Format } from "../../numeric/format.js";
import { UserError } from "../../util/errors.js";
import { checkConfig } from "../spec.js";
import { initParams } from "./init.js";
import type { Nonlinearity, RecurrentConfig } from "./params.js";
import { RecurrentModel, type Architecture } from "./recurrentModel.js";
import { sameFormat, type RoleFormats } from "./roleFormats.js";

/** Options of a seeded recurrent model. */
export interface RecurrentOptions {
  readonly width: number;
  readonly layers: number;
  /** One format for every role, or a format per role. */
  readonly format: Format | RoleFormats;
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
  const formats = toRoleFormats(options.format);
  if (!formats) throw new UserError(`${source}: format must be a Format (see parseFormat) or RoleFormats`);
  const config: RecurrentConfig = {
    width: options.width,
    layers: options.layers,
    vocabSize: options.vocabSize,
    inputSize: options.inputSize ?? options.width,
    ...(options.nonlinearity !== undefined ? { nonlinearity: options.nonlinearity } : {}),
  };
  checkConfig(arch.name, config, source);
  const params = initParams(arch.name, config, formats.weights, options.seed);
  return new RecurrentModel(arch, params, formats, { seed: options.seed });
}

/** A Format or RoleFormats as RoleFormats; null for anything else. */
export function toRoleFormats(f: unknown): RoleFormats | null {
  if (!f || typeof f !== "object") return null;
  if (typeof (f as Format).round === "function") return sameFormat(f as Format);
  const r = f as RoleFormats;
  return r.weights && r.compute && r.state && typeof r.compute.round === "function" ? r : null;
}
