import { z } from "zod";
import { UserError } from "../util/errors.js";
import {
  GATES,
  RECURRENT_ARCHITECTURES,
  type RecurrentArchitecture,
  type RecurrentConfig,
} from "./_internals/params.js";

/**
 * Specs of the recurrent models (elman, lstm, gru), validated strictly where they enter:
 * unknown keys are errors, sizes are positive integers, `nonlinearity` exists only for elman.
 */

const size = z.number().int().min(1).max(1_000_000);

/** Parameter count above which we refuse to allocate (a typo like width 1e6 should not hang). */
const MAX_PARAMETERS = 50_000_000;

/** The `config` object of a weights file (JSON or safetensors `__metadata__.config`). */
export const recurrentConfigSchema = z.strictObject({
  width: size,
  layers: size,
  vocabSize: size,
  inputSize: size,
  nonlinearity: z.enum(["tanh", "relu"]).optional(),
  /** The format the weights were saved from; informative, and the default when loading. */
  format: z.string().optional(),
});

export type RecurrentConfigJson = z.infer<typeof recurrentConfigSchema>;

/** A seeded model as JSON data: architecture, sizes, format name and seed. */
export const recurrentSpecSchema = z.strictObject({
  architecture: z.enum(RECURRENT_ARCHITECTURES as [RecurrentArchitecture, ...RecurrentArchitecture[]]),
  width: size,
  layers: size,
  vocabSize: size,
  inputSize: size.optional(),
  format: z.string(),
  seed: z.number().int(),
  nonlinearity: z.enum(["tanh", "relu"]).optional(),
});

export type RecurrentSpec = z.infer<typeof recurrentSpecSchema>;

/** One line naming where the problem is and what it is. */
export function zodProblem(source: string, error: z.ZodError): string {
  const issue = error.issues[0];
  const where = issue.path.length ? issue.path.join(".") : "(top level)";
  return `${source}: ${where}: ${issue.message}`;
}

/** Validates a spec read from JSON; every problem is a one-line UserError naming `source`. */
export function parseRecurrentSpec(value: unknown, source = "model spec"): RecurrentSpec {
  const r = recurrentSpecSchema.safeParse(value);
  if (!r.success) throw new UserError(zodProblem(source, r.error));
  checkConfig(r.data.architecture, { ...r.data, inputSize: r.data.inputSize ?? r.data.width }, source);
  return r.data;
}

/** Cross-field checks shared by specs, options and weights files. */
export function checkConfig(arch: RecurrentArchitecture, config: RecurrentConfig, source: string): RecurrentConfig {
  for (const key of ["width", "layers", "vocabSize", "inputSize"] as const) {
    const v = config[key];
    if (!Number.isInteger(v) || v < 1) {
      throw new UserError(`${source}: ${key} must be a positive integer, got ${String(v)}`);
    }
  }
  if (config.nonlinearity !== undefined && arch !== "elman") {
    throw new UserError(`${source}: nonlinearity is an elman option; ${arch} has none`);
  }
  if (config.nonlinearity !== undefined && config.nonlinearity !== "tanh" && config.nonlinearity !== "relu") {
    throw new UserError(`${source}: nonlinearity must be 'tanh' or 'relu', got ${String(config.nonlinearity)}`);
  }
  const { width: H, layers: L, vocabSize: V, inputSize: I } = config;
  const G = GATES[arch];
  const count = V * I + G * H * (I + H + 2) + (L - 1) * G * H * (2 * H + 2) + V * (H + 1);
  if (count > MAX_PARAMETERS) {
    throw new UserError(`${source}: ${count} parameters is more than the limit of ${MAX_PARAMETERS}`);
  }
  return config;
}
