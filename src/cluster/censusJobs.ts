import { chmodSync } from "node:fs";
import { join, resolve } from "node:path";
import { writeFileAtomic } from "../cli/io.js";
import { cliInvocation, shellQuote } from "./packageRoot.js";

export interface CensusJobs {
  array: string;
  merge: string;
  submit: string;
}

/**
 * Slurm jobs for a sharded census: an array whose task k runs `census … --shard k/K --out
 * DIR/shard-k.json`, and a merge job that joins the shards into DIR/census.json. submit.sh
 * submits both, the merge depending on the whole array (afterok). A finished shard is a whole
 * file (written atomically) and is never redone, so resubmitting is safe.
 */
export function writeCensusJobs(censusArgs: readonly string[], shards: number, dir: string): CensusJobs {
  const d = resolve(dir);
  const cli = cliInvocation();
  const args = censusArgs.map(shellQuote).join(" ");
  const array = [
    "#!/bin/bash",
    "#SBATCH --job-name=streambound-census",
    `#SBATCH --array=0-${shards - 1}`,
    "#SBATCH --cpus-per-task=1",
    `#SBATCH --output=${d}/slurm-census-%A_%a.out`,
    "set -euo pipefail",
    `# ${shards} shards; array task k enumerates the inputs whose first log2(${shards}) bits are k`,
    `${cli} census ${args} --shard "$SLURM_ARRAY_TASK_ID/${shards}" --out ${shellQuote(d)}/shard-"$SLURM_ARRAY_TASK_ID".json`,
    "",
  ].join("\n");
  const merge = [
    "#!/bin/bash",
    "#SBATCH --job-name=streambound-merge",
    "#SBATCH --cpus-per-task=1",
    `#SBATCH --output=${d}/slurm-merge-%j.out`,
    "set -euo pipefail",
    `${cli} merge ${Array.from({ length: shards }, (_, k) => `${shellQuote(d)}/shard-${k}.json`).join(" ")} --out ${shellQuote(d)}/census.json`,
    "",
  ].join("\n");
  const submit = [
    "#!/bin/sh",
    "# Submits the shard array, then the merge to run once every shard has finished.",
    "set -eu",
    `array=$(sbatch --parsable ${shellQuote(join(d, "census.slurm"))})`,
    `merge=$(sbatch --parsable --dependency=afterok:"\${array%%;*}" ${shellQuote(join(d, "merge.slurm"))})`,
    'echo "census array job $array, merge job $merge"',
    "",
  ].join("\n");
  const paths = { array: join(d, "census.slurm"), merge: join(d, "merge.slurm"), submit: join(d, "submit.sh") };
  writeFileAtomic(paths.array, array);
  writeFileAtomic(paths.merge, merge);
  writeFileAtomic(paths.submit, submit);
  chmodSync(paths.submit, 0o755);
  return paths;
}
