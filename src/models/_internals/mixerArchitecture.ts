import type { Format } from "../../numeric/format.js";
import type { Rng } from "../../util/rng.js";
import type { MixerOps } from "./mixerOps.js";
import type { NormKind } from "./mixerPieces.js";

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

/**
 * One sequence mixer: the pieces an architecture file provides. The model shell
 * (mixerModel.ts) wraps it in embedding → pre-norm residual blocks → final norm → readout.
 */
export interface MixerArchitecture<P = unknown, S = unknown> {
  readonly name: MixerName;
  /** Blocks carry a SwiGLU MLP after the mixer (all but mamba). */
  readonly hasMlp: boolean;
  /** Config keys this architecture reads beyond the common ones. */
  readonly ownKeys: readonly (keyof MixerConfig)[];
  /** Fills this architecture's defaults; throws UserError on a contradiction (e.g. heads ∤ width). */
  resolve(config: MixerConfig, given: Partial<MixerConfig>, source: string): MixerConfig;
  /** Mixer tensor names (under layers.{k}.mixer.) and shapes, in state_dict order. */
  shapes(c: MixerConfig): [string, number[]][];
  /** Seeded values of one mixer tensor before rounding (PyTorch-like init of the twin). */
  initValue(name: string, shape: readonly number[], c: MixerConfig, rng: Rng, index: number): number;
  /** Per-layer kernel data from the rounded tensors (derived constants computed once). */
  prepare(t: MixerTensors, c: MixerConfig, f: MixerOps, format: Format): P;
  scratch(c: MixerConfig): S;
  /** Recurrent scalars of one layer. */
  memoryLength(c: MixerConfig): number;
  /** memoryLength as a formula in config names, e.g. "expand·width·(dState + dConv − 1)". */
  readonly memoryFormula: string;
  /**
   * One token through the mixer: reads the layer's memory at mem[off…], writes its successor
   * at next[off…] and the mixer output (width values) to out. u is the normalised input.
   */
  step(p: P, f: MixerOps, s: S, mem: Float64Array, next: Float64Array, off: number, u: Float64Array, out: Float64Array): void;
  /** Constants the format changed (e.g. an eps that rounded to 0), for describe(). */
  describe?(p: P): Record<string, unknown>;
}

/** The rounded eps a norm uses: round(eps), or minPositive where that is 0. */
export function epsIn(format: Format, eps: number): number {
  const r = format.round(eps);
  return r === 0 ? format.minPositive : r;
}
