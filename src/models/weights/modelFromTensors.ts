import type { Format } from "../../numeric/format.js";
import { UserError } from "../../util/errors.js";
import { architectureNamed, architectureNames } from "../architectures.js";
import { toRoleFormats } from "../_internals/build.js";
import { checkTensors, type ExactModel, type WeightsSummary } from "../_internals/descriptor.js";
import type { NamedTensors } from "../_internals/params.js";
import type { RoleFormats } from "../_internals/roleFormats.js";

export type { WeightsSummary };

export interface LoadedModel {
  readonly model: ExactModel;
  readonly summary: WeightsSummary;
}

/**
 * Validates a stored model strictly (architecture, config through its descriptor, every tensor
 * present with its shape, no extra tensor, finite values), then rounds every value to the
 * weights format (clamped to ±maxFinite first) and builds the model. Problems are one-line
 * UserErrors naming `source`. The config's `format` (the format it was saved from) is informative.
 */
export function modelFromTensors(
  architecture: string,
  rawConfig: unknown,
  tensors: NamedTensors,
  format: Format | RoleFormats,
  source: string,
  expected?: string,
): LoadedModel {
  const desc = architectureNamed(architecture);
  if (!desc) throw new UserError(`${source}: unknown architecture '${architecture}' (expected one of ${architectureNames().join(", ")})`);
  if (expected !== undefined && architecture !== expected) {
    throw new UserError(`${source}: architecture is ${architecture}, expected ${expected}`);
  }
  const formats = toRoleFormats(format);
  if (!formats) throw new UserError(`${source}: format must be a Format or RoleFormats`);
  let savedFormat: string | undefined;
  let raw = rawConfig;
  if (raw && typeof raw === "object" && !Array.isArray(raw) && "format" in raw) {
    const { format: f, ...rest } = raw as Record<string, unknown>;
    if (typeof f !== "string") throw new UserError(`${source}: config: format: expected a format name`);
    savedFormat = f;
    raw = rest;
  }
  const config = desc.parseConfig(raw, `${source}: config`, architectureNamed);
  const checked = checkTensors(desc.shapes(config, architectureNamed), tensors, formats.weights, source, architecture);
  const summary: WeightsSummary = {
    source,
    values: checked.values,
    rounded: checked.rounded,
    clamped: checked.clamped,
    ...(savedFormat !== undefined ? { savedFormat } : {}),
  };
  const model = desc.build(config, checked.tensors, {
    formats,
    source,
    lookup: architectureNamed,
    provenance: {
      weights: source,
      weightsRounded: `${checked.rounded} of ${checked.values} values changed by rounding to ${formats.weights.name} (${checked.clamped} clamped)`,
    },
  });
  return { model, summary };
}
