import { z } from "zod";
import { UserError } from "../../util/errors.js";
import { zodProblem } from "../spec.js";
import { numel, type NamedTensors } from "../_internals/params.js";

/**
 * The JSON weights file: {"architecture": "lstm", "config": {…}, "tensors": {name: {"shape":
 * […], "data": […]}}}, data flat in row-major order. Doubles print and parse exactly in JSON.
 */
export interface WeightsContent {
  readonly architecture: string;
  readonly config: unknown;
  readonly tensors: NamedTensors;
}

const fileSchema = z.strictObject({
  architecture: z.string(),
  config: z.unknown(),
  tensors: z.record(
    z.string(),
    z.strictObject({ shape: z.array(z.number().int().min(0)), data: z.array(z.number()) }),
  ),
});

export function parseJsonWeights(text: string, file: string): WeightsContent {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new UserError(`${file}: not valid JSON (${(e as Error).message.split("\n")[0]})`);
  }
  const r = fileSchema.safeParse(raw);
  if (!r.success) throw new UserError(zodProblem(file, r.error));
  if (r.data.config === undefined) throw new UserError(`${file}: config: missing`);
  const tensors: NamedTensors = {};
  for (const [name, t] of Object.entries(r.data.tensors)) {
    if (t.data.length !== numel(t.shape)) {
      throw new UserError(
        `${file}: tensor '${name}' has shape [${t.shape.join(", ")}] (${numel(t.shape)} values) but ${t.data.length} data values`,
      );
    }
    tensors[name] = { shape: t.shape, data: Float64Array.from(t.data) };
  }
  return { architecture: r.data.architecture, config: r.data.config, tensors };
}

/** One line per tensor; -0 is written as `-0` (JSON.parse reads it back, JSON.stringify would drop the sign). */
export function serializeJsonWeights(content: WeightsContent): string {
  const lines = Object.entries(content.tensors).map(([name, t]) => {
    const data = Array.from(t.data, (x) => {
      if (!Number.isFinite(x)) throw new RangeError(`tensor '${name}' holds ${x}, which JSON cannot carry`);
      return Object.is(x, -0) ? "-0" : String(x);
    });
    return `    ${JSON.stringify(name)}: {"shape": ${JSON.stringify(t.shape)}, "data": [${data.join(", ")}]}`;
  });
  return (
    `{\n  "architecture": ${JSON.stringify(content.architecture)},\n  "config": ${JSON.stringify(content.config)},\n` +
    `  "tensors": {\n${lines.join(",\n")}\n  }\n}\n`
  );
}
