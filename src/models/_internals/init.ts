import type { Format } from "../../numeric/format.js";
import { Rng, deriveSeed } from "../../util/rng.js";
import {
  expectedShapes,
  numel,
  paramsFromTensors,
  type NamedTensors,
  type RecurrentArchitecture,
  type RecurrentConfig,
  type RecurrentParams,
} from "./params.js";

/**
 * PyTorch-like seeded initialisation: rnn.* and readout.* ~ U(−1/√H, 1/√H), embedding.weight
 * ~ N(0, 1). Each tensor draws from its own derived seed deriveSeed(seed, name), and each row of
 * embedding.weight and readout.weight from deriveSeed(that, row), so changing vocabSize leaves
 * every other tensor and row as it was. Values are clamped to ±maxFinite, then rounded.
 */
export function initParams(
  arch: RecurrentArchitecture,
  config: RecurrentConfig,
  format: Format,
  seed: number,
): RecurrentParams {
  const bound = 1 / Math.sqrt(config.width);
  const tensors: NamedTensors = {};
  for (const [name, shape] of expectedShapes(arch, config)) {
    const data = new Float64Array(numel(shape));
    const draw = name === "embedding.weight" ? (r: Rng) => r.normal() : (r: Rng) => r.uniform(-bound, bound);
    const tensorSeed = deriveSeed(seed, name);
    if (name === "embedding.weight" || name === "readout.weight") {
      const cols = shape[1];
      for (let row = 0; row < shape[0]; row++) {
        const rng = new Rng(deriveSeed(tensorSeed, String(row)));
        for (let c = 0; c < cols; c++) data[row * cols + c] = roundClamped(format, draw(rng));
      }
    } else {
      const rng = new Rng(tensorSeed);
      for (let k = 0; k < data.length; k++) data[k] = roundClamped(format, draw(rng));
    }
    tensors[name] = { shape, data };
  }
  return paramsFromTensors(arch, config, tensors);
}

/** Clamp to the finite range, then round: init and loading never depend on the overflow policy. */
export function roundClamped(format: Format, x: number): number {
  const m = format.maxFinite;
  return format.round(x > m ? m : x < -m ? -m : x);
}
