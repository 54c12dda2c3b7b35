/**
 * The parameters of a recurrent model (elman, lstm, gru) as flat row-major typed arrays, named
 * as a PyTorch module with `embedding` (nn.Embedding), `rnn` (nn.RNN/LSTM/GRU, batch_first,
 * bias=True) and `readout` (nn.Linear(width, vocabSize)) names them in its `state_dict`.
 */
export type RecurrentArchitecture = "elman" | "lstm" | "gru";

export const RECURRENT_ARCHITECTURES: readonly RecurrentArchitecture[] = ["elman", "lstm", "gru"];

/** Gate blocks stacked in weight_ih / weight_hh: rnn 1, lstm 4 (i, f, g, o), gru 3 (r, z, n). */
export const GATES: Readonly<Record<RecurrentArchitecture, number>> = { elman: 1, lstm: 4, gru: 3 };

/** Scalars per layer in the state: lstm carries h and c, the others h only. */
export const STATE_VECTORS_PER_LAYER: Readonly<Record<RecurrentArchitecture, number>> = {
  elman: 1,
  lstm: 2,
  gru: 1,
};

export type Nonlinearity = "tanh" | "relu";

/** Everything that fixes the parameter shapes (and, for elman, the activation). */
export interface RecurrentConfig {
  readonly width: number;
  readonly layers: number;
  readonly vocabSize: number;
  readonly inputSize: number;
  /** elman only; lstm and gru have no such option. */
  readonly nonlinearity?: Nonlinearity;
}

export interface LayerParams {
  /** weight_ih_l{k}: [G·H, in_k] */
  readonly wih: Float64Array;
  /** weight_hh_l{k}: [G·H, H] */
  readonly whh: Float64Array;
  readonly bih: Float64Array;
  readonly bhh: Float64Array;
  /** in_k: inputSize for layer 0, width above. */
  readonly inSize: number;
}

export interface RecurrentParams {
  readonly architecture: RecurrentArchitecture;
  readonly config: RecurrentConfig;
  /** embedding.weight: [V, inputSize] */
  readonly embedding: Float64Array;
  readonly layers: readonly LayerParams[];
  /** readout.weight: [V, H] */
  readonly readoutWeight: Float64Array;
  /** readout.bias: [V] */
  readonly readoutBias: Float64Array;
}

/** A named tensor: shape plus row-major data. */
export interface Tensor {
  readonly shape: readonly number[];
  readonly data: Float64Array;
}

export type NamedTensors = Record<string, Tensor>;

/** Tensor names and shapes, in state_dict order. */
export function expectedShapes(arch: RecurrentArchitecture, config: RecurrentConfig): [string, number[]][] {
  const { width: H, layers, vocabSize: V, inputSize } = config;
  const G = GATES[arch];
  const out: [string, number[]][] = [["embedding.weight", [V, inputSize]]];
  for (let k = 0; k < layers; k++) {
    const inK = k === 0 ? inputSize : H;
    out.push([`rnn.weight_ih_l${k}`, [G * H, inK]]);
    out.push([`rnn.weight_hh_l${k}`, [G * H, H]]);
    out.push([`rnn.bias_ih_l${k}`, [G * H]]);
    out.push([`rnn.bias_hh_l${k}`, [G * H]]);
  }
  out.push(["readout.weight", [V, H]]);
  out.push(["readout.bias", [V]]);
  return out;
}

/** Assembles params from named tensors whose shapes the caller has already checked. */
export function paramsFromTensors(
  arch: RecurrentArchitecture,
  config: RecurrentConfig,
  tensors: NamedTensors,
): RecurrentParams {
  const layers: LayerParams[] = [];
  for (let k = 0; k < config.layers; k++) {
    layers.push({
      wih: tensors[`rnn.weight_ih_l${k}`].data,
      whh: tensors[`rnn.weight_hh_l${k}`].data,
      bih: tensors[`rnn.bias_ih_l${k}`].data,
      bhh: tensors[`rnn.bias_hh_l${k}`].data,
      inSize: k === 0 ? config.inputSize : config.width,
    });
  }
  return {
    architecture: arch,
    config,
    embedding: tensors["embedding.weight"].data,
    layers,
    readoutWeight: tensors["readout.weight"].data,
    // A hybrid's RNN base may sit under a readout without a bias (readoutBias: false).
    readoutBias: tensors["readout.bias"]?.data ?? new Float64Array(config.vocabSize),
  };
}

/** The named tensors of params, in state_dict order (data shared, not copied). */
export function tensorsFromParams(params: RecurrentParams): NamedTensors {
  const byName: Record<string, Float64Array> = {
    "embedding.weight": params.embedding,
    "readout.weight": params.readoutWeight,
    "readout.bias": params.readoutBias,
  };
  params.layers.forEach((l, k) => {
    byName[`rnn.weight_ih_l${k}`] = l.wih;
    byName[`rnn.weight_hh_l${k}`] = l.whh;
    byName[`rnn.bias_ih_l${k}`] = l.bih;
    byName[`rnn.bias_hh_l${k}`] = l.bhh;
  });
  const out: NamedTensors = {};
  for (const [name, shape] of expectedShapes(params.architecture, params.config)) {
    out[name] = { shape, data: byName[name] };
  }
  return out;
}

export function numel(shape: readonly number[]): number {
  return shape.reduce((a, b) => a * b, 1);
}
