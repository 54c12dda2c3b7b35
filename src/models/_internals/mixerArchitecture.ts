import type { Format } from "../../numeric/format.js";
import type { Mixer } from "./block.js";
import type { InitRule } from "./descriptor.js";
import type { ModelOps } from "./modelOps.js";
import type { NormKind } from "./norm.js";

export type MixerName = "mamba" | "linear-attention" | "diagonal-rnn" | "retnet";
export const MIXER_NAMES: readonly MixerName[] = ["mamba", "linear-attention", "diagonal-rnn", "retnet"];

/** A sequence-mixer model's whole config, defaults filled in (keys as in the twins' configs). */
export interface MixerConfig {
  readonly width: number;
  readonly layers: number;
  readonly vocabSize: number;
  readonly norm: NormKind;
  /** RMSNorm/LayerNorm eps (default 1e−5). */
  readonly normEps: number;
  /** readout.bias exists (default true). */
  readonly readoutBias: boolean;
  /** linear-attention, retnet: heads (default 1), contiguous slices of width/heads. */
  readonly heads: number;
  /** SwiGLU hidden size (default 4·width); mamba blocks have no MLP. */
  readonly ffnSize: number;
  /** mamba N (default 16); diagonal-rnn N (default width). */
  readonly dState: number;
  /** mamba only */
  readonly dConv: number;
  readonly expand: number;
  readonly dtRank: number;
}

/** Per-layer mixer tensors by their name under `layers.{k}.mixer.`. */
export type MixerTensors = Readonly<Record<string, Float64Array>>;

/** One layer's mixer, with the constants the format changed (e.g. an eps that rounded to 0). */
export interface MixerLayer extends Mixer {
  describe?(): Record<string, unknown>;
}

/**
 * One recurrent sequence mixer, the part an architecture file provides: its config keys and
 * defaults, tensor names and seeded init, and the per-layer Mixer (block.ts) it builds.
 * mixerDescriptor.ts wraps it in embedding → pre-norm residual blocks → final norm → readout.
 */
export interface MixerArchitecture {
  readonly name: MixerName;
  /** Blocks carry a SwiGLU MLP after the mixer (all but mamba). */
  readonly hasMlp: boolean;
  /** Config keys this architecture reads beyond the common ones (and ffnSize with an MLP). */
  readonly ownKeys: readonly (keyof MixerConfig)[];
  /**
   * Keys a config may carry that this architecture ignores: `train` writes heads and ffnSize for
   * every non-RNN twin, and a hybrid passes its own down to its base. As CLI flags they are errors.
   */
  readonly inertKeys: readonly (keyof MixerConfig)[];
  /** Fills this architecture's defaults; throws UserError on a contradiction (e.g. heads ∤ width). */
  resolve(config: MixerConfig, given: Partial<MixerConfig>, source: string): MixerConfig;
  /** Mixer tensor names (under layers.{k}.mixer.) and shapes, in state_dict order. */
  shapes(c: MixerConfig): [string, number[]][];
  /** How a seeded model draws mixer tensor `name` (the twin's PyTorch-like init). */
  initRule(name: string, shape: readonly number[], c: MixerConfig): InitRule;
  /** Recurrent scalars of one layer. */
  memoryLength(c: MixerConfig): number;
  /** memoryLength as a formula, e.g. "expand·width·(dState + dConv − 1)"… */
  readonly memoryFormula: string;
  /** …and the values of its symbols. */
  formulaValues(c: MixerConfig): Record<string, number>;
  /** A layer's mixer from its rounded tensors; `compute` is the format `f` rounds to. */
  build(t: MixerTensors, c: MixerConfig, f: ModelOps, compute: Format): MixerLayer;
}
