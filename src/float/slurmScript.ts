// The Slurm script lives with the other cluster jobs (src/cluster); this path stays for importers.
export { slurmScript } from "../cluster/sweepJob.js";
