import { readFileSync, writeFileSync } from "node:fs";
import { z } from "zod";
import type { Format } from "../../numeric/format.js";
import { UserError } from "../../util/errors.js";
import { Rng, deriveSeed } from "../../util/rng.js";
import { DIAGONAL_RNN } from "../diagonalRnn.js";
import { LINEAR_ATTENTION } from "../linearAttention.js";
import { MAMBA } from "../mamba.js";
import { RETNET } from "../retnet.js";
import { zodProblem } from "../spec.js";
import type { Dtype } from "../weights/dtypes.js";
import { readSafetensors, writeSafetensors } from "../weights/safetensors.js";
import { roundClamped } from "./init.js";
import { checkRoleFormats, sameFormat, type RoleFormats } from "./roleFormats.js";
import { MIXER_NAMES, type MixerArchitecture, type MixerConfig, type MixerName } from "./mixerArchitecture.js";
import { MixerModel, mixerShapes } from "./mixerModel.js";
import { numel, type NamedTensors } from "./params.js";

export const MIXERS: Readonly<Record<MixerName, MixerArchitecture>> = {
  mamba: MAMBA as MixerArchitecture,
  "linear-attention": LINEAR_ATTENTION as MixerArchitecture,
  "diagonal-rnn": DIAGONAL_RNN as MixerArchitecture,
  retnet: RETNET as MixerArchitecture,
};

const size = z.number().int().min(1).max(1_000_000);
const MAX_PARAMETERS = 50_000_000;

/** Every config key a mixer model has (files and options); which apply depends on the architecture. */
const configShape = {
  width: size,
  layers: size,
  vocabSize: size,
  norm: z.enum(["rmsnorm", "layernorm"]).optional(),
  normEps: z.number().positive().finite().optional(),
  readoutBias: z.boolean().optional(),
  heads: size.optional(),
  ffnSize: size.optional(),
  dState: size.optional(),
  dConv: size.optional(),
  expand: size.optional(),
  dtRank: size.optional(),
};
const COMMON_KEYS = ["width", "layers", "vocabSize", "norm", "normEps", "readoutBias"];
/** Keys `train` writes for every non-RNN twin; a weights file may carry them where they are inert. */
const INERT_IN_FILES = ["heads", "ffnSize"];

export const mixerConfigSchema = z.strictObject({ ...configShape, format: z.string().optional() });
export type MixerConfigInput = z.infer<typeof mixerConfigSchema>;

/** The full config of `arch` from the given keys (defaults filled); keys that do not apply are errors. */
export function resolveMixerConfig(
  arch: MixerArchitecture,
  given: Partial<MixerConfig>,
  source: string,
  fromFile = false,
): MixerConfig {
  const own = new Set<string>([...COMMON_KEYS, ...arch.ownKeys, ...(arch.hasMlp ? ["ffnSize"] : [])]);
  for (const [key, v] of Object.entries(given)) {
    if (v === undefined || own.has(key)) continue;
    if (fromFile && INERT_IN_FILES.includes(key)) continue;
    throw new UserError(`${source}: ${key} does not apply to ${arch.name}`);
  }
  const width = given.width!;
  const base: MixerConfig = {
    width,
    layers: given.layers!,
    vocabSize: given.vocabSize!,
    norm: given.norm ?? "rmsnorm",
    normEps: given.normEps ?? 1e-5,
    readoutBias: given.readoutBias ?? true,
    heads: 1,
    ffnSize: arch.hasMlp ? given.ffnSize ?? 4 * width : 0,
    dState: 0,
    dConv: 0,
    expand: 0,
    dtRank: 0,
  };
  const c = arch.resolve(base, given, source);
  const count = mixerShapes(arch, c).reduce((acc, [, shape]) => acc + numel(shape), 0);
  if (count > MAX_PARAMETERS) throw new UserError(`${source}: ${count} parameters is more than the limit of ${MAX_PARAMETERS}`);
  return c;
}

/** Options of a seeded mixer model: the config keys plus format (one, or one per role) and seed. */
export interface MixerOptions extends Partial<Omit<MixerConfig, "width" | "layers" | "vocabSize">> {
  readonly width: number;
  readonly layers: number;
  readonly vocabSize: number;
  readonly format: Format | RoleFormats;
  readonly seed: number;
}

/** One format for every role, or the roles as given (checked: weights and state fit in compute). */
export function asRoleFormats(format: Format | RoleFormats, source: string): RoleFormats {
  if (!format || typeof format !== "object") throw new UserError(`${source}: format must be a Format (see parseFormat) or RoleFormats`);
  if ("compute" in format) return checkRoleFormats(format);
  if (typeof format.round !== "function") throw new UserError(`${source}: format must be a Format (see parseFormat) or RoleFormats`);
  return sameFormat(format);
}

function architectureNamed(name: string, source: string): MixerArchitecture {
  if (!(MIXER_NAMES as readonly string[]).includes(name)) {
    throw new UserError(`${source}: unknown architecture '${name}' (expected one of ${MIXER_NAMES.join(", ")})`);
  }
  return MIXERS[name as MixerName];
}

/**
 * A seeded model (the twin's init, PyTorch-like): Linear weights U(±1/√fan_in), embedding
 * N(0, 1), norms weight 1 and bias 0, readout U(±1/√width) with its bias, and each mixer's own
 * init (mamba: A_log = log(1..N), D = 1, dt bias through the inverse softplus; diagonal-rnn:
 * λ spread over 0.5…0.999, D = 1). Each tensor from its own seed deriveSeed(seed, name);
 * every value clamped to ±maxFinite and rounded to the format.
 */
export function createMixer(name: MixerName, options: MixerOptions): MixerModel {
  const arch = architectureNamed(name, `${name} options`);
  const source = `${name} options`;
  if (!options || typeof options !== "object") throw new UserError(`${source}: expected an options object`);
  const { format, seed, ...rest } = options;
  if (!Number.isInteger(seed)) throw new UserError(`${source}: seed must be an integer, got ${String(seed)}`);
  const formats = asRoleFormats(format, source);
  const parsed = z.strictObject(configShape).safeParse(rest);
  if (!parsed.success) throw new UserError(zodProblem(source, parsed.error));
  const c = resolveMixerConfig(arch, parsed.data, source);
  const tensors: NamedTensors = {};
  for (const [tname, shape] of mixerShapes(arch, c)) {
    const rng = new Rng(deriveSeed(seed, tname));
    const data = new Float64Array(numel(shape));
    const mixer = /^layers\.\d+\.mixer\.(.*)$/.exec(tname);
    for (let k = 0; k < data.length; k++) {
      let v: number;
      if (mixer) v = arch.initValue(mixer[1], shape, c, rng, k);
      else if (tname === "embedding.weight") v = rng.normal();
      else if (/norm\.weight$/.test(tname)) v = 1;
      else if (/norm\.bias$/.test(tname)) v = 0;
      else if (tname.startsWith("readout.")) v = rng.uniform(-1 / Math.sqrt(c.width), 1 / Math.sqrt(c.width));
      else v = rng.uniform(-1 / Math.sqrt(shape[1]), 1 / Math.sqrt(shape[1]));
      data[k] = roundClamped(formats.weights, v);
    }
    tensors[tname] = { shape, data };
  }
  return new MixerModel(arch, c, tensors, formats, { seed });
}

/**
 * Validates stored weights strictly (architecture, config, every tensor with its shape, no extra
 * one, finite values), rounds every value to the format (clamped to ±maxFinite first) and builds
 * the model. Problems are one-line UserErrors naming `source`.
 */
export function mixerFromTensors(
  architecture: string,
  rawConfig: unknown,
  tensors: NamedTensors,
  format: Format | RoleFormats,
  source: string,
  expected?: string,
): MixerModel {
  const formats = asRoleFormats(format, source);
  const w = formats.weights;
  const arch = architectureNamed(architecture, source);
  if (expected !== undefined && arch.name !== expected) throw new UserError(`${source}: architecture is ${arch.name}, expected ${expected}`);
  const parsed = mixerConfigSchema.safeParse(rawConfig);
  if (!parsed.success) throw new UserError(zodProblem(`${source}: config`, parsed.error));
  const { format: _saved, ...given } = parsed.data;
  const c = resolveMixerConfig(arch, given, `${source}: config`, true);
  const wanted = mixerShapes(arch, c);
  const names = new Set(wanted.map(([n]) => n));
  for (const name of Object.keys(tensors)) {
    if (!names.has(name)) throw new UserError(`${source}: unexpected tensor '${name}' for ${arch.name}`);
  }
  let values = 0;
  let rounded = 0;
  let clamped = 0;
  const checked: NamedTensors = {};
  for (const [name, shape] of wanted) {
    const t = tensors[name];
    if (!t) throw new UserError(`${source}: missing tensor '${name}' (shape [${shape.join(", ")}])`);
    if (t.shape.length !== shape.length || t.shape.some((d, k) => d !== shape[k])) {
      throw new UserError(`${source}: tensor '${name}' has shape [${t.shape.join(", ")}], expected [${shape.join(", ")}]`);
    }
    const data = new Float64Array(t.data.length);
    for (let k = 0; k < data.length; k++) {
      const x = t.data[k];
      if (!Number.isFinite(x)) throw new UserError(`${source}: tensor '${name}' holds ${x} at index ${k}`);
      if (Math.abs(x) > w.maxFinite) clamped++;
      data[k] = roundClamped(w, x);
      if (data[k] !== x) rounded++;
    }
    values += data.length;
    checked[name] = { shape, data };
  }
  return new MixerModel(arch, c, checked, formats, {
    weights: source,
    weightsRounded: `${rounded} of ${values} values changed by rounding to ${w.name} (${clamped} clamped)`,
  });
}

/** The config a weights file stores: the twin's keys (camelCase), defaults written out. */
export function savedMixerConfig(model: MixerModel): Record<string, unknown> {
  const c = model.config;
  const out: Record<string, unknown> = { width: c.width, layers: c.layers, vocabSize: c.vocabSize, norm: c.norm };
  for (const key of model.arch.ownKeys) out[key] = c[key];
  if (model.arch.hasMlp) out.ffnSize = c.ffnSize;
  if (c.normEps !== 1e-5) out.normEps = c.normEps;
  if (!c.readoutBias) out.readoutBias = false;
  out.format = model.formats.weights.name;
  return out;
}

/** safetensors bytes with the twin's names and metadata {architecture, config}. */
export function mixerWeightsToBytes(model: MixerModel, dtype: Dtype = "F64"): { bytes: Uint8Array; changed: number } {
  return writeSafetensors(model.tensors(), { architecture: model.architecture, config: JSON.stringify(savedMixerConfig(model)) }, dtype);
}

export function saveMixerWeights(model: MixerModel, path: string, dtype: Dtype = "F64"): { changed: number } {
  const { bytes, changed } = mixerWeightsToBytes(model, dtype);
  try {
    writeFileSync(path, bytes);
  } catch (e) {
    throw new UserError(`${path}: cannot write (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  return { changed };
}

/** Loads a twin-saved (or streambound-saved) safetensors file of a mixer model. */
export function loadMixerWeights(path: string, format: Format | RoleFormats, expected?: string): MixerModel {
  let bytes: Uint8Array;
  try {
    bytes = readFileSync(path);
  } catch (e) {
    throw new UserError(`${path}: cannot read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
  }
  const c = readSafetensors(bytes, path);
  if (c.metadata.architecture === undefined || c.metadata.config === undefined) {
    throw new UserError(`${path}: __metadata__ lacks architecture/config`);
  }
  let config: unknown;
  try {
    config = JSON.parse(c.metadata.config);
  } catch {
    throw new UserError(`${path}: __metadata__.config is not JSON`);
  }
  return mixerFromTensors(c.metadata.architecture, config, c.tensors, format, path, expected);
}
