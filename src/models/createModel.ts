import type { Format } from "../numeric/format.js";
import { UserError } from "../util/errors.js";
import { architectureNamed, architectureNames } from "./architectures.js";
import { toRoleFormats } from "./_internals/build.js";
import { seededTensors, type ExactModel } from "./_internals/descriptor.js";
import type { RoleFormats } from "./_internals/roleFormats.js";

/**
 * A seeded model of any registered architecture: `config` as a weights file would store it
 * (validated strictly by the architecture, defaults filled in), weights drawn by seededTensors
 * from `seed` and rounded to the weights format.
 */
export function createModel(
  architecture: string,
  config: Record<string, unknown>,
  format: Format | RoleFormats,
  seed: number,
): ExactModel {
  const desc = architectureNamed(architecture);
  if (!desc) throw new UserError(`unknown architecture '${architecture}' (expected one of ${architectureNames().join(", ")})`);
  if (!Number.isInteger(seed)) throw new UserError(`${architecture} options: seed must be an integer, got ${String(seed)}`);
  const formats = toRoleFormats(format);
  if (!formats) throw new UserError(`${architecture} options: format must be a Format (see parseFormat) or RoleFormats`);
  const source = `${architecture} options`;
  const c = desc.parseConfig(config, source, architectureNamed);
  const tensors = seededTensors(desc.shapes(c, architectureNamed), (n, s) => desc.initRule(n, s, c), formats.weights, seed);
  return desc.build(c, tensors, { formats, source, lookup: architectureNamed, provenance: { seed } });
}
