import { resolve } from "node:path";
import { gridPoints, type Grid } from "./sweepGrid.js";

/**
 * A Slurm job-array script for a sweep: array task k runs grid point k with
 * `streambound sweep --grid G --out D --point k`, one GPU each. Finished points are skipped and
 * started ones resume, so resubmitting the array is always safe.
 */
export function slurmScript(grid: Grid, gridPath: string, out: string): string {
  const count = gridPoints(grid).length;
  const g = resolve(gridPath);
  const d = resolve(out);
  const q = (s: string) => `'${s.replace(/'/g, `'\\''`)}'`;
  return [
    "#!/bin/bash",
    "#SBATCH --job-name=streambound-sweep",
    `#SBATCH --array=0-${count - 1}`,
    "#SBATCH --gres=gpu:1",
    "#SBATCH --cpus-per-task=2",
    `#SBATCH --output=${d}/slurm-%A_%a.out`,
    "set -euo pipefail",
    `# ${count} points; array task k runs point k of the grid, in the order of ${d}/sweep.json`,
    `"\${STREAMBOUND:-streambound}" sweep --grid ${q(g)} --out ${q(d)} --point "$SLURM_ARRAY_TASK_ID"`,
    "",
  ].join("\n");
}
