import type { Format } from "../../numeric/format.js";
import { UserError } from "../../util/errors.js";
import { ARCHITECTURES } from "../_internals/architectures.js";
import { roundClamped } from "../_internals/init.js";
import {
  RECURRENT_ARCHITECTURES,
  expectedShapes,
  paramsFromTensors,
  type NamedTensors,
  type RecurrentArchitecture,
  type RecurrentConfig,
} from "../_internals/params.js";
import { RecurrentModel } from "../_internals/recurrentModel.js";
import { checkConfig, recurrentConfigSchema, zodProblem } from "../spec.js";

/** What loading did to the stored values. */
export interface WeightsSummary {
  readonly source: string;
  /** Scalars loaded. */
  readonly values: number;
  /** Scalars that rounding to the model's format changed (clamped ones included). */
  readonly rounded: number;
  /** Scalars beyond ±maxFinite, clamped before rounding. */
  readonly clamped: number;
  /** The format named in the file's config, if any. */
  readonly savedFormat?: string;
}

export interface LoadedRecurrentModel {
  readonly model: RecurrentModel;
  readonly summary: WeightsSummary;
}

/**
 * Validates a stored model strictly (architecture, config, every tensor present with its shape,
 * no extra tensor, finite values), then rounds every value to `format` (clamped to ±maxFinite
 * first) and builds the model. Problems are one-line UserErrors naming `source`.
 */
export function recurrentFromTensors(
  architecture: string,
  rawConfig: unknown,
  tensors: NamedTensors,
  format: Format,
  source: string,
  expected?: RecurrentArchitecture,
): LoadedRecurrentModel {
  if (!RECURRENT_ARCHITECTURES.includes(architecture as RecurrentArchitecture)) {
    throw new UserError(`${source}: unknown architecture '${architecture}' (expected one of ${RECURRENT_ARCHITECTURES.join(", ")})`);
  }
  const arch = architecture as RecurrentArchitecture;
  if (expected !== undefined && arch !== expected) {
    throw new UserError(`${source}: architecture is ${arch}, expected ${expected}`);
  }
  const parsed = recurrentConfigSchema.safeParse(rawConfig);
  if (!parsed.success) throw new UserError(zodProblem(`${source}: config`, parsed.error));
  const { format: savedFormat, ...rest } = parsed.data;
  const config: RecurrentConfig = checkConfig(arch, rest, `${source}: config`);

  const wanted = expectedShapes(arch, config);
  const names = new Set(wanted.map(([n]) => n));
  for (const name of Object.keys(tensors)) {
    if (!names.has(name)) throw new UserError(`${source}: unexpected tensor '${name}' for ${arch}`);
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
      if (Math.abs(x) > format.maxFinite) clamped++;
      data[k] = roundClamped(format, x);
      if (data[k] !== x) rounded++;
    }
    values += data.length;
    checked[name] = { shape, data };
  }
  const summary: WeightsSummary = {
    source,
    values,
    rounded,
    clamped,
    ...(savedFormat !== undefined ? { savedFormat } : {}),
  };
  const params = paramsFromTensors(arch, config, checked);
  const model = new RecurrentModel(ARCHITECTURES[arch], params, format, {
    weights: source,
    weightsRounded: `${rounded} of ${values} values changed by rounding to ${format.name} (${clamped} clamped)`,
  });
  return { model, summary };
}
