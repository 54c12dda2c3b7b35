import { userError } from "../../util/errors.js";

/** Options a reduction factory accepts (from the CLI or a caller); unknown keys are errors. */
export type ReductionOptions = Readonly<Record<string, unknown>>;

/** Throws a UserError naming the first option key the reduction does not know. */
export function rejectUnknownOptions(id: string, options: ReductionOptions, known: readonly string[]): void {
  for (const key of Object.keys(options)) {
    if (options[key] === undefined) continue;
    if (!known.includes(key)) {
      const list = known.length === 0 ? "none" : known.join(", ");
      userError(`reduction ${id} has no option '${key}' (options: ${list})`);
    }
  }
}

/** An integer option in [min, max], or its default when absent. */
export function integerOption(
  id: string,
  options: ReductionOptions,
  key: string,
  fallback: number,
  min: number,
  max: number = Number.MAX_SAFE_INTEGER,
): number {
  const raw = options[key];
  if (raw === undefined) return fallback;
  const value = typeof raw === "string" && raw.trim() !== "" ? Number(raw) : raw;
  if (typeof value !== "number" || !Number.isInteger(value) || value < min || value > max) {
    userError(`reduction ${id}: option ${key} must be an integer in [${min}, ${max === Number.MAX_SAFE_INTEGER ? "∞" : max}], got ${String(raw)}`);
  }
  return value;
}
