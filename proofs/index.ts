import type { Claim } from "./claim.js";
import { indexNeedsNBits } from "./indexNeedsNBits.js";

export type { Claim } from "./claim.js";
export { indexNeedsNBits, type IndexNeedsNBitsCertificate, type IndexNeedsNBitsParams } from "./indexNeedsNBits.js";

/** Every claim by id. */
export const CLAIMS: ReadonlyMap<string, Claim<any, any>> = new Map([[indexNeedsNBits.id, indexNeedsNBits]]);
