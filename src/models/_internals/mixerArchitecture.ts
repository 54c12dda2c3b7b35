import type { Format } from "../../numeric/format.js";
import type { Rng } from "../../util/rng.js";
import type { Mixer } from "./block.js";
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
 * defaults, tensor names and seeded init, and the per-layer Mixer (block.ts) it builds. The
 * model shell (mixerModel.ts) wraps it in embedding → pre-norm residual blocks → final norm →
 * readout.
 */
export interface MixerArchitecture {
  readonly name: MixerName;
  /** Blocks carry a SwiGLU MLP after the mixer (all but mamba). */
  readonly hasMlp: boolean;
  /** Config keys this architecture reads beyond the common ones. */
  readonly ownKeys: readonly (keyof MixerConfig)[];
  /** Fills this architecture's defaults; throws UserError on a contradiction (e.g. heads ∤ width). */
  resolve(config: MixerConfig, given: Partial<MixerConfig>, source: string): MixerConfig;
  /** Mixer tensor names (under layers.{k}.mixer.) and shapes, in state_dict order. */
  shapes(c: MixerConfig): [string, number[]][];
  /** Seeded value of one mixer tensor entry before rounding (the twin's PyTorch-like init). */
  initValue(name: string, shape: readonly number[], c: MixerConfig, rng: Rng, index: number): number;
  /** Recurrent scalars of one layer. */
  memoryLength(c: MixerConfig): number;
  /** memoryLength as a formula in config names, e.g. "expand·width·(dState + dConv − 1)". */
  readonly memoryFormula: string;
  /** A layer's mixer from its rounded tensors; `compute` is the format `f` rounds to. */
  build(t: MixerTensors, c: MixerConfig, f: ModelOps, compute: Format): MixerLayer;
}

/** elu (alpha 1): the format's correctly rounded elu where it has one, else a > 0 ? a : round(exp(a) − 1). */
export function eluOf(f: ModelOps): (a: number) => number {
  const e = (f as ModelOps & { elu?: (a: number) => number }).elu;
  if (typeof e === "function") return (a) => e.call(f, a);
  const one = f.round(1);
  return (a) => (a > 0 ? a : f.sub(f.exp(a), one));
}
