import { basename, join, resolve } from "node:path";
import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import type { CliIO } from "../io.js";
import { slurmScript } from "../../float/slurmScript.js";
import { runSweep, type SweepReport } from "../../float/sweep.js";
import { gridPoints, readGrid } from "../../float/sweepGrid.js";
import { userError } from "../../util/errors.js";
import { writeUserFile } from "../paths.js";

/** The command's work, callable in-process. Ctrl-C stops the running points (their checkpoints stay). */
export async function runSweepCommand(args: Record<string, unknown>, io: CliIO, signal?: AbortSignal): Promise<SweepReport | string> {
  const gridPath = String(args.grid);
  const device = args.device as "auto" | "cuda" | "cpu" | undefined;
  // --device overrides the grid's own device for every point (reproduce passes its --device here).
  const grid = device === undefined ? readGrid(gridPath) : { ...readGrid(gridPath), device };
  const out = resolve((args.out as string | undefined) ?? join("sweeps", basename(gridPath).replace(/\.json$/i, "")));
  if (args.emit !== undefined) {
    if (args.emit !== "slurm") userError(`--emit knows slurm (got '${String(args.emit)}')`);
    const path = join(out, "sweep.slurm");
    writeUserFile("--out", path, slurmScript(grid, gridPath, out, device));
    io.out(args.json ? JSON.stringify({ slurm: path, points: gridPoints(grid).length }) + "\n" : `wrote ${path} (${gridPoints(grid).length} array tasks); submit with: sbatch ${path}\n`);
    return path;
  }
  const ac = new AbortController();
  const onSigint = () => ac.abort();
  signal?.addEventListener("abort", onSigint, { once: true });
  process.once("SIGINT", onSigint);
  try {
    const report = await runSweep({
      grid,
      out,
      parallel: args.parallel as number | undefined,
      point: args.point as number | undefined,
      signal: ac.signal,
      onPointStart: (p, k, total) => io.err(`[${k + 1}/${total}] ${p.id}\n`),
      onPointEnd: (r, k, total) =>
        io.err(`[${k + 1}/${total}] ${r.id}: ${r.outcome}${r.result ? ` (test accuracy ${r.result.testAccuracy.toFixed(4)}, ${r.result.device})` : ""}${r.error ? `: ${r.error}` : ""}\n`),
    });
    if (args.json) io.out(JSON.stringify(report) + "\n");
    else {
      const count = (o: string) => report.points.filter((p) => p.outcome === o).length;
      io.out(`sweep ${out}: ${count("trained")} trained, ${count("resumed")} resumed, ${count("skipped")} already done, ${count("failed")} failed${report.interrupted ? "; interrupted: rerun the same command to finish" : ""}\n`);
    }
    const failed = report.points.filter((p) => p.outcome === "failed");
    if (failed.length) userError(`${failed.length} point(s) failed, first: ${failed[0].id}: ${failed[0].error}`);
    if (report.interrupted) userError(`sweep interrupted; rerun the same command to finish it (finished points are kept)`);
    return report;
  } finally {
    process.removeListener("SIGINT", onSigint);
    signal?.removeEventListener("abort", onSigint);
  }
}

export const sweepCommand: CliCommand = {
  command: "sweep",
  describe: "train every point of a grid (tasks × n × archs × widths × lrs × seeds); reruns skip finished points",
  builder: (y) =>
    y
      .option("grid", { type: "string", demandOption: true, describe: "grid JSON file (see docs/float.md)" })
      .option("out", { type: "string", describe: "sweep directory (default sweeps/<grid name>)" })
      .option("parallel", { type: "number", describe: "points at once (default: one per GPU when several, else 1)" })
      .option("point", { type: "number", describe: "run only this 0-based grid point (Slurm array tasks)" })
      .option("device", { type: "string", choices: ["auto", "cuda", "cpu"], describe: "train every point there, whatever the grid's device says" })
      .option("emit", { type: "string", choices: ["slurm"], describe: "write a Slurm job-array script instead of running" })
      .option("json", jsonOption),
  async run(args, io) {
    await runSweepCommand(args, io);
  },
};
