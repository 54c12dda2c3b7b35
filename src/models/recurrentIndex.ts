/** Public API of the neural models (every registered architecture) and their weights files. */
export { createElman, ELMAN } from "./elman.js";
export { createLstm, lstmStepFloat64, LSTM } from "./lstm.js";
export { createGru, GRU } from "./gru.js";
export type { RecurrentOptions } from "./_internals/build.js";
export { RecurrentModel, type Architecture } from "./_internals/recurrentModel.js";
export type { ArchitectureDescriptor, Backbone, BuildContext, ExactModel, InitRule } from "./_internals/descriptor.js";
export { seededTensors } from "./_internals/descriptor.js";
export { ARCHITECTURES, architectureNamed, architectureNames } from "./architectures.js";
export { createModel } from "./createModel.js";
export { TRANSFORMER, type TransformerConfig } from "./transformer.js";
export { HYBRID, type HybridConfig } from "./hybrid.js";
export { parseRoleFormats, roleFormatsName, sameFormat, type RoleFormats } from "./_internals/roleFormats.js";
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
  loadModelWeights,
  weightsFromBytes,
  type LoadWeightsOptions,
  type WeightsKind,
} from "./weights/load.js";
export { saveWeights, weightsToBytes, type SaveWeightsOptions } from "./weights/save.js";
export { modelFromTensors, type LoadedModel, type WeightsSummary } from "./weights/modelFromTensors.js";
export { readSafetensors, writeSafetensors, type SafetensorsContent } from "./weights/safetensors.js";
export { DTYPES, type Dtype } from "./weights/dtypes.js";
