import type { Reduction } from "../comm/reduction.js";
import { aliceLength } from "../comm/reduction.js";
import type { SearchOptions } from "../census/types.js";
import { userError } from "../util/errors.js";

/** Model steps a sampled census may plan before it is refused (hours of work at ~10⁶ steps/s). */
export const MAX_SEARCH_STEPS = 1e10;

/**
 * Refuses up front a sampled census whose runs of Alice's prefix alone exceed MAX_SEARCH_STEPS:
 * `flip` runs every sampled input and its n single-bit flips, so it costs samples·(n + 1)·|prefix|.
 * (The exhaustive census has its own --max-memory plan.)
 */
export function checkSearchBudget(r: Reduction, ns: readonly number[], search: SearchOptions | null): void {
  if (!search) return;
  let steps = 0;
  for (const n of ns) steps += search.samples * (search.method === "flip" ? n + 1 : 1) * aliceLength(r, n);
  if (steps > MAX_SEARCH_STEPS) {
    const n = ns[ns.length - 1];
    userError(
      `census --search ${search.method} at n = ${n} with --samples ${search.samples} would run about ${steps.toExponential(1)} model steps ` +
        `(the limit is ${MAX_SEARCH_STEPS.toExponential(0)}, hours of work)` +
        (search.method === "flip" ? `: flip runs each sample's n single-bit flips; use --search sample, or a smaller n` : `: use fewer --samples or a smaller n`),
    );
  }
}
