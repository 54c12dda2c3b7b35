import { exactCensus } from "./exact.js";
import { searchCensus } from "./search.js";
import type { CensusOptions, CensusRow, SearchOptions } from "./types.js";

/** One census row per n: exact by default, sampled search when `search` is given. */
export function runCensus<S>(opts: CensusOptions<S>, ns: readonly number[], search: SearchOptions | null = null): CensusRow[] {
  return ns.map((n) => (search ? searchCensus(opts, n, search) : exactCensus(opts, n)));
}
