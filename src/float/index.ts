/** Public API of the float runs: PyTorch twins trained and evaluated in a Python worker. */
export { FLOAT_ARCHITECTURES, RNN_ARCHITECTURES, MIXER_ARCHITECTURES, twinConfig, stateBits, type FloatArchitecture, type TwinConfig, type ArchitectureOptions } from "./architectures.js";
export { buildDatasets, buildSplit, splitSeed, hashArrays, resolveTask, SPLITS, PAD_ID, type Datasets, type DatasetRequest, type SplitData, type Split } from "./dataset.js";
export { encodeDataset, writeDatasetFile, readDatasetFile, DATASET_FORMAT, type DatasetArrays } from "./datasetFile.js";
export { evalInWorker, type EvalInWorkerOptions, type WorkerLogits } from "./evalInWorker.js";
export { runEval, exactAccuracy, type EvalOptions, type EvalResult } from "./evalRun.js";
export { pythonExecutable, workerScript, missingTorchMessage } from "./pythonRuntime.js";
export { sweepResults, type ResultsOptions, type ResultsRow, type ResultsTable } from "./results.js";
export { RUN_FILES, readMetrics, runState, type MetricsRow, type RunState } from "./runDirectory.js";
export { slurmScript } from "./slurmScript.js";
export { runSweep, type SweepOptions, type SweepReport, type PointReport, type PointOutcome } from "./sweep.js";
export { gridSchema, parseGrid, readGrid, gridPoints, type Grid, type GridPoint } from "./sweepGrid.js";
export { runTrain, parseTrainOptions, trainOptionsSchema, runSlug, TrainingFault, type TrainOptions, type TrainOptionsInput, type RunSpec, type RunResult, type TrainHooks } from "./train.js";
export { runWorker, probeTorch, WorkerFault, type WorkerEvent, type WorkerOptions, type TorchProbe } from "./workerProcess.js";
