import { parentPort } from "node:worker_threads";
import { UserError } from "../../util/errors.js";
import { buildCensus, type CensusRecipe } from "../recipe.js";
import { censusShard, type ShardSpec } from "../shard.js";
import { MemoryBudget } from "./memoryBudget.js";

/** A worker thread of `census --workers K`: runs the shards it is sent, returns their classes. */
export interface ShardTask {
  recipe: CensusRecipe;
  n: number;
  spec: ShardSpec;
  maxBytes: number;
}

const port = parentPort!;
port.on("message", (task: ShardTask) => {
  try {
    const opts = buildCensus(task.recipe);
    const budget = new MemoryBudget(task.maxBytes, `one worker's share of the exhaustive census at n=${task.n}`);
    const result = censusShard(opts, task.n, task.spec, {
      keepLayerKeys: true,
      budget,
      onBlock: (done, total) => port.postMessage({ type: "progress", phase: "alice", done, total }),
      onBob: (done, total) => port.postMessage({ type: "progress", phase: "bob", done, total }),
    });
    const p = result.parts;
    const buffers = [p.keys, p.members, p.smallest, p.separated, p.correct, p.talliesAt, p.tallies, ...(result.layerKeys ?? [])].map((a) => a.buffer);
    port.postMessage({ type: "result", result }, buffers as ArrayBuffer[]);
  } catch (e) {
    const err = e as Error;
    port.postMessage({ type: "error", user: e instanceof UserError, message: err.message, stack: err.stack });
  }
});
