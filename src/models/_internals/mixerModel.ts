import type { Format } from "../../numeric/format.js";
import { decodeWith, encodeWith, productCodec, uintCodec, vectorCodec, type Codec } from "../../stream/codec.js";
import type { BitString, ModelInfo, StreamingModel } from "../../stream/model.js";
import { UserError } from "../../util/errors.js";
import { dotRow } from "./dot.js";
import { epsIn, type MixerArchitecture, type MixerConfig, type MixerTensors } from "./mixerArchitecture.js";
import { mixerOps, type MixerOps } from "./mixerOps.js";
import { norm, swiglu, type NormParams, type SwigluParams } from "./mixerPieces.js";
import type { NamedTensors } from "./params.js";
import type { Provenance } from "./recurrentModel.js";

/**
 * A sequence-mixer model's state: the recurrent memory of every layer after the tokens before
 * the last one, and the last token itself, not yet folded in (−1 before the first token).
 * A block's output depends on its current input as well as on its memory (the residual stream,
 * q_t, mamba's convolution window), so the state that fixes the logits is memory + last token.
 */
export interface MixerState {
  readonly memory: Float64Array;
  readonly pending: number;
}

interface LayerParams {
  readonly norm: NormParams;
  readonly mixer: unknown;
  readonly mlpNorm: NormParams | null;
  readonly mlp: SwigluParams | null;
}

/** Tensor names and shapes of a whole mixer model, in state_dict order. */
export function mixerShapes(arch: MixerArchitecture, c: MixerConfig): [string, number[]][] {
  const d = c.width;
  const normShapes = (prefix: string): [string, number[]][] =>
    c.norm === "layernorm" ? [[`${prefix}.weight`, [d]], [`${prefix}.bias`, [d]]] : [[`${prefix}.weight`, [d]]];
  const out: [string, number[]][] = [["embedding.weight", [c.vocabSize, d]]];
  for (let k = 0; k < c.layers; k++) {
    out.push(...normShapes(`layers.${k}.norm`));
    for (const [name, shape] of arch.shapes(c)) out.push([`layers.${k}.mixer.${name}`, shape]);
    if (arch.hasMlp) {
      out.push(...normShapes(`layers.${k}.mlp_norm`));
      out.push([`layers.${k}.mlp.w_gate.weight`, [c.ffnSize, d]]);
      out.push([`layers.${k}.mlp.w_up.weight`, [c.ffnSize, d]]);
      out.push([`layers.${k}.mlp.w_down.weight`, [d, c.ffnSize]]);
    }
  }
  out.push(...normShapes("final_norm"));
  out.push(["readout.weight", [c.vocabSize, d]]);
  if (c.readoutBias) out.push(["readout.bias", [c.vocabSize]]);
  return out;
}

/** Bits of the pending-token field: values 0 (none) and 1..V (token + 1). */
export function pendingBits(vocabSize: number): number {
  return Math.ceil(Math.log2(vocabSize + 1));
}

/**
 * The StreamingModel of mamba, linear-attention, diagonal-rnn and retnet: embedding →
 * L pre-norm residual blocks (mixer, then a SwiGLU MLP except for mamba) → final norm → readout,
 * exactly the twins' `Twin` with a mixer backbone. Every operation is rounded to the format in
 * the order docs/models.md gives.
 */
export class MixerModel implements StreamingModel<MixerState> {
  readonly name: string;
  readonly vocabSize: number;
  readonly architecture: string;
  /** Recurrent scalars per layer. */
  readonly memoryPerLayer: number;
  private readonly ops: MixerOps;
  private readonly codec: Codec<[Float64Array, number]>;
  private readonly layers: LayerParams[];
  private readonly finalNorm: NormParams;
  private readonly embedding: Float64Array;
  private readonly readoutWeight: Float64Array;
  private readonly readoutBias: Float64Array | null;
  private readonly mixerScratch: unknown;
  private readonly x: Float64Array;
  private readonly u: Float64Array;
  private readonly y: Float64Array;
  private readonly hidden: Float64Array;
  /** The memory written by a forward pass whose memory is not kept (logits). */
  private readonly discard: Float64Array;

  constructor(
    readonly arch: MixerArchitecture,
    readonly config: MixerConfig,
    private readonly named: NamedTensors,
    readonly format: Format,
    private readonly provenance: Provenance,
  ) {
    const c = config;
    this.architecture = arch.name;
    this.vocabSize = c.vocabSize;
    this.ops = mixerOps(format);
    this.memoryPerLayer = arch.memoryLength(c);
    const total = this.memoryPerLayer * c.layers;
    this.codec = productCodec<[Float64Array, number]>([vectorCodec(format, total), uintCodec(pendingBits(c.vocabSize))]);
    const t = (name: string): Float64Array => named[name].data;
    const eps = epsIn(format, c.normEps);
    const normAt = (prefix: string): NormParams => ({
      kind: c.norm,
      weight: t(`${prefix}.weight`),
      bias: c.norm === "layernorm" ? t(`${prefix}.bias`) : null,
      eps,
    });
    this.layers = [];
    for (let k = 0; k < c.layers; k++) {
      const prefix = `layers.${k}.mixer.`;
      const mixerTensors: Record<string, Float64Array> = {};
      for (const [name] of arch.shapes(c)) mixerTensors[name] = t(prefix + name);
      this.layers.push({
        norm: normAt(`layers.${k}.norm`),
        mixer: arch.prepare(mixerTensors as MixerTensors, c, this.ops, format),
        mlpNorm: arch.hasMlp ? normAt(`layers.${k}.mlp_norm`) : null,
        mlp: arch.hasMlp
          ? {
              gate: t(`layers.${k}.mlp.w_gate.weight`),
              up: t(`layers.${k}.mlp.w_up.weight`),
              down: t(`layers.${k}.mlp.w_down.weight`),
              hidden: c.ffnSize,
            }
          : null,
      });
    }
    this.finalNorm = normAt("final_norm");
    this.embedding = t("embedding.weight");
    this.readoutWeight = t("readout.weight");
    this.readoutBias = c.readoutBias ? t("readout.bias") : null;
    this.mixerScratch = arch.scratch(c);
    this.x = new Float64Array(c.width);
    this.u = new Float64Array(c.width);
    this.y = new Float64Array(c.width);
    this.hidden = new Float64Array(arch.hasMlp ? c.ffnSize : 0);
    this.discard = new Float64Array(total);
    this.name = `${arch.name}(width=${c.width},layers=${c.layers},vocab=${c.vocabSize},${format.name})`;
  }

  init(): MixerState {
    return { memory: new Float64Array(this.memoryPerLayer * this.config.layers), pending: -1 };
  }

  step(state: MixerState, token: number, _t: number): MixerState {
    this.checkState(state);
    if (!Number.isInteger(token) || token < 0 || token >= this.vocabSize) {
      throw new UserError(`${this.name}: token ${token} is outside the vocabulary 0..${this.vocabSize - 1}`);
    }
    if (state.pending < 0) return { memory: state.memory, pending: token };
    const next = new Float64Array(state.memory.length);
    this.forward(state.memory, state.pending, next);
    return { memory: next, pending: token };
  }

  /** The twin's last-position logits: the pending token run through the blocks over the memory. */
  logits(state: MixerState): Float64Array {
    this.checkState(state);
    const f = this.ops;
    const { width: d, vocabSize: V } = this.config;
    if (state.pending < 0) this.x.fill(0);
    else this.forward(state.memory, state.pending, this.discard);
    norm(f, this.finalNorm, this.x, this.u, d);
    const out = new Float64Array(V);
    const b = this.readoutBias;
    for (let v = 0; v < V; v++) {
      const s = dotRow(f, this.readoutWeight, v * d, this.u, 0, d);
      out[v] = b ? f.add(s, b[v]) : s;
    }
    return out;
  }

  /** One token through every block: writes the next memory and leaves the top residual in this.x. */
  private forward(memory: Float64Array, token: number, next: Float64Array): void {
    const f = this.ops;
    const d = this.config.width;
    const { x, u, y } = this;
    for (let i = 0; i < d; i++) x[i] = this.embedding[token * d + i];
    for (let k = 0; k < this.layers.length; k++) {
      const layer = this.layers[k];
      norm(f, layer.norm, x, u, d);
      this.arch.step(layer.mixer, f, this.mixerScratch, memory, next, k * this.memoryPerLayer, u, y);
      for (let i = 0; i < d; i++) x[i] = f.add(x[i], y[i]);
      if (layer.mlp) {
        norm(f, layer.mlpNorm!, x, u, d);
        swiglu(f, layer.mlp, u, y, d, this.hidden);
        for (let i = 0; i < d; i++) x[i] = f.add(x[i], y[i]);
      }
    }
  }

  private checkState(state: MixerState): void {
    if (!state || !(state.memory instanceof Float64Array) || state.memory.length !== this.discard.length) {
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
    return this.discard.length * this.format.bits + pendingBits(this.vocabSize);
  }

  describe(): ModelInfo {
    const c = this.config;
    const b = this.format.bits;
    const m = this.memoryPerLayer;
    const tb = pendingBits(c.vocabSize);
    const extra: Record<string, unknown> = {};
    for (const key of this.arch.ownKeys) extra[key] = c[key];
    const layer0 = this.layers[0];
    return {
      architecture: this.arch.name,
      format: this.format.name,
      stateBitsFormula:
        `layers·(${this.arch.memoryFormula})·bits + ⌈log₂(vocabSize + 1)⌉ = ` +
        `${c.layers}·${m}·${b} + ${tb} = ${this.stateBits(0)}`,
      params: {
        width: c.width,
        layers: c.layers,
        vocabSize: c.vocabSize,
        norm: c.norm,
        ...extra,
        ...(this.arch.hasMlp ? { ffnSize: c.ffnSize } : {}),
        readoutBias: c.readoutBias,
        normEps: c.normEps,
        normEpsInFormat: layer0.norm.eps,
        ...(this.arch.describe ? this.arch.describe(layer0.mixer) : {}),
        ...this.provenance,
      },
    };
  }

  /** Named tensors as in the twin's state_dict (shared data: do not mutate). */
  tensors(): NamedTensors {
    return this.named;
  }
}

/** The mixer tensors of layer k by their short names (for tests and the float baseline). */
export function mixerTensorsOf(model: MixerModel, k: number): MixerTensors {
  const out: Record<string, Float64Array> = {};
  for (const [name] of model.arch.shapes(model.config)) out[name] = model.tensors()[`layers.${k}.mixer.${name}`].data;
  return out;
}

export type { MixerOps };
