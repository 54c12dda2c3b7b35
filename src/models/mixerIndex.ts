/** Public API of the sequence-mixer models (mamba, linear-attention, diagonal-rnn, retnet). */
export {
  createMixer,
  mixerFromTensors,
  loadMixerWeights,
  saveMixerWeights,
  mixerWeightsToBytes,
  MIXERS,
  type MixerOptions,
} from "./_internals/mixerBuild.js";
export { MixerModel, type MixerState } from "./_internals/mixerModel.js";
export { MIXER_NAMES, type MixerName, type MixerConfig, type MixerArchitecture } from "./_internals/mixerArchitecture.js";
export { MAMBA, MambaMixer } from "./mamba.js";
export { LINEAR_ATTENTION, LinearAttentionMixer } from "./linearAttention.js";
export { DIAGONAL_RNN, DiagonalRnnMixer } from "./diagonalRnn.js";
export { RETNET, RetentionMixer } from "./retnet.js";
