import type { Format } from "../../numeric/format.js";
import { decodeWith, encodeWith, vectorCodec, type Codec } from "../../stream/codec.js";
import type { BitString, ModelInfo, StreamingModel } from "../../stream/model.js";
import { UserError } from "../../util/errors.js";
import type { Backbone, ExactModel, Provenance } from "./descriptor.js";
import { linear, linearRows } from "./linear.js";
import { kernelOps, type KernelOps } from "./kernelOps.js";
import { roleFormatsName, underFormatPolicy, type RoleFormats } from "./roleFormats.js";
import {
  STATE_VECTORS_PER_LAYER,
  tensorsFromParams,
  type NamedTensors,
  type RecurrentArchitecture,
  type RecurrentParams,
} from "./params.js";

/**
 * One step of an architecture: reads `state`, writes the whole next state into `next` (a fresh
 * array of the same length), using `scratch` for gate pre-activations. Never writes `state`.
 */
export type StepKernel = (
  p: RecurrentParams,
  f: KernelOps,
  state: Float64Array,
  token: number,
  next: Float64Array,
  scratch: Float64Array,
) => void;

export interface Architecture {
  readonly name: RecurrentArchitecture;
  readonly kernel: StepKernel;
  /** Scratch scalars the kernel needs for a given width. */
  scratchSize(width: number): number;
}

export type { Provenance };

/**
 * The StreamingModel shell shared by elman, lstm and gru: a flat Float64Array state, layer-major
 * ([h_l0, c_l0, h_l1, c_l1, …] for lstm, [h_l0, h_l1, …] otherwise), encoded as a vector of
 * state-format values, stateBits = vectorsPerLayer·layers·width·bits (bits of the state format).
 * Weights are values of formats.weights, every operation is rounded to formats.compute, and the
 * next state is rounded to formats.state (a no-op when state = compute).
 */
export class RecurrentModel implements StreamingModel<Float64Array>, ExactModel<Float64Array> {
  readonly name: string;
  /** The state format (M is counted in its bits). */
  readonly format: Format;
  readonly vocabSize: number;
  readonly architecture: RecurrentArchitecture;
  /** Scalars in the state. */
  readonly stateLength: number;
  private readonly codec: Codec<Float64Array>;
  private readonly scratch: Float64Array;
  private readonly kernel: StepKernel;
  /** The format's operations, specialised for speed where provably equal (kernelOps.ts). */
  private readonly ops: KernelOps;
  private readonly topOffset: number;

  constructor(
    arch: Architecture,
    readonly params: RecurrentParams,
    readonly formats: RoleFormats,
    private readonly provenance: Provenance,
  ) {
    const { width, layers, vocabSize } = params.config;
    const format = formats.state;
    this.format = format;
    this.architecture = arch.name;
    this.kernel = arch.kernel;
    this.ops = kernelOps(formats.compute);
    this.vocabSize = vocabSize;
    const perLayer = STATE_VECTORS_PER_LAYER[arch.name] * width;
    this.stateLength = perLayer * layers;
    this.topOffset = perLayer * (layers - 1);
    this.codec = vectorCodec(format, this.stateLength);
    this.scratch = new Float64Array(arch.scratchSize(width));
    const nl = params.config.nonlinearity && params.config.nonlinearity !== "tanh" ? `,${params.config.nonlinearity}` : "";
    this.name = `${arch.name}(width=${width},layers=${layers},vocab=${vocabSize}${nl},${roleFormatsName(formats)})`;
  }

  /** The config a weights file stores (without `format`). */
  get config(): Readonly<Record<string, unknown>> {
    const { width, layers, vocabSize, inputSize, nonlinearity } = this.params.config;
    return {
      width,
      layers,
      vocabSize,
      inputSize,
      ...(this.architecture === "elman" ? { nonlinearity: nonlinearity ?? "tanh" } : {}),
    };
  }

  /** The zero state (PyTorch's default h0 = c0 = 0). */
  init(): Float64Array {
    return new Float64Array(this.stateLength);
  }

  step(state: Float64Array, token: number, _t: number): Float64Array {
    if (state.length !== this.stateLength) {
      throw new RangeError(`${this.name}: state of length ${state.length}, expected ${this.stateLength}`);
    }
    if (!Number.isInteger(token) || token < 0 || token >= this.vocabSize) {
      throw new UserError(`${this.name}: token ${token} is outside the vocabulary 0..${this.vocabSize - 1}`);
    }
    const next = new Float64Array(this.stateLength);
    underFormatPolicy(this.name, this.formats, () => this.kernel(this.params, this.ops, state, token, next, this.scratch));
    const s = this.formats.state;
    if (s !== this.formats.compute) for (let k = 0; k < next.length; k++) next[k] = s.round(next[k]);
    return next;
  }

  /** The model as a hybrid's base: one segment (the whole state); hidden = the top layer's h. */
  asBackbone(): Backbone {
    const H = this.params.config.width;
    const { layers } = this.params.config;
    const per = STATE_VECTORS_PER_LAYER[this.architecture];
    return {
      width: H,
      grows: false,
      segmentLengths: () => [this.stateLength],
      position: () => 0,
      init: () => [this.init()],
      step: (state, token) => {
        const next = this.step(state[0], token, 0);
        return { state: [next], hidden: next.slice(this.topOffset, this.topOffset + H) };
      },
      scalarsFormula: per === 2 ? "2·baseLayers·width" : "baseLayers·width",
      formulaValues: { baseLayers: layers },
      info: { base: this.architecture, baseWidth: H, baseLayers: layers },
    };
  }

  /** logits[v] = round(dot(readout.weight[v], h_top) + readout.bias[v]). */
  logits(state: Float64Array): Float64Array {
    const { width: H, vocabSize: V } = this.params.config;
    return underFormatPolicy(this.name, this.formats, () =>
      linear(this.ops, this.params.readoutWeight, V, H, state, this.topOffset, this.params.readoutBias),
    );
  }

  /** logits(state)[tokens[i]] at i, by the same operations, the other rows skipped. */
  logitsFor(state: Float64Array, tokens: readonly number[]): Float64Array {
    const { width: H, vocabSize: V } = this.params.config;
    return underFormatPolicy(this.name, this.formats, () =>
      linearRows(this.ops, this.params.readoutWeight, V, H, state, tokens, this.topOffset, this.params.readoutBias),
    );
  }

  encode(state: Float64Array): BitString {
    return encodeWith(this.codec, state);
  }

  decode(bits: BitString): Float64Array {
    if (bits.length !== this.stateLength * this.format.bits || /[^01]/.test(bits)) {
      throw new UserError(
        `${this.name}: a state is ${this.stateLength * this.format.bits} bits of 0/1, got ${bits.length} characters`,
      );
    }
    return decodeWith(this.codec, bits);
  }

  stateBits(_t: number): number {
    return this.stateLength * this.format.bits;
  }

  describe(): ModelInfo {
    const { width, layers, vocabSize, inputSize, nonlinearity } = this.params.config;
    const bits = this.format.bits;
    const stateBitsFormula =
      STATE_VECTORS_PER_LAYER[this.architecture] === 2
        ? `2·layers·width·bits = 2·${layers}·${width}·${bits} = ${this.stateBits(0)}`
        : `layers·width·bits = ${layers}·${width}·${bits} = ${this.stateBits(0)}`;
    return {
      architecture: this.architecture,
      format: roleFormatsName(this.formats),
      stateBitsFormula,
      params: {
        width,
        layers,
        vocabSize,
        inputSize,
        ...(this.architecture === "elman" ? { nonlinearity: nonlinearity ?? "tanh" } : {}),
        ...this.provenance,
      },
    };
  }

  /** Named tensors as in the PyTorch twin's state_dict (shared data: do not mutate). */
  tensors(): NamedTensors {
    return tensorsFromParams(this.params);
  }
}
