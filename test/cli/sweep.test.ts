import { execFileSync, spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { memoryIO } from "../../src/cli/io.js";
import { runSweepCommand } from "../../src/cli/commands/sweep.js";
import { runResultsCommand } from "../../src/cli/commands/results.js";
import { gridPoints, parseGrid } from "../../src/float/sweepGrid.js";
import { runSweep } from "../../src/float/sweep.js";
import { UserError } from "../../src/util/errors.js";

const root = resolve(import.meta.dirname, "../..");
const dir = mkdtempSync(join(tmpdir(), "sb-sweep-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const grid = {
  tasks: ["index"], n: [5], archs: ["lstm"], widths: [3], lrs: [0.01], seeds: [1, 2],
  steps: 400, evalEvery: 40, batch: 16, trainSize: 200, validSize: 50, testSize: 50, device: "cpu",
};

function writeGrid(name: string, value: unknown): string {
  const path = join(dir, name);
  writeFileSync(path, JSON.stringify(value));
  return path;
}

/** Compiles the sweep command (and what it imports) to JS, so a real process can be killed. */
function buildSweepEntry(): string {
  const cache = join(root, "node_modules", ".cache", "streambound-float-test");
  mkdirSync(cache, { recursive: true });
  writeFileSync(
    join(cache, "tsconfig.json"),
    JSON.stringify({
      extends: join(root, "tsconfig.json"),
      compilerOptions: { outDir: join(cache, "out"), rootDir: root, declaration: false, sourceMap: false, noEmitOnError: false },
      include: [],
      files: [join(root, "src/cli/commands/sweep.ts")],
    }),
  );
  try {
    execFileSync(join(root, "node_modules", ".bin", "tsc"), ["-p", join(cache, "tsconfig.json")], { stdio: "pipe" });
  } catch {
    // type errors elsewhere still emit JavaScript; the existence check below is what matters
  }
  const entry = join(cache, "out", "src", "cli", "commands", "sweep.js");
  expect(existsSync(entry)).toBe(true);
  return entry;
}

describeWith("torch", "streambound sweep", () => {
  it("Ctrl-C after the first point, then rerun: finishes the rest without redoing the first", async () => {
    const gridPath = writeGrid("kill.json", grid);
    const out = join(dir, "kill");
    const [first, second] = gridPoints(parseGrid(grid, gridPath)).map((p) => join(out, p.id));
    const entry = buildSweepEntry();
    const script =
      `const m = await import(${JSON.stringify(entry)});` +
      `const io = { out: (t) => process.stdout.write(t), err: (t) => process.stderr.write(t), interactive: false };` +
      `try { await m.runSweepCommand({ grid: ${JSON.stringify(gridPath)}, out: ${JSON.stringify(out)} }, io); } catch (e) { console.error(e.message); process.exit(2); }`;
    const child = spawn(process.execPath, ["--input-type=module", "-e", script], { stdio: ["ignore", "pipe", "pipe"] });
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    const exited = new Promise<number | null>((res) => child.on("close", (code) => res(code)));
    // wait until the first point is finished and the second has a checkpoint, then Ctrl-C
    const deadline = Date.now() + 90_000;
    while (!(existsSync(join(first, "result.json")) && existsSync(join(second, "checkpoint.pt")))) {
      if (Date.now() > deadline) throw new Error(`sweep did not progress: ${stderr}`);
      await new Promise((r) => setTimeout(r, 50));
    }
    child.kill("SIGINT");
    const code = await exited;
    expect(code).toBe(2);
    expect(stderr).toMatch(/interrupted/);
    expect(existsSync(join(second, "result.json"))).toBe(false);
    const firstResult = readFileSync(join(first, "result.json"), "utf8");
    const firstMtime = statSync(join(first, "weights.safetensors")).mtimeMs;

    const io = memoryIO();
    const report = await runSweepCommand({ grid: gridPath, out }, io);
    expect(typeof report).toBe("object");
    const points = (report as Awaited<ReturnType<typeof runSweep>>).points;
    expect(points.map((p) => p.outcome)).toEqual(["skipped", "resumed"]);
    expect(readFileSync(join(first, "result.json"), "utf8")).toBe(firstResult);
    expect(statSync(join(first, "weights.safetensors")).mtimeMs).toBe(firstMtime);
    expect(existsSync(join(second, "result.json"))).toBe(true);
    const steps = readFileSync(join(second, "metrics.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l).step);
    expect(steps).toEqual([40, 80, 120, 160, 200, 240, 280, 320, 360, 400]);

    // a third run does nothing
    const again = await runSweep({ grid: parseGrid(grid, gridPath), out });
    expect(again.points.map((p) => p.outcome)).toEqual(["skipped", "skipped"]);

    // the results table aggregates both seeds (mean and spread, never best-of alone)
    const rio = memoryIO();
    const table = runResultsCommand({ sweep: out, json: true }, rio);
    expect(table.rows).toHaveLength(1);
    const row = table.rows[0];
    expect(row.runs).toBe(2);
    const accs = points.map((p) => p.result!.testAccuracy);
    expect(row.meanAccuracy).toBeCloseTo((accs[0] + accs[1]) / 2, 12);
    expect(row.minAccuracy).toBe(Math.min(...accs));
    expect(row.stateBits).toBe(2 * 1 * 3 * 32); // LSTM 2·layers·width scalars at the runs' float32
    expect(table.format).toBe("fp32");
    expect(table.formatIsWhatIf).toBe(false);
    const whatIf = runResultsCommand({ sweep: out, format: "fixed:2.6", json: true }, memoryIO());
    expect(whatIf.rows[0].stateBits).toBe(2 * 1 * 3 * 8); // what-if at fixed:2.6 (8 bits)
    expect(whatIf.formatIsWhatIf).toBe(true);
    expect(row.universalBound).toBeGreaterThan(0.5);
    expect(row.exactCeiling).not.toBeNull();
    expect(row.exactCeiling!).toBeGreaterThanOrEqual(0.5);
    expect(row.exactCeiling!).toBeLessThanOrEqual(row.universalBound! + 1e-12);
    expect(JSON.parse(rio.stdout).rows).toHaveLength(1);
  });

  it("a grid with an unknown key is a UserError naming the key", async () => {
    const gridPath = writeGrid("bad.json", { ...grid, widht: [3] });
    const e = await runSweepCommand({ grid: gridPath }, memoryIO()).catch((x) => x);
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toMatch(/unknown key 'widht'/);
  });

  it("--emit slurm writes a job-array script with one task per point", async () => {
    const gridPath = writeGrid("slurm.json", { ...grid, seeds: [1, 2, 3] });
    const out = join(dir, "slurm");
    const io = memoryIO();
    await runSweepCommand({ grid: gridPath, out, emit: "slurm" }, io);
    const script = readFileSync(join(out, "sweep.slurm"), "utf8");
    expect(script).toMatch(/^#!\/bin\/bash/);
    expect(script).toContain("#SBATCH --array=0-2");
    expect(script).toContain('--point "$SLURM_ARRAY_TASK_ID"');
    expect(script).toContain(gridPath);
    expect(existsSync(join(out, "sweep.json"))).toBe(false);
  });

  it("--device overrides the grid's device for every point, in the run specs and in the Slurm script", async () => {
    const gridPath = writeGrid("device.json", { ...grid, steps: 5, evalEvery: 5, device: "cuda" });
    const out = join(dir, "device");
    await runSweepCommand({ grid: gridPath, out, device: "cpu" }, memoryIO());
    const sweep = JSON.parse(readFileSync(join(out, "sweep.json"), "utf8"));
    expect(sweep.grid.device).toBe("cpu");
    for (const id of sweep.points) {
      const spec = JSON.parse(readFileSync(join(out, id, "spec.json"), "utf8"));
      expect(spec.options.device).toBe("cpu");
      expect(JSON.parse(readFileSync(join(out, id, "result.json"), "utf8")).device).toBe("cpu");
    }
    const slurmOut = join(dir, "device-slurm");
    await runSweepCommand({ grid: gridPath, out: slurmOut, emit: "slurm", device: "cpu" }, memoryIO());
    const script = readFileSync(join(slurmOut, "sweep.slurm"), "utf8");
    expect(script).toContain('--point "$SLURM_ARRAY_TASK_ID" --device cpu');
    expect(script).not.toContain("--gres=gpu");
    await runSweepCommand({ grid: gridPath, out: join(dir, "device-slurm-grid"), emit: "slurm" }, memoryIO());
    expect(readFileSync(join(dir, "device-slurm-grid", "sweep.slurm"), "utf8")).toContain("#SBATCH --gres=gpu:1");
  });

  it("--point runs one point only, and rejects an index outside the grid", async () => {
    const gridPath = writeGrid("point.json", { ...grid, steps: 5, evalEvery: 5 });
    const out = join(dir, "point");
    const r = await runSweep({ grid: parseGrid(JSON.parse(readFileSync(gridPath, "utf8")), gridPath), out, point: 1 });
    expect(r.points.map((p) => [p.id, p.outcome])).toEqual([[gridPoints(parseGrid({ ...grid, steps: 5, evalEvery: 5 }, "g"))[1].id, "trained"]]);
    await expect(runSweep({ grid: parseGrid({ ...grid, steps: 5, evalEvery: 5 }, "g"), out, point: 2 })).rejects.toThrow(/--point must be 0..1/);
  });

  it("--parallel 2 runs two points at once, each to completion", async () => {
    const g = parseGrid({ ...grid, steps: 5, evalEvery: 5 }, "g");
    const r = await runSweep({ grid: g, out: join(dir, "parallel"), parallel: 2 });
    expect(r.points.map((p) => p.outcome)).toEqual(["trained", "trained"]);
    expect(r.points.every((p) => p.result?.steps === 5)).toBe(true);
  });
});
