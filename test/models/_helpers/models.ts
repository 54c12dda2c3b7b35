import { parseFormat } from "../../../src/numeric/index.js";
import type { Format } from "../../../src/numeric/format.js";
import { createElman, createGru, createLstm, type RecurrentModel, type RecurrentOptions } from "../../../src/models/recurrentIndex.js";
import { Rng } from "../../../src/util/rng.js";

export type Arch = "elman" | "lstm" | "gru";
export const ARCHS: readonly Arch[] = ["elman", "lstm", "gru"];

export function create(arch: Arch, options: RecurrentOptions): RecurrentModel {
  return arch === "lstm" ? createLstm(options) : arch === "gru" ? createGru(options) : createElman(options);
}

export const fmt = (name: string): Format => parseFormat(name);

/** Seeded token sequence. */
export function tokens(seed: number, vocabSize: number, length: number): number[] {
  const rng = new Rng(seed);
  return Array.from({ length }, () => rng.int(0, vocabSize - 1));
}

/** Runs a model, returning every state. */
export function run(model: RecurrentModel, toks: readonly number[], from = model.init()): Float64Array[] {
  const states: Float64Array[] = [];
  let s = from;
  toks.forEach((tok, t) => {
    s = model.step(s, tok, t);
    states.push(s);
  });
  return states;
}
