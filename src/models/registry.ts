import type { Reduction } from "../comm/reduction.js";
import type { StreamingModel } from "../stream/model.js";
import { parseFormat } from "../numeric/index.js";
import { userError } from "../util/errors.js";
import { idealModel } from "./ideal.js";
import { storeModel } from "./store.js";
import { createElman } from "./elman.js";
import { createGru } from "./gru.js";
import { createLstm } from "./lstm.js";
import { loadRecurrentWeights } from "./weights/load.js";
import { constructionFactory, constructionNames, isConstructionName } from "./constructions/index.js";

export const MODEL_NAMES = ["lstm", "gru", "elman", "store", "ideal"] as const;
export type ModelName = (typeof MODEL_NAMES)[number];

/** What a user asks for on the command line (or a test in code). */
export interface ModelRequest {
  model: string;
  width?: number;
  layers?: number;
  format?: string;
  seed?: number;
  /** ideal only: M. */
  stateBits?: number;
  /** A weights file (JSON or safetensors) for lstm/gru/elman. */
  weights?: string;
}

export const DEFAULT_FORMAT: Record<ModelName, string> = {
  lstm: "fixed:2.6",
  gru: "fixed:2.6",
  elman: "fixed:2.6",
  store: "fixed:2.0",
  ideal: "",
};

function wholeAtLeast(name: string, v: number | undefined, min: number, dflt: number): number {
  const x = v ?? dflt;
  if (!Number.isInteger(x) || x < min) userError(`--${name} must be a whole number ≥ ${min} (got ${v})`);
  return x;
}

/**
 * A model for every size n of a census over `reduction` up to nMax. Neural models are built once
 * (vocabulary of the largest size) and the same object serves every n; `ideal` is the M-bit
 * algorithm for that reduction and size, so it is built per n.
 */
export function modelFactory(req: ModelRequest, reduction: Reduction, nMax: number): (n: number) => StreamingModel<unknown> {
  if (isConstructionName(req.model)) return constructionFactory(req.model, { ...req }, reduction);
  const name = req.model as ModelName;
  if (!MODEL_NAMES.includes(name)) userError(`unknown model '${req.model}' (models: ${[...MODEL_NAMES, ...constructionNames()].join(", ")})`);
  // Flags a model does not use are errors, never silently ignored.
  const unused: Record<ModelName, (keyof ModelRequest)[]> = {
    ideal: ["width", "layers", "format", "weights"],
    store: ["layers", "weights"],
    lstm: [],
    gru: [],
    elman: [],
  };
  for (const key of unused[name]) {
    if (req[key] !== undefined) userError(`--${key === "stateBits" ? "state-bits" : key} does not apply to --model ${name}`);
  }
  if (req.weights && (req.width !== undefined || req.layers !== undefined)) {
    userError("--width and --layers come from the weights file; drop them when using --weights");
  }
  if (name === "ideal") {
    if (req.stateBits === undefined) userError("--model ideal needs --state-bits M");
    const M = wholeAtLeast("state-bits", req.stateBits, 0, 0);
    return (n) => idealModel({ stateBits: M, reduction, n }) as StreamingModel<unknown>;
  }
  if (req.stateBits !== undefined) userError(`--state-bits is for --model ideal; the state bits of ${name} follow from its width and format`);
  const format = parseFormat(req.format ?? DEFAULT_FORMAT[name]);
  const vocabSize = reduction.vocabSize(nMax);
  let model: StreamingModel<unknown>;
  if (name === "store") {
    if (reduction.task !== "index") userError("store is a construction for the index task");
    model = storeModel({ width: wholeAtLeast("width", req.width, 1, 12), format, vocabSize }) as StreamingModel<unknown>;
  } else if (req.weights) {
    model = loadRecurrentWeights(req.weights, { architecture: name, format }) as StreamingModel<unknown>;
    if (model.vocabSize < vocabSize) {
      userError(`weights ${req.weights} have a vocabulary of ${model.vocabSize}; ${reduction.task} at n=${nMax} needs ${vocabSize}`);
    }
  } else {
    const options = {
      width: wholeAtLeast("width", req.width, 1, 4),
      layers: wholeAtLeast("layers", req.layers, 1, 1),
      format,
      vocabSize,
      seed: req.seed ?? 1,
    };
    model = (name === "lstm" ? createLstm(options) : name === "gru" ? createGru(options) : createElman(options)) as StreamingModel<unknown>;
  }
  return () => model;
}
