import { UserError } from "../../util/errors.js";
import type { MixerConfig } from "./mixerArchitecture.js";

/**
 * The multi-head mixers' shared config and tensors (the twin's HeadProjections): heads split
 * width into contiguous slices of d_h = width/heads; wq, wk, wv, wo are bias-free [width, width].
 */
export function resolveHeads(c: MixerConfig, given: Partial<MixerConfig>, source: string): MixerConfig {
  const heads = given.heads ?? 1;
  if (!Number.isInteger(heads) || heads < 1) throw new UserError(`${source}: heads must be a positive integer, got ${String(heads)}`);
  if (c.width % heads !== 0) throw new UserError(`${source}: heads ${heads} does not divide width ${c.width}`);
  return { ...c, heads };
}

export function headShapes(c: MixerConfig, names: readonly string[]): [string, number[]][] {
  return names.map((n) => [`${n}.weight`, [c.width, c.width]]);
}
