import { resolve } from "node:path";
import { gridPoints, type Grid } from "../float/sweepGrid.js";
import { cliInvocation, shellQuote } from "./packageRoot.js";

/**
 * A Slurm job-array script for a sweep: array task k runs grid point k with
 * `streambound sweep --grid G --out D --point k`, through this node binary and package (not
 * whatever `streambound` is on PATH). Finished points are skipped and started ones resume, so
 * resubmitting the array is always safe. A grid with device "cuda" asks for one GPU per task.
 * `device`, when sweep's --device gave one (already applied to `grid`), is passed on to every task.
 */
export function slurmScript(grid: Grid, gridPath: string, out: string, device?: string): string {
  const count = gridPoints(grid).length;
  const g = resolve(gridPath);
  const d = resolve(out);
  return [
    "#!/bin/bash",
    "#SBATCH --job-name=streambound-sweep",
    `#SBATCH --array=0-${count - 1}`,
    ...(grid.device === "cuda" ? ["#SBATCH --gres=gpu:1"] : []),
    `#SBATCH --cpus-per-task=${grid.threads ?? 1}`,
    `#SBATCH --output=${d}/slurm-%A_%a.out`,
    "set -euo pipefail",
    `# ${count} points; array task k runs point k of the grid, in the order of ${d}/sweep.json`,
    `${cliInvocation()} sweep --grid ${shellQuote(g)} --out ${shellQuote(d)} --point "$SLURM_ARRAY_TASK_ID"${device === undefined ? "" : ` --device ${device}`}`,
    "",
  ].join("\n");
}
