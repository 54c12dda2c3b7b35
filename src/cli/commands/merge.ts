import { readFileSync } from "node:fs";
import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import { userError } from "../../util/errors.js";
import { writeFileAtomic } from "../io.js";
import { mergeShardFiles } from "../../census/mergeShards.js";
import { parseShardFile } from "../../census/shardFile.js";
import { addFloatCheck, censusTable, type CensusDocument } from "./census.js";

function readUserFile(path: string): string {
  try {
    return readFileSync(path, "utf8");
  } catch (e) {
    userError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

export const mergeCommand: CliCommand = {
  command: "merge <shards..>",
  describe: "merge the shard files of one census (census … --shard k/K) into its census document",
  builder: (y) =>
    y
      .positional("shards", { type: "string", array: true, describe: "shard files, e.g. shard-*.json (all K of them)" })
      .option("out", { type: "string", describe: "also write the JSON document to this file (whole or not at all)" })
      .option("json", jsonOption),
  async run(args, io) {
    const paths = (args.shards as string[]).map(String);
    const files = paths.map((path) => ({ path, file: parseShardFile(readUserFile(path), path) }));
    const merged = mergeShardFiles(files);
    const doc = { ...merged.header, rows: merged.rows } as unknown as CensusDocument;
    const floatCheck = files[0].file.floatCheck;
    if (floatCheck && merged.recipe.model.weights) {
      await addFloatCheck(doc, merged.recipe.model.weights, floatCheck.device as "auto" | "cpu" | "cuda");
    }
    if (args.out) writeFileAtomic(String(args.out), JSON.stringify(doc, null, 2) + "\n");
    if (args.json) io.out(JSON.stringify(doc) + "\n");
    else io.out(censusTable(doc));
  },
};
