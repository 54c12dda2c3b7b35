import type { Argv } from "yargs";
import type { ModelRequest } from "../models/registry.js";
import { MODEL_NAMES } from "../models/registry.js";
import { userError } from "../util/errors.js";

/** The flags that pick a model, shared by census and game. */
export function withModelOptions(y: Argv): Argv {
  return y
    .option("model", { type: "string", demandOption: true, describe: `model: ${MODEL_NAMES.join(", ")}` })
    .option("width", { type: "number", describe: "hidden width (lstm, gru, elman, store)" })
    .option("layers", { type: "number", describe: "recurrent layers (lstm, gru, elman)" })
    .option("format", { type: "string", describe: "number format: fixed:I.F, float:E.M or a preset (fp32, fp16, bf16, fp8e4m3fn, fp8e5m2, fp64)" })
    .option("state-bits", { type: "number", describe: "M, for --model ideal" })
    .option("weights", { type: "string", describe: "weights file (.json or .safetensors) for lstm, gru, elman" })
    .option("reduction", { type: "string", describe: "reduction of the task (default: the task's first)" })
    .option("param", { type: "string", array: true, describe: "a reduction option as key=value, e.g. c=3 (cgram) or sigma=4 (indexlookup)" });
}

export function modelRequest(args: Record<string, unknown>): ModelRequest {
  return {
    model: String(args.model),
    width: args.width as number | undefined,
    layers: args.layers as number | undefined,
    format: args.format as string | undefined,
    seed: args.seed as number | undefined,
    stateBits: args["state-bits"] as number | undefined,
    weights: args.weights as string | undefined,
  };
}

/** `--param key=value …` as an options object (values that look like numbers become numbers). */
export function reductionParams(args: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const item of (args.param as string[] | undefined) ?? []) {
    const m = /^([A-Za-z][\w-]*)=(.+)$/.exec(item);
    if (!m) userError(`--param takes key=value (got '${item}')`);
    out[m[1]] = /^-?\d+(\.\d+)?$/.test(m[2]) ? Number(m[2]) : m[2];
  }
  return out;
}
