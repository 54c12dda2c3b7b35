import type { Reduction } from "../reduction.js";
import { indexReduction } from "./indexReduction.js";
import { REDUCTIONS } from "./all.js";
import { userError } from "../../util/errors.js";

type ReductionFactory = (options: Record<string, unknown>) => Reduction;

/** Every reduction by "task/name"; the first one listed for a task is its default. */
const registry = new Map<string, ReductionFactory>([
  ["index/index", (options) => {
    if (Object.keys(options).length) userError(`index/index takes no options (got ${Object.keys(options).join(", ")})`);
    return indexReduction;
  }],
  ...Object.entries(REDUCTIONS).map(([key, make]): [string, ReductionFactory] => [key, (options) => make(options)]),
]);

/** Registers reductions (used by the module that lists the other tasks' reductions). */
export function registerReductions(entries: Iterable<[string, ReductionFactory]>): void {
  for (const [key, make] of entries) if (!registry.has(key)) registry.set(key, make);
}

export function reductionNames(): string[] {
  return [...registry.keys()];
}

/** The reduction for a task (its default when `name` is omitted). Unknown names: UserError. */
export function getReduction(task: string, name?: string, options: Record<string, unknown> = {}): Reduction {
  const forTask = [...registry.keys()].filter((k) => k.startsWith(`${task}/`));
  if (forTask.length === 0) {
    const tasks = [...new Set([...registry.keys()].map((k) => k.split("/")[0]))];
    userError(`unknown task '${task}' (tasks with reductions: ${tasks.join(", ")})`);
  }
  const key = name === undefined ? forTask[0] : `${task}/${name}`;
  const make = registry.get(key);
  if (!make) userError(`task ${task} has no reduction '${name}' (reductions: ${forTask.map((k) => k.split("/")[1]).join(", ")})`);
  return make(options);
}
