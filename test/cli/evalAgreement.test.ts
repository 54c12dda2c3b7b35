import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { memoryIO } from "../../src/cli/io.js";
import { runEvalCommand } from "../../src/cli/commands/eval.js";
import { runResultsCommand } from "../../src/cli/commands/results.js";
import { runSweepCommand } from "../../src/cli/commands/sweep.js";
import { exactEvalPath } from "../../src/float/runDirectory.js";
import { runTrain } from "../../src/float/train.js";

const dir = mkdtempSync(join(tmpdir(), "sb-cli-agreement-"));
const sweep = join(dir, "sweep");
const cotRun = join(dir, "cot");
let run = "";
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describeWith("torch", "eval --in exact: argmax agreement with the twin, and results", () => {
  beforeAll(async () => {
    const grid = join(dir, "grid.json");
    writeFileSync(
      grid,
      JSON.stringify({ tasks: ["index"], n: [6], archs: ["lstm"], widths: [3], lrs: [0.02], seeds: [1], steps: 20, evalEvery: 20, batch: 16, trainSize: 200, validSize: 50, testSize: 50, device: "cpu" }),
    );
    await runSweepCommand({ grid, out: sweep }, memoryIO());
    const runs = readdirSync(sweep, { withFileTypes: true }).filter((d) => d.isDirectory());
    expect(runs).toHaveLength(1);
    run = join(sweep, runs[0].name);
    await runTrain({ task: "istree", mode: "cot", n: 6, arch: "lstm", width: 8, steps: 30, evalEvery: 30, trainSize: 200, validSize: 30, testSize: 30, device: "cpu" }, { out: cotRun });
  });

  it("in cot mode every supervised position of the chain counts, and at fp64 against float64 all agree", async () => {
    const r = await runEvalCommand({ run: cotRun, in: "exact", format: "fp64", dtype: "float64", size: 100, json: true }, memoryIO());
    const a = r.argmaxAgreement!;
    expect(a.positions).toBeGreaterThan(2 * r.count);
    expect(a.agreeing).toBe(a.positions);
  });

  it("at fp64 against the twin at float64 the argmax agrees at every supervised position", async () => {
    const r = await runEvalCommand({ run, in: "exact", format: "fp64", dtype: "float64", size: 300, json: true }, memoryIO());
    const a = r.argmaxAgreement!;
    expect(a).not.toBeNull();
    // index in direct mode supervises the answer of each sequence
    expect(a.positions).toBe(r.count);
    expect(a.agreeing).toBe(a.positions);
    expect(a.rate).toBe(1);
    expect(a.dtype).toBe("float64");
    expect(a.device).toBe("cpu");
    expect(existsSync(exactEvalPath(run, "fp64"))).toBe(true);
  });

  it("at fp32 against the twin at the training dtype (float32, the default) it is reported and recorded", async () => {
    const io = memoryIO();
    const r = await runEvalCommand({ run, in: "exact", size: 300 }, io);
    const a = r.argmaxAgreement!;
    expect(a.dtype).toBe("float32");
    expect(a.device).toBe("cpu");
    expect(a.positions).toBe(300);
    expect(a.agreeing).toBeLessThanOrEqual(a.positions);
    expect(a.rate).toBe(a.agreeing / a.positions);
    expect(a.rate!).toBeGreaterThanOrEqual(0);
    expect(a.rate!).toBeLessThanOrEqual(1);
    expect(io.stdout).toContain(`argmax agreement with the PyTorch twin (float32 on cpu): ${a.rate!.toFixed(4)}, ${a.agreeing} of ${a.positions} positions`);
    const recorded = JSON.parse(readFileSync(exactEvalPath(run, "fp32"), "utf8"));
    expect(recorded.argmaxAgreement).toEqual(a);
    // an eval on another n does not replace the run's own record
    await runEvalCommand({ run, in: "exact", n: 3, size: 50, json: true }, memoryIO());
    expect(JSON.parse(readFileSync(exactEvalPath(run, "fp32"), "utf8")).n).toBe(6);
  });

  it("results shows the recorded agreement per row, at its format", () => {
    const io = memoryIO();
    const t = runResultsCommand({ sweep }, io);
    const recorded = JSON.parse(readFileSync(exactEvalPath(run, "fp32"), "utf8")).argmaxAgreement;
    expect(t.rows).toHaveLength(1);
    expect(t.rows[0].argmaxAgreement).toEqual({ rate: recorded.rate, agreeing: recorded.agreeing, positions: recorded.positions, runs: 1, dtypes: ["float32"] });
    expect(io.stdout).toContain("exact=twin argmax");
    expect(io.stdout).toContain(`${recorded.rate.toFixed(4)} (1/1 runs, twin float32)`);
    const fp64 = runResultsCommand({ sweep, format: "fp64", json: true }, memoryIO());
    expect(fp64.rows[0].argmaxAgreement).toMatchObject({ rate: 1, runs: 1, dtypes: ["float64"] });
    const none = runResultsCommand({ sweep, format: "fp16" }, memoryIO());
    expect(none.rows[0].argmaxAgreement).toBeNull();
  });

  it("without torch the exact scores stand and the agreement is one line saying why", async () => {
    // a Python without its site packages: torch cannot be imported
    const python = join(dir, "python-without-torch");
    writeFileSync(python, "#!/bin/sh\nexec /usr/bin/python3 -S \"$@\"\n");
    chmodSync(python, 0o755);
    const saved = process.env.STREAMBOUND_PYTHON;
    process.env.STREAMBOUND_PYTHON = python;
    try {
      const io = memoryIO();
      const r = await runEvalCommand({ run, in: "exact", format: "fp16", size: 50 }, io);
      expect(r.argmaxAgreement).toBeNull();
      expect(r.argmaxAgreementNote).toMatch(/^not measured: PyTorch is not available/);
      expect(io.stdout.split("\n").filter((l) => l.includes("argmax agreement"))).toEqual([`  argmax agreement with the PyTorch twin: ${r.argmaxAgreementNote}`]);
      expect(existsSync(exactEvalPath(run, "fp16"))).toBe(false);
    } finally {
      if (saved === undefined) delete process.env.STREAMBOUND_PYTHON;
      else process.env.STREAMBOUND_PYTHON = saved;
    }
  });
});
