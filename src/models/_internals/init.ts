import type { Format } from "../../numeric/format.js";
import { seededTensors, type InitRule } from "./descriptor.js";
import {
  expectedShapes,
  paramsFromTensors,
  type RecurrentArchitecture,
  type RecurrentConfig,
  type RecurrentParams,
} from "./params.js";

/**
 * PyTorch-like seeded initialisation: rnn.* and readout.* ~ U(−1/√H, 1/√H), embedding.weight
 * ~ N(0, 1), drawn by seededTensors (per-tensor and per-row seeds, clamped, rounded).
 */
export function initParams(
  arch: RecurrentArchitecture,
  config: RecurrentConfig,
  format: Format,
  seed: number,
): RecurrentParams {
  const tensors = seededTensors(expectedShapes(arch, config), (name) => recurrentInitRule(name, config.width), format, seed);
  return paramsFromTensors(arch, config, tensors);
}

export function recurrentInitRule(name: string, width: number): InitRule {
  return name === "embedding.weight" ? { kind: "normal" } : { kind: "uniform", bound: 1 / Math.sqrt(width) };
}

export { roundClamped } from "./descriptor.js";
