import type { z } from "zod";
import { userError } from "../../src/util/errors.js";

/**
 * A claim's params split into the model (an object or a registry name, which no schema
 * describes) and the rest, parsed by the claim's schema; the first bad field is a one-line
 * user error naming the claim.
 */
export function parseClaimParams<S extends z.ZodTypeAny, M>(id: string, schema: S, params: { model: M }): { model: M; parsed: z.infer<S> } {
  const { model, ...rest } = params;
  const r = schema.safeParse(rest);
  if (!r.success) userError(`${id}: ${r.error.issues[0].path.join(".") || "params"}: ${r.error.issues[0].message}`);
  return { model, parsed: r.data };
}
