/** streambound's public API. Everything not exported here is internal. */
export const VERSION = "0.1.0";

// numbers
export * from "./numeric/index.js";
// models as streaming algorithms
export type { BitString, ModelInfo, StreamingModel } from "./stream/model.js";
export { predict, predictAt } from "./stream/model.js";
export {
  BitCursor,
  arrayCodec,
  decodeWith,
  eliasGammaBits,
  encodeWith,
  listCodec,
  productCodec,
  readEliasGamma,
  scalarCodec,
  uintBits,
  uintCodec,
  vectorCodec,
  type Codec,
} from "./stream/codec.js";
export {
  BudgetExceededError,
  checkRoundTrip,
  encodeChecked,
  generate,
  runModel,
  type GenerateOptions,
  type GenerateResult,
  type Retriever,
  type RoundTripReport,
  type RunResult,
} from "./stream/interpreter.js";
// models
export * from "./models/index.js";
// tasks
export * from "./tasks/index.js";
// reductions and the game
export type { Reduction } from "./comm/reduction.js";
export { aliceLength, alicePrefix, fullInput, parseBits, formatBits } from "./comm/reduction.js";
export { indexReduction } from "./comm/reductions/indexReduction.js";
export * from "./comm/reductions/all.js";
export { getReduction, reductionNames } from "./comm/reductions/registry.js";
export { computes, cost, firstError, type OneWayProtocol } from "./comm/protocol.js";
export { modelProtocol, playGame, defaultCotLimit, type BobRun, type CotOptions, type Transcript } from "./comm/game.js";
// census
export * from "./census/index.js";
// claims, certificates and the checker
export { CLAIMS, NON_EXECUTABLE_CLAIMS, verify, type Claim, type ClaimModel, type NonExecutableClaim } from "../proofs/index.js";
export {
  CERTIFICATE_SCHEMA,
  certificateSchema,
  verifyCertificate,
  universalAccuracyBound,
  type Certificate,
  type Fact,
  type ModelSpec,
  type Verdict,
  type VerifyOptions,
} from "./verify/index.js";
// float runs (PyTorch worker)
export * from "./float/index.js";
// errors and randomness
export { UserError } from "./util/errors.js";
export { Rng, deriveSeed } from "./util/rng.js";
// the CLI, callable in-process
export { main } from "./cli/main.js";
export { memoryIO, type CliIO } from "./cli/io.js";
// constructions (issue 8): weights and controllers from theory, docs/constructions.md
export { dyckRnn, DYCK_RNN_DEFAULT_FORMAT } from "./models/constructions/dyckRnn.js";
export { lstmStore, LSTM_STORE_DEFAULT_FORMAT } from "./models/constructions/lstmStore.js";
export { mambaStore, mambaStoreDefaultFormat } from "./models/constructions/mambaStore.js";
export { transformerIndex, transformerIndexSizes } from "./models/constructions/transformerIndex.js";
export { hybridIndex, hybridIndexSizes } from "./models/constructions/hybridIndex.js";
export { ragIndex } from "./models/constructions/ragIndex.js";
export { ragAr } from "./models/constructions/ragAr.js";
export { ragIsTree, isTreeController } from "./models/constructions/ragIsTree.js";
export { constructionNames } from "./models/constructions/index.js";
export { precisionSearch, type PrecisionResult, type PrecisionRow, type PrecisionSubject } from "./models/constructions/precision.js";
export { ragModel, isRagModel, type RagModel } from "./models/rag.js";
export { taskRetriever, RETRIEVAL_TASKS, type TaskRetriever } from "./tasks/retrievers.js";
export { stringCensus, type StringCensusRow } from "./census/stringCensus.js";
export { retrievalCensus, type RetrievalCensusRow } from "./census/retrievalCensus.js";
export { playStringGame, type StringTranscript } from "./comm/stringGame.js";
// The one-layer Transformer game on the Dyck DISJ gadget (partition order).
export {
  partitionProtocol, playPartitionGame, compareEvaluationOrders, searchPartitionFoolingPair, replayPartitionFoolingPair, gadgetGame, disjointnessAnswer, GADGET_MODEL_TARGET,
  type PartitionTranscript, type OrderComparison, type PartitionFoolingPair, type FoolingSearch,
} from "./comm/transformerPartitionGame.js";
export { OneLayerPartitionView } from "./models/transformerPartition.js";
export { DYCK_END, dyckGadgetVocabulary } from "./tasks/dyck.js";
