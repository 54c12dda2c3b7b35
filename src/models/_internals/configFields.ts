import { z } from "zod";
import { UserError } from "../../util/errors.js";
import { zodProblem } from "../spec.js";

/** Config fields shared by the non-RNN architectures (names: SHARED-NAMES.md), validated strictly. */
export const size = z.number().int().min(1).max(1_000_000);

/** Parameter count above which we refuse to allocate (a typo like width 1e6 should not hang). */
export const MAX_PARAMETERS = 50_000_000;

export const normField = z.enum(["rmsnorm", "layernorm"]);
export const normEpsField = z.number().positive().finite();

/** Parses with a strict zod schema; the first problem is a one-line UserError naming `source`. */
export function parseStrict<T>(schema: z.ZodType<T>, raw: unknown, source: string): T {
  const r = schema.safeParse(raw);
  if (!r.success) throw new UserError(zodProblem(source, r.error));
  return r.data;
}

/** Drops keys whose value is undefined (so saved configs list only what is set). */
export function defined<T extends Record<string, unknown>>(o: T): T {
  return Object.fromEntries(Object.entries(o).filter(([, v]) => v !== undefined)) as T;
}

export function checkHeads(width: number, heads: number, source: string): void {
  if (width % heads !== 0) throw new UserError(`${source}: heads ${heads} does not divide width ${width}`);
}

export function checkParameterCount(shapes: readonly [string, number[]][], source: string): void {
  const count = shapes.reduce((a, [, s]) => a + s.reduce((x, y) => x * y, 1), 0);
  if (count > MAX_PARAMETERS) throw new UserError(`${source}: ${count} parameters is more than the limit of ${MAX_PARAMETERS}`);
}
