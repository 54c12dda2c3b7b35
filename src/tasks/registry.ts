/**
 * Every task by its command-line name. A name may carry one parameter after a colon:
 * `cgram:C` (c, default 3), `indexlookup:S` (|Σ|, default 4), `nn:D` (dimension, default
 * d(n)), `istree:binary` / `istree:random` (graph family, default binary).
 */
import type { Task } from "./task.js";
import { userError } from "../util/errors.js";
import { indexTask } from "./indexTask.js";
import { arTask } from "./ar.js";
import { cgramTask } from "./cgram.js";
import { countingTask } from "./counting.js";
import { isTreeTask } from "./istree.js";
import { ISTREE_FAMILIES, type IsTreeFamily } from "./istreeFamilies.js";
import { indexLookupTask } from "./indexlookup.js";
import { equalityTask } from "./equality.js";
import { disjointnessTask } from "./disjointness.js";
import { dyckTask } from "./dyck.js";
import { nnTask } from "./nn.js";

/** Names as listed to users: the bare name, and the form of its parameter where it has one. */
export const TASK_NAMES: readonly string[] = [
  "index", "ar", "cgram", "cgram:C", "counting", "istree", "istree:random", "indexlookup",
  "indexlookup:S", "equality", "disjointness", "dyck", "nn", "nn:D",
];

const fixed: Readonly<Record<string, Task>> = {
  index: indexTask,
  ar: arTask,
  counting: countingTask,
  equality: equalityTask,
  disjointness: disjointnessTask,
  dyck: dyckTask,
};

function unknown(name: string): never {
  return userError(`unknown task '${name}' (known: ${TASK_NAMES.join(", ")})`);
}

function integerParameter(name: string, raw: string, what: string, min: number): number {
  const value = /^\d+$/.test(raw) ? Number(raw) : NaN;
  if (!Number.isSafeInteger(value) || value < min) userError(`task ${name}: ${what} must be an integer ≥ ${min}, got '${raw}'`);
  return value;
}

export function getTask(name: string): Task {
  const colon = name.indexOf(":");
  const base = colon < 0 ? name : name.slice(0, colon);
  const raw = colon < 0 ? undefined : name.slice(colon + 1);
  if (raw === undefined && base in fixed) return fixed[base];
  switch (base) {
    case "cgram":
      return cgramTask(raw === undefined ? undefined : integerParameter(name, raw, "c", 2));
    case "indexlookup":
      return indexLookupTask(raw === undefined ? undefined : integerParameter(name, raw, "|Σ|", 2));
    case "nn":
      return nnTask(raw === undefined ? undefined : integerParameter(name, raw, "the dimension d", 1));
    case "istree":
      if (raw !== undefined && !ISTREE_FAMILIES.includes(raw as IsTreeFamily)) {
        userError(`task ${name}: unknown graph family '${raw}' (families: ${ISTREE_FAMILIES.join(", ")})`);
      }
      return isTreeTask((raw ?? "binary") as IsTreeFamily);
    default:
      return unknown(name);
  }
}
