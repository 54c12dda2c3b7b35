import { userError } from "../util/errors.js";

/**
 * The architectures the float worker has twins of (src/float/python/twins.py), and the config
 * each one's weights file carries. RNN configs are exactly the keys src/models' loader accepts.
 */
export const RNN_ARCHITECTURES = ["elman", "lstm", "gru"] as const;
export const MIXER_ARCHITECTURES = ["mamba", "linear-attention", "diagonal-rnn", "retnet"] as const;
export const FLOAT_ARCHITECTURES = [...RNN_ARCHITECTURES, "transformer", ...MIXER_ARCHITECTURES, "hybrid"] as const;
export type FloatArchitecture = (typeof FLOAT_ARCHITECTURES)[number];
export type HybridBase = (typeof RNN_ARCHITECTURES)[number] | (typeof MIXER_ARCHITECTURES)[number];

export interface ArchitectureOptions {
  readonly arch: string;
  readonly width: number;
  readonly layers: number;
  readonly vocabSize: number;
  /** Longest sequence the model sees (learned/sinusoidal positions need a table this long). */
  readonly maxLen: number;
  /** Attention / linear attention / retention heads (default: width / 8, at least 1). */
  readonly heads?: number;
  /** hybrid: the recurrent stack under the attention layer (default mamba). */
  readonly base?: string;
  /** transformer: rope (default), sinusoidal or learned. */
  readonly positions?: string;
  /** non-RNN twins: rmsnorm (default) or layernorm. */
  readonly norm?: string;
  /** mamba / diagonal-rnn state size. */
  readonly dState?: number;
}

export type TwinConfig = Record<string, number | string>;

function whole(name: string, v: number, min: number): number {
  if (!(Number.isInteger(v) && v >= min)) userError(`--${name} must be a whole number ≥ ${min} (got ${v})`);
  return v;
}

/** Validates the options and builds the `config` stored with the weights. */
export function twinConfig(o: ArchitectureOptions): { architecture: FloatArchitecture; config: TwinConfig } {
  if (!(FLOAT_ARCHITECTURES as readonly string[]).includes(o.arch)) {
    userError(`unknown architecture '${o.arch}' (known: ${FLOAT_ARCHITECTURES.join(", ")})`);
  }
  const architecture = o.arch as FloatArchitecture;
  const width = whole("width", o.width, 1);
  const layers = whole("layers", o.layers, 1);
  const base: TwinConfig = { width, layers, vocabSize: o.vocabSize };
  if ((RNN_ARCHITECTURES as readonly string[]).includes(architecture)) {
    for (const [flag, v] of [["heads", o.heads], ["base", o.base], ["positions", o.positions], ["norm", o.norm], ["d-state", o.dState]] as const) {
      if (v !== undefined) userError(`--${flag} does not apply to ${architecture}`);
    }
    return { architecture, config: { ...base, inputSize: width, ...(architecture === "elman" ? { nonlinearity: "tanh" } : {}) } };
  }
  const heads = whole("heads", o.heads ?? Math.max(1, Math.floor(width / 8)), 1);
  if (width % heads !== 0) userError(`--width ${width} must be divisible by --heads ${heads}`);
  const norm = o.norm ?? "rmsnorm";
  if (norm !== "rmsnorm" && norm !== "layernorm") userError(`--norm must be rmsnorm or layernorm (got '${norm}')`);
  const config: TwinConfig = { ...base, heads, norm, ffnSize: 4 * width };
  if (architecture === "transformer") {
    const positions = o.positions ?? "rope";
    if (!["rope", "sinusoidal", "learned"].includes(positions)) userError(`--positions must be rope, sinusoidal or learned (got '${positions}')`);
    if (positions === "rope" && (width / heads) % 2 !== 0) {
      userError(`rope needs an even head size; width ${width} / heads ${heads} is odd`);
    }
    if (positions === "sinusoidal" && width % 2 !== 0) userError(`sinusoidal positions need an even width (got ${width})`);
    config.positions = positions;
    config.maxLen = o.maxLen;
  } else if (o.positions !== undefined) userError(`--positions applies to the transformer only`);
  if (architecture === "hybrid") {
    const b = o.base ?? "mamba";
    if (![...RNN_ARCHITECTURES, ...MIXER_ARCHITECTURES].includes(b as HybridBase)) {
      userError(`--base must be a recurrent architecture (${[...RNN_ARCHITECTURES, ...MIXER_ARCHITECTURES].join(", ")}), got '${b}'`);
    }
    if ((width / heads) % 2 !== 0) userError(`the hybrid's attention layer uses rope: width ${width} / heads ${heads} must be even`);
    config.base = b;
    if ((RNN_ARCHITECTURES as readonly string[]).includes(b)) config.inputSize = width;
  } else if (o.base !== undefined) userError(`--base applies to hybrid only`);
  const mixer = architecture === "hybrid" ? String(config.base) : architecture;
  if (mixer === "mamba") {
    Object.assign(config, { dState: o.dState ?? 16, dConv: 4, expand: 2, dtRank: Math.ceil(width / 16) });
  } else if (mixer === "diagonal-rnn") {
    config.dState = o.dState ?? width;
  } else if (o.dState !== undefined) userError(`--d-state applies to mamba and diagonal-rnn only`);
  return { architecture, config };
}

/**
 * State bits M of a twin at `bits` bits per scalar after t tokens (theory.md §1): the scalars
 * carried between steps. Transformers (and a hybrid's attention layer) grow with t.
 */
export function stateBits(architecture: FloatArchitecture, config: TwinConfig, bits: number, t: number): { bits: number; formula: string } {
  const w = Number(config.width);
  const L = Number(config.layers);
  const heads = Number(config.heads ?? 1);
  const dk = w / heads;
  const recurrent = (arch: string): { scalars: number; formula: string } => {
    switch (arch) {
      case "lstm":
        return { scalars: 2 * L * w, formula: `2·layers·width = 2·${L}·${w}` };
      case "gru":
      case "elman":
        return { scalars: L * w, formula: `layers·width = ${L}·${w}` };
      case "mamba": {
        const inner = Number(config.expand) * w;
        const ds = Number(config.dState);
        const conv = Number(config.dConv) - 1;
        return { scalars: L * inner * (ds + conv), formula: `layers·d_inner·(d_state + d_conv − 1) = ${L}·${inner}·(${ds} + ${conv})` };
      }
      case "linear-attention":
        return { scalars: L * heads * (dk * dk + dk), formula: `layers·heads·(d_k·d_v + d_k) = ${L}·${heads}·(${dk}·${dk} + ${dk})` };
      case "diagonal-rnn":
        return { scalars: L * Number(config.dState), formula: `layers·d_state = ${L}·${config.dState}` };
      case "retnet":
        return { scalars: L * heads * dk * dk, formula: `layers·heads·d_k·d_v = ${L}·${heads}·${dk}·${dk}` };
      default:
        return userError(`no state-bit formula for '${arch}'`);
    }
  };
  if (architecture === "transformer") {
    const scalars = 2 * L * w * t;
    return { bits: scalars * bits, formula: `2·layers·width·t·bits = 2·${L}·${w}·${t}·${bits}` };
  }
  if (architecture === "hybrid") {
    const r = recurrent(String(config.base));
    const kv = 2 * w * t;
    return { bits: (r.scalars + kv) * bits, formula: `(${r.formula} + 2·width·t = 2·${w}·${t})·${bits}` };
  }
  const r = recurrent(architecture);
  return { bits: r.scalars * bits, formula: `${r.formula} scalars · ${bits} bits` };
}
