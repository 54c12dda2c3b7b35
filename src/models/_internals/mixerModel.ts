import { decodeWith, encodeWith, productCodec, uintCodec, vectorCodec, type Codec } from "../../stream/codec.js";
import type { BitString, ModelInfo, StreamingModel } from "../../stream/model.js";
import { UserError } from "../../util/errors.js";
import { blockFrom, blockShapes, blockStep, normFrom, type BlockParams } from "./block.js";
import { linear } from "./linear.js";
import type { MixerArchitecture, MixerConfig, MixerLayer } from "./mixerArchitecture.js";
import { modelOps, type ModelOps } from "./modelOps.js";
import { applyNorm, normEpsilon, normShapes, type NormParams } from "./norm.js";
import type { NamedTensors } from "./params.js";
import type { Provenance } from "./recurrentModel.js";
import { roleFormatsName, type RoleFormats } from "./roleFormats.js";

/**
 * A sequence-mixer model's state: the recurrent memory of every layer after the tokens before
 * the last one, and the last token itself, not yet folded in (−1 before the first token).
 * A block's output depends on its current input as well as on its memory (the residual stream,
 * q_t, mamba's convolution window), so memory + last token is what fixes the logits.
 */
export interface MixerState {
  readonly memory: Float64Array;
  readonly pending: number;
}

/** Tensor names and shapes of a whole mixer model, in state_dict order. */
export function mixerShapes(arch: MixerArchitecture, c: MixerConfig): [string, number[]][] {
  const out: [string, number[]][] = [["embedding.weight", [c.vocabSize, c.width]]];
  for (let k = 0; k < c.layers; k++) {
    const b = blockShapes(`layers.${k}`, c.norm, c.width, { mixerNorm: "norm", ffnSize: arch.hasMlp ? c.ffnSize : 0 });
    out.push(...b.mixerNorm);
    for (const [name, shape] of arch.shapes(c)) out.push([`layers.${k}.mixer.${name}`, shape]);
    out.push(...b.mlp);
  }
  out.push(...normShapes("final_norm", c.norm, c.width));
  out.push(["readout.weight", [c.vocabSize, c.width]]);
  if (c.readoutBias) out.push(["readout.bias", [c.vocabSize]]);
  return out;
}

/** Bits of the last-token field: 0 (none) and 1..V (token + 1). */
export function pendingBits(vocabSize: number): number {
  return Math.ceil(Math.log2(vocabSize + 1));
}

/**
 * The StreamingModel of mamba, linear-attention, diagonal-rnn and retnet: embedding → L pre-norm
 * residual blocks (block.ts: mixer, then a SwiGLU MLP except in mamba) → final norm → readout,
 * the twins' `Twin` with a mixer backbone. Weights are values of formats.weights, every operation
 * rounds to formats.compute, the memory is held in formats.state (docs/models.md).
 */
export class MixerModel implements StreamingModel<MixerState> {
  readonly name: string;
  readonly vocabSize: number;
  readonly architecture: string;
  /** The state format (the one M counts). */
  readonly format: RoleFormats["state"];
  /** Recurrent scalars per layer. */
  readonly memoryPerLayer: number;
  private readonly ops: ModelOps;
  private readonly toState: (x: number) => number;
  private readonly codec: Codec<[Float64Array, number]>;
  private readonly blocks: BlockParams[];
  private readonly mixers: MixerLayer[];
  private readonly finalNorm: NormParams;
  private readonly eps: { value: number; replaced: boolean };
  private readonly embedding: Float64Array;
  private readonly readoutWeight: Float64Array;
  private readonly readoutBias: Float64Array | undefined;
  private readonly memoryLength: number;

  constructor(
    readonly arch: MixerArchitecture,
    readonly config: MixerConfig,
    private readonly named: NamedTensors,
    readonly formats: RoleFormats,
    private readonly provenance: Provenance,
  ) {
    const c = config;
    this.architecture = arch.name;
    this.vocabSize = c.vocabSize;
    this.format = formats.state;
    this.ops = modelOps(formats.compute);
    const state = formats.state;
    this.toState = state.name === formats.compute.name ? (x) => x : (x) => state.round(x);
    this.memoryPerLayer = arch.memoryLength(c);
    this.memoryLength = this.memoryPerLayer * c.layers;
    this.codec = productCodec<[Float64Array, number]>([vectorCodec(state, this.memoryLength), uintCodec(pendingBits(c.vocabSize))]);
    this.eps = normEpsilon(formats.compute, c.normEps);
    this.blocks = [];
    this.mixers = [];
    for (let k = 0; k < c.layers; k++) {
      this.blocks.push(blockFrom(named, `layers.${k}`, c.norm, c.width, { mixerNorm: "norm", ffnSize: arch.hasMlp ? c.ffnSize : 0 }));
      const prefix = `layers.${k}.mixer.`;
      const mixerTensors: Record<string, Float64Array> = {};
      for (const [name] of arch.shapes(c)) mixerTensors[name] = named[prefix + name].data;
      const mixer = arch.build(mixerTensors, c, this.ops, formats.compute);
      if (mixer.stateLength(0) !== this.memoryPerLayer) throw new Error(`internal: ${arch.name} mixer state length disagrees with its formula`);
      this.mixers.push(mixer);
    }
    this.finalNorm = normFrom(named, "final_norm", c.norm);
    this.embedding = named["embedding.weight"].data;
    this.readoutWeight = named["readout.weight"].data;
    this.readoutBias = c.readoutBias ? named["readout.bias"].data : undefined;
    this.name = `${arch.name}(width=${c.width},layers=${c.layers},vocab=${c.vocabSize},${roleFormatsName(formats)})`;
  }

  init(): MixerState {
    return { memory: new Float64Array(this.memoryLength), pending: -1 };
  }

  step(state: MixerState, token: number, _t: number): MixerState {
    this.checkState(state);
    if (!Number.isInteger(token) || token < 0 || token >= this.vocabSize) {
      throw new UserError(`${this.name}: token ${token} is outside the vocabulary 0..${this.vocabSize - 1}`);
    }
    if (state.pending < 0) return { memory: state.memory, pending: token };
    return { memory: this.forward(state.memory, state.pending).memory, pending: token };
  }

  /** The twin's last-position logits: the last token through the blocks over the memory. */
  logits(state: MixerState): Float64Array {
    this.checkState(state);
    const f = this.ops;
    const top = state.pending < 0 ? new Float64Array(this.config.width) : this.forward(state.memory, state.pending).top;
    const xn = applyNorm(f, this.config.norm, this.finalNorm, top, this.eps.value);
    return linear(f, this.readoutWeight, this.vocabSize, this.config.width, xn, 0, this.readoutBias);
  }

  /** One token through every block: the next memory and the top of the residual stream. */
  private forward(memory: Float64Array, token: number): { memory: Float64Array; top: Float64Array } {
    const d = this.config.width;
    const m = this.memoryPerLayer;
    let x: Float64Array = this.embedding.slice(token * d, (token + 1) * d);
    const next = new Float64Array(this.memoryLength);
    for (let k = 0; k < this.blocks.length; k++) {
      const r = blockStep(this.ops, this.blocks[k], this.mixers[k], memory.subarray(k * m, (k + 1) * m), x, this.eps.value, this.toState);
      next.set(r.state, k * m);
      x = r.y;
    }
    return { memory: next, top: x };
  }

  private checkState(state: MixerState): void {
    if (!state || !(state.memory instanceof Float64Array) || state.memory.length !== this.memoryLength) {
      throw new RangeError(`${this.name}: not a state of this model`);
    }
  }

  encode(state: MixerState): BitString {
    return encodeWith(this.codec, [state.memory, state.pending + 1]);
  }

  decode(bits: BitString): MixerState {
    const n = this.stateBits(0);
    if (bits.length !== n || /[^01]/.test(bits)) {
      throw new UserError(`${this.name}: a state is ${n} bits of 0/1, got ${bits.length} characters`);
    }
    const [memory, code] = decodeWith(this.codec, bits);
    if (code > this.vocabSize) {
      throw new UserError(`${this.name}: the state's last-token field holds ${code}, beyond the vocabulary (≤ ${this.vocabSize})`);
    }
    return { memory, pending: code - 1 };
  }

  stateBits(_t: number): number {
    return this.memoryLength * this.format.bits + pendingBits(this.vocabSize);
  }

  describe(): ModelInfo {
    const c = this.config;
    const b = this.format.bits;
    const own: Record<string, unknown> = {};
    for (const key of this.arch.ownKeys) own[key] = c[key];
    return {
      architecture: this.arch.name,
      format: this.format.name,
      stateBitsFormula:
        `layers·(${this.arch.memoryFormula})·bits + ⌈log₂(vocabSize + 1)⌉ = ` +
        `${c.layers}·${this.memoryPerLayer}·${b} + ${pendingBits(c.vocabSize)} = ${this.stateBits(0)}`,
      params: {
        width: c.width,
        layers: c.layers,
        vocabSize: c.vocabSize,
        norm: c.norm,
        ...own,
        ...(this.arch.hasMlp ? { ffnSize: c.ffnSize } : {}),
        readoutBias: c.readoutBias,
        formats: roleFormatsName(this.formats),
        normEps: c.normEps,
        normEpsInFormat: this.eps.value,
        ...(this.eps.replaced ? { normEpsReplaced: `normEps ${c.normEps} rounds to 0 in ${this.formats.compute.name}: minPositive used` } : {}),
        ...(this.mixers[0].describe ? this.mixers[0].describe() : {}),
        ...this.provenance,
      },
    };
  }

  /** Named tensors as in the twin's state_dict (shared data: do not mutate). */
  tensors(): NamedTensors {
    return this.named;
  }
}
