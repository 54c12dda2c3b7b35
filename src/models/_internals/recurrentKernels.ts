import type { Format } from "../../numeric/format.js";
import { ELMAN } from "../elman.js";
import { GRU } from "../gru.js";
import { LSTM } from "../lstm.js";
import type { RecurrentSpec } from "../spec.js";
import { buildSeeded, type RecurrentOptions } from "./build.js";
import type { RecurrentArchitecture } from "./params.js";
import type { Architecture, RecurrentModel } from "./recurrentModel.js";

/** The recurrent step kernels by name (every architecture's descriptor: src/models/architectures.ts). */
export const RECURRENT_KERNELS: Readonly<Record<RecurrentArchitecture, Architecture>> = {
  elman: ELMAN,
  lstm: LSTM,
  gru: GRU,
};

/** A seeded model of any recurrent architecture. */
export function createRecurrent(architecture: RecurrentArchitecture, options: RecurrentOptions): RecurrentModel {
  return buildSeeded(RECURRENT_KERNELS[architecture], options);
}

/** The seeded model a validated spec describes, over `format` (parsed from spec.format by the caller). */
export function recurrentFromSpec(spec: RecurrentSpec, format: Format): RecurrentModel {
  const { architecture, format: _name, ...rest } = spec;
  return createRecurrent(architecture, { ...rest, format });
}
