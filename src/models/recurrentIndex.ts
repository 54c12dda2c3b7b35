/** Public API of the recurrent models (elman, lstm, gru) and their weights files. */
export { createElman, ELMAN } from "./elman.js";
export { createLstm, lstmStepFloat64, LSTM } from "./lstm.js";
export { createGru, GRU } from "./gru.js";
export type { RecurrentOptions } from "./_internals/build.js";
export { RecurrentModel, type Architecture } from "./_internals/recurrentModel.js";
export { createRecurrent, recurrentFromSpec } from "./_internals/architectures.js";
export {
  RECURRENT_ARCHITECTURES,
  expectedShapes,
  type RecurrentArchitecture,
  type RecurrentConfig,
  type RecurrentParams,
  type LayerParams,
  type NamedTensors,
  type Tensor,
  type Nonlinearity,
} from "./_internals/params.js";
export {
  parseRecurrentSpec,
  recurrentSpecSchema,
  recurrentConfigSchema,
  type RecurrentSpec,
} from "./spec.js";
export {
  loadWeights,
  loadRecurrentWeights,
  weightsFromBytes,
  type LoadWeightsOptions,
  type WeightsKind,
} from "./weights/load.js";
export { saveWeights, weightsToBytes, type SaveWeightsOptions } from "./weights/save.js";
export {
  recurrentFromTensors,
  type LoadedRecurrentModel,
  type WeightsSummary,
} from "./weights/recurrentFromTensors.js";
export { readSafetensors, writeSafetensors, type SafetensorsContent } from "./weights/safetensors.js";
export { DTYPES, type Dtype } from "./weights/dtypes.js";
