import { UserError } from "../../util/errors.js";
import { checkConfig, recurrentConfigSchema, zodProblem } from "../spec.js";
import type { ArchitectureDescriptor } from "./descriptor.js";
import { recurrentInitRule } from "./init.js";
import { expectedShapes, paramsFromTensors, type RecurrentConfig } from "./params.js";
import { RecurrentModel, type Architecture } from "./recurrentModel.js";

/**
 * The descriptor of elman, lstm or gru: config {width, layers, vocabSize, inputSize (default
 * width, as the twin's config.get), nonlinearity (elman)}, PyTorch nn.RNN/LSTM/GRU names.
 */
export function recurrentDescriptor(arch: Architecture): ArchitectureDescriptor<RecurrentConfig & Record<string, unknown>> {
  type C = RecurrentConfig & Record<string, unknown>;
  return {
    name: arch.name,
    defaultFormat: "fixed:2.6",
    parseConfig(raw, source) {
      const withInput =
        raw && typeof raw === "object" && !Array.isArray(raw) && (raw as Record<string, unknown>).inputSize === undefined
          ? { ...(raw as Record<string, unknown>), inputSize: (raw as Record<string, unknown>).width }
          : raw;
      const r = recurrentConfigSchema.safeParse(withInput);
      if (!r.success) throw new UserError(zodProblem(source, r.error));
      const { format: _saved, ...rest } = r.data;
      return checkConfig(arch.name, rest, source) as C;
    },
    shapes: (c) => expectedShapes(arch.name, c),
    initRule: (name, _shape, c) => recurrentInitRule(name, c.width),
    build: (c, tensors, ctx) => new RecurrentModel(arch, paramsFromTensors(arch.name, c, tensors), ctx.formats, ctx.provenance),
    backbone: (c, tensors, ctx) =>
      new RecurrentModel(arch, paramsFromTensors(arch.name, c, tensors), ctx.formats, ctx.provenance).asBackbone(),
  };
}
