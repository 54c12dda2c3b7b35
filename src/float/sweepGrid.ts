import { readFileSync } from "node:fs";
import { z } from "zod";
import { userError } from "../util/errors.js";
import { parseTrainOptions, runSlug, type TrainOptions } from "./train.js";

/**
 * A sweep grid (JSON): lists multiply out, scalars apply to every point. Strict: an unknown
 * key is a UserError naming it.
 *
 *   { "tasks": ["index"], "n": [20, 64], "archs": ["lstm", "transformer"], "widths": [4, 32],
 *     "lrs": [0.001, 0.003], "seeds": [1, 2, 3], "layers": 1, "steps": 3000, ... }
 */
const list = <T extends z.ZodTypeAny>(item: T) => z.array(item).min(1);
export const gridSchema = z.strictObject({
  tasks: list(z.string()),
  n: list(z.number().int().min(1)),
  archs: list(z.string()),
  widths: list(z.number().int().min(1)),
  lrs: list(z.number().positive()).default([3e-3]),
  seeds: list(z.number().int()).default([1]),
  layers: z.number().int().min(1).optional(),
  mode: z.string().optional(),
  heads: z.number().int().min(1).optional(),
  base: z.string().optional(),
  positions: z.string().optional(),
  norm: z.string().optional(),
  dState: z.number().int().min(1).optional(),
  tiedSinusoidal: z.boolean().optional(),
  steps: z.number().int().min(1).optional(),
  batch: z.number().int().min(1).optional(),
  weightDecay: z.number().min(0).optional(),
  warmup: z.number().int().min(0).optional(),
  evalEvery: z.number().int().min(1).optional(),
  dataSeed: z.number().int().optional(),
  trainSize: z.number().int().min(1).optional(),
  validSize: z.number().int().min(1).optional(),
  testSize: z.number().int().min(1).optional(),
  device: z.enum(["auto", "cuda", "cpu"]).optional(),
  threads: z.number().int().min(1).optional(),
});
export type Grid = z.output<typeof gridSchema>;

export interface GridPoint {
  /** Directory name under the sweep directory; unique per point. */
  readonly id: string;
  readonly options: TrainOptions;
}

export function parseGrid(value: unknown, source: string): Grid {
  const r = gridSchema.safeParse(value);
  if (r.success) return r.data;
  const issue = r.error.issues[0];
  if (issue.code === "unrecognized_keys") {
    userError(`${source}: unknown key${issue.keys.length > 1 ? "s" : ""} ${issue.keys.map((k) => `'${k}'`).join(", ")} (known: ${Object.keys(gridSchema.shape).join(", ")})`);
  }
  userError(`${source}: ${issue.path.join(".") || "(top level)"}: ${issue.message}`);
}

export function readGrid(path: string): Grid {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    return userError(`cannot read grid file ${path}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return userError(`${path}: not valid JSON`);
  }
  return parseGrid(value, path);
}

/** Every point of the grid, in a fixed order (task, n, arch, width, lr, seed). */
export function gridPoints(grid: Grid): GridPoint[] {
  const { tasks, n, archs, widths, lrs, seeds, ...shared } = grid;
  const points: GridPoint[] = [];
  for (const task of tasks)
    for (const size of n)
      for (const arch of archs)
        for (const width of widths)
          for (const lr of lrs)
            for (const seed of seeds) {
              const raw = Object.fromEntries(
                Object.entries({ ...shared, task, n: size, arch, width, lr, seed }).filter(([, v]) => v !== undefined),
              );
              const options = parseTrainOptions(raw, `grid point ${task}/n${size}/${arch}/w${width}/lr${lr}/s${seed}`);
              points.push({ id: runSlug(options), options });
            }
  const ids = new Set(points.map((p) => p.id));
  if (ids.size !== points.length) userError("the grid lists a point twice (repeated values in a list?)");
  return points;
}
