import type { Reduction } from "../comm/reduction.js";
import type { StreamingModel } from "../stream/model.js";
import { parseFormat } from "../numeric/index.js";
import { UserError, userError } from "../util/errors.js";
import { idealModel } from "./ideal.js";
import { storeModel } from "./store.js";
import { architectureNamed, architectureNames } from "./architectures.js";
import { createModel } from "./createModel.js";
import { parseRoleFormats } from "./_internals/roleFormats.js";
import { loadModelWeights } from "./weights/load.js";
import { constructionFactory, constructionNames, isConstructionName } from "./constructions/index.js";

/** Every registered architecture, then the non-neural models. */
export const MODEL_NAMES: readonly string[] = [...architectureNames(), "store", "ideal"];
export type ModelName = string;

/** What a user asks for on the command line (or a test in code). */
export interface ModelRequest {
  model: string;
  width?: number;
  layers?: number;
  format?: string;
  seed?: number;
  /** ideal only: M. */
  stateBits?: number;
  /** A weights file (JSON or safetensors) of a registered architecture. */
  weights?: string;
  /**
   * Architecture options as config keys (heads, norm, positions, maxLen, ffnSize, base, dState,
   * …): the architecture validates them, and a key it does not take is an error.
   */
  config?: Readonly<Record<string, unknown>>;
  /** CLI flag of each config key, for messages (default: the key). */
  flagOf?: (key: string) => string;
}

/** The default format of each model when --format is not given. */
export function defaultFormat(name: string): string {
  if (name === "store") return "fixed:2.0";
  if (name === "ideal") return "";
  return architectureNamed(name)?.defaultFormat ?? "";
}

/** defaultFormat of every model name. */
export const DEFAULT_FORMAT: Readonly<Record<string, string>> = Object.fromEntries(MODEL_NAMES.map((n) => [n, defaultFormat(n)]));

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
  if (isConstructionName(req.model)) return constructionFactory(req.model, { ...req, nMax }, reduction);
  const name = req.model;
  if (!MODEL_NAMES.includes(name)) userError(`unknown model '${req.model}' (models: ${[...MODEL_NAMES, ...constructionNames()].join(", ")})`);
  const flag = (k: string) => `--${req.flagOf ? req.flagOf(k) : k}`;
  const options = Object.keys(req.config ?? {});
  // Flags a model does not use are errors, never silently ignored.
  const unused: Record<string, (keyof ModelRequest)[]> = {
    ideal: ["width", "layers", "format", "weights"],
    store: ["layers", "weights"],
  };
  for (const key of unused[name] ?? []) {
    if (req[key] !== undefined) userError(`--${key === "stateBits" ? "state-bits" : key} does not apply to --model ${name}`);
  }
  if ((name === "ideal" || name === "store") && options.length) userError(`${flag(options[0])} does not apply to --model ${name}`);
  if (req.weights && (req.width !== undefined || req.layers !== undefined)) {
    userError("--width and --layers come from the weights file; drop them when using --weights");
  }
  if (req.weights && options.length) {
    userError(`${flag(options[0])} comes from the weights file; drop it when using --weights`);
  }
  if (name === "ideal") {
    if (req.stateBits === undefined) userError("--model ideal needs --state-bits M");
    const M = wholeAtLeast("state-bits", req.stateBits, 0, 0);
    return (n) => idealModel({ stateBits: M, reduction, n }) as StreamingModel<unknown>;
  }
  if (req.stateBits !== undefined) userError(`--state-bits is for --model ideal; the state bits of ${name} follow from its width and format`);
  const vocabSize = reduction.vocabSize(nMax);
  let model: StreamingModel<unknown>;
  if (name === "store") {
    const format = parseFormat(req.format ?? defaultFormat(name));
    if (reduction.task !== "index") userError("store is a construction for the index task");
    model = storeModel({ width: wholeAtLeast("width", req.width, 1, 12), format, vocabSize }) as StreamingModel<unknown>;
  } else if (req.weights) {
    const formats = parseRoleFormats(req.format ?? defaultFormat(name));
    model = loadModelWeights(req.weights, { architecture: name, format: formats });
    if (model.vocabSize < vocabSize) {
      userError(`weights ${req.weights} have a vocabulary of ${model.vocabSize}; ${reduction.task} at n=${nMax} needs ${vocabSize}`);
    }
  } else {
    const formats = parseRoleFormats(req.format ?? defaultFormat(name));
    const config = {
      width: wholeAtLeast("width", req.width, 1, 4),
      layers: wholeAtLeast("layers", req.layers, 1, 1),
      vocabSize,
      ...req.config,
    };
    try {
      model = createModel(name, config, formats, req.seed ?? 1);
    } catch (e) {
      // An option the architecture does not take: name the flag.
      const bad = e instanceof UserError ? options.find((k) => new RegExp(`["'\`]${k}["'\`]`).test(e.message) && /nrecognized/.test(e.message)) : undefined;
      if (bad) userError(`${flag(bad)} does not apply to --model ${name}`);
      throw e;
    }
  }
  return () => model;
}
