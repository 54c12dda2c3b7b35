/**
 * Builds an ordinary elman/lstm/gru model from written-down tensors: the constructions hand
 * their weights, named as the PyTorch twin's state_dict, to the same loader a weights file
 * goes through (recurrentFromTensors), so the interpreter runs them like any trained model.
 * Every value must already be a value of the format (a construction that needed rounding is
 * a bug, not a silent approximation).
 */
import type { Format } from "../../../numeric/format.js";
import type { RecurrentArchitecture, NamedTensors } from "../../_internals/params.js";
import type { RecurrentModel } from "../../_internals/recurrentModel.js";
import { recurrentFromTensors } from "../../weights/recurrentFromTensors.js";

export interface RecurrentConstructionConfig {
  readonly width: number;
  readonly layers: number;
  readonly vocabSize: number;
  readonly inputSize: number;
}

/** A zero tensor of a shape, with a row-major setter. */
export class TensorBuilder {
  readonly data: Float64Array;
  constructor(readonly shape: readonly number[]) {
    this.data = new Float64Array(shape.reduce((a, b) => a * b, 1));
  }
  set(row: number, col: number, value: number): this {
    const cols = this.shape.length > 1 ? this.shape[1] : 1;
    this.data[row * cols + col] = value;
    return this;
  }
  set1(k: number, value: number): this {
    this.data[k] = value;
    return this;
  }
  tensor() {
    return { shape: [...this.shape], data: this.data };
  }
}

export function recurrentConstruction(
  name: string,
  architecture: RecurrentArchitecture,
  config: RecurrentConstructionConfig,
  tensors: Record<string, TensorBuilder>,
  format: Format,
): RecurrentModel {
  const named: NamedTensors = {};
  for (const [k, t] of Object.entries(tensors)) {
    for (let i = 0; i < t.data.length; i++) {
      if (format.round(t.data[i]) !== t.data[i]) throw new Error(`${name}: weight ${k}[${i}] = ${t.data[i]} is not a value of ${format.name}`);
    }
    named[k] = t.tensor();
  }
  return recurrentFromTensors(architecture, { ...config }, named, format, `construction ${name}`).model;
}
