/**
 * Builds an ordinary elman/lstm/gru model from written-down tensors: the constructions hand
 * their weights, named as the PyTorch twin's state_dict, to the same loader a weights file
 * goes through (modelFromTensors), so the interpreter runs them like any trained model.
 * At a construction's documented format every value must already be a value of the format (a
 * construction that needed rounding there is a bug); the precision search asks for rounding.
 */
import type { Format } from "../../../numeric/format.js";
import type { NamedTensors } from "../../_internals/params.js";
import type { ExactModel } from "../../_internals/descriptor.js";
import type { RoleFormats } from "../../_internals/roleFormats.js";
import { sameFormat } from "../../_internals/roleFormats.js";
import { modelFromTensors } from "../../weights/modelFromTensors.js";

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

export function weightsConstruction(
  name: string,
  architecture: string,
  config: RecurrentConstructionConfig | Record<string, unknown>,
  tensors: Record<string, TensorBuilder>,
  format: Format | RoleFormats,
  roundWeights = false,
): ExactModel {
  const formats = "compute" in format ? format : sameFormat(format);
  const named: NamedTensors = {};
  for (const [k, t] of Object.entries(tensors)) {
    for (let i = 0; i < t.data.length; i++) {
      if (!roundWeights && formats.weights.round(t.data[i]) !== t.data[i]) throw new Error(`${name}: weight ${k}[${i}] = ${t.data[i]} is not a value of ${formats.weights.name}`);
    }
    named[k] = t.tensor();
  }
  return modelFromTensors(architecture, { ...config }, named, formats, `construction ${name}`).model;
}

/** A zero tensor for every name and shape an architecture's config needs (to fill by name). */
export function zeroTensors(architecture: string, config: Record<string, unknown>, lookup: (name: string) => ArchitectureLookupEntry | undefined): Record<string, TensorBuilder> {
  const desc = lookup(architecture);
  if (!desc) throw new Error(`no architecture ${architecture}`);
  const c = desc.parseConfig(config, `construction config of ${architecture}`, lookup as never);
  const out: Record<string, TensorBuilder> = {};
  for (const [name, shape] of desc.shapes(c as never, lookup as never)) out[name] = new TensorBuilder(shape);
  return out;
}

interface ArchitectureLookupEntry {
  parseConfig(raw: unknown, source: string, lookup: never): unknown;
  shapes(config: never, lookup: never): [string, number[]][];
}
