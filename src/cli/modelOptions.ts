import type { Argv } from "yargs";
import type { ModelRequest } from "../models/registry.js";
import { MODEL_NAMES } from "../models/registry.js";
import { userError } from "../util/errors.js";
import { inertConfigKeys } from "../models/_internals/mixerDescriptor.js";

/**
 * Architecture flags and the config key each one sets. The architecture validates its config
 * strictly, so a flag it does not take is an error (`--heads does not apply to --model lstm`).
 */
const ARCH_FLAGS: readonly { flag: string; key: string; type: "number" | "string" | "boolean"; describe: string }[] = [
  { flag: "heads", key: "heads", type: "number", describe: "attention heads (transformer, hybrid; default 1); must divide --width" },
  { flag: "norm", key: "norm", type: "string", describe: "rmsnorm (default) or layernorm (transformer, hybrid, mixers)" },
  { flag: "norm-eps", key: "normEps", type: "number", describe: "norm ε (default 1e-5; where it rounds to 0, the format's smallest positive value)" },
  { flag: "positions", key: "positions", type: "string", describe: "transformer positions: rope (default), sinusoidal or learned" },
  { flag: "max-len", key: "maxLen", type: "number", describe: "longest sequence (learned and sinusoidal positions)" },
  { flag: "ffn-size", key: "ffnSize", type: "number", describe: "SwiGLU hidden size (default 4·width)" },
  { flag: "rope-base", key: "ropeBase", type: "number", describe: "RoPE base (default 10000)" },
  { flag: "readout-bias", key: "readoutBias", type: "boolean", describe: "readout with a bias (default true; --no-readout-bias for none)" },
  { flag: "base", key: "base", type: "string", describe: "hybrid: the recurrent base (elman, lstm, gru, or a registered mixer)" },
  { flag: "final-norm-before-attention", key: "finalNormBeforeAttention", type: "boolean", describe: "hybrid: base → final_norm → attention (rnn-icrag's order)" },
  { flag: "d-state", key: "dState", type: "number", describe: "mamba / diagonal-rnn state size" },
  { flag: "d-conv", key: "dConv", type: "number", describe: "mamba convolution width" },
  { flag: "expand", key: "expand", type: "number", describe: "mamba expansion factor" },
  { flag: "dt-rank", key: "dtRank", type: "number", describe: "mamba Δ rank" },
];

/** The flags that pick a model, shared by census and game. */
export function withModelOptions(y: Argv): Argv {
  let out = y
    .option("model", { type: "string", demandOption: true, describe: `model: ${MODEL_NAMES.join(", ")}` })
    .option("width", { type: "number", describe: "hidden width" })
    .option("layers", { type: "number", describe: "layers" })
    .option("format", {
      type: "string",
      describe: "number format: fixed:I.F, float:E.M or a preset (fp32, fp16, bf16, fp8e4m3fn, fp8e5m2, fp64); per role: weights=bf16,compute=fp32,state=bf16",
    })
    .option("state-bits", { type: "number", describe: "M, for --model ideal" })
    .option("weights", { type: "string", describe: "weights file (.json or .safetensors) of any architecture" })
    .option("reduction", { type: "string", describe: "reduction of the task (default: the task's first)" })
    .option("param", { type: "string", array: true, describe: "a reduction option as key=value, e.g. c=3 (cgram) or sigma=4 (indexlookup)" });
  for (const a of ARCH_FLAGS) out = out.option(a.flag, { type: a.type, describe: a.describe });
  return out;
}

export function modelRequest(args: Record<string, unknown>): ModelRequest {
  // Keys a weights file may carry where they are inert (mamba's heads) are still flags that do not apply.
  for (const key of inertConfigKeys(String(args.model))) {
    const a = ARCH_FLAGS.find((f) => f.key === key);
    if (a && args[a.flag] !== undefined) userError(`--${a.flag} does not apply to --model ${String(args.model)}`);
  }
  const config = Object.fromEntries(ARCH_FLAGS.filter((a) => args[a.flag] !== undefined).map((a) => [a.key, args[a.flag]]));
  return {
    model: String(args.model),
    width: args.width as number | undefined,
    layers: args.layers as number | undefined,
    format: args.format as string | undefined,
    seed: args.seed as number | undefined,
    stateBits: args["state-bits"] as number | undefined,
    weights: args.weights as string | undefined,
    // absent when no architecture flag was given, so a request records only what the user set
    ...(Object.keys(config).length > 0 ? { config } : {}),
    flagOf: (key) => ARCH_FLAGS.find((a) => a.key === key)?.flag ?? key,
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
