import type { Reproduction } from "./plan.js";
import { wen2025Retrieval } from "./plans/wen2025Retrieval.js";
import { bhattamishra2024Index } from "./plans/bhattamishra2024Index.js";
import { bhattamishra2024Dyck } from "./plans/bhattamishra2024Dyck.js";
import { wen2025Matched } from "./plans/wen2025Matched.js";
import { wen2025IsTree } from "./plans/wen2025IsTree.js";

/** Every reproduction by id. */
export const REPRODUCTIONS: ReadonlyMap<string, Reproduction> = new Map([wen2025Retrieval, bhattamishra2024Index, bhattamishra2024Dyck, wen2025IsTree, wen2025Matched].map((r) => [r.id, r]));
