import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync } from "node:fs";
import { join, resolve } from "node:path";
import { main } from "../cli/main.js";
import { memoryIO, writeFileAtomic, type CliIO } from "../cli/io.js";
import { UserError } from "../util/errors.js";
import { reportFromPaths } from "../report/index.js";
import { packageRoot } from "../demo/fixture.js";
import type { Reproduction, Step } from "./plan.js";

export interface RunPlanOptions {
  quick: boolean;
  device: "auto" | "cuda" | "cpu";
  out: string;
  io: CliIO;
}

export interface StepRecord {
  id: string;
  argv: string[];
  status: "ran" | "skipped (done)" | "resumed";
  seconds: number;
}

const sha256 = (s: string): string => createHash("sha256").update(s).digest("hex");

/** The step's command line at the chosen scale, with {out} and {device} filled in. */
export function stepArgv(step: Step, o: Pick<RunPlanOptions, "quick" | "device" | "out">): string[] {
  return (o.quick ? step.quick : step.paper).map((a) => a.replaceAll("{out}", resolve(o.out)).replaceAll("{device}", o.device).replaceAll("{root}", packageRoot()));
}

/** Prints the plan: every step, at the chosen scale, before anything runs. */
export function planText(r: Reproduction, o: Pick<RunPlanOptions, "quick" | "device" | "out">): string {
  const lines = [`reproduction ${r.id}: ${r.title}`, `paper's claim: ${r.claim}`, `scale: ${o.quick ? "--quick (reduced sizes, 2-core CPU)" : "paper sizes (meant for a GPU)"}; output: ${resolve(o.out)}`];
  for (const note of r.notes) lines.push(`note: ${note}`);
  lines.push("plan:");
  r.steps.forEach((s, k) => lines.push(`  ${k + 1}. ${s.id}: ${s.what}\n     streambound ${stepArgv(s, o).join(" ")}`));
  lines.push(`  ${r.steps.length + 1}. report: index.html and SVG plots of every step's output`);
  return lines.join("\n") + "\n";
}

/**
 * The command a step runs now: its own, or `train --resume` when its training run directory
 * holds an interrupted run (spec.json written, the step not recorded as done).
 */
export function commandFor(step: Step, o: Pick<RunPlanOptions, "quick" | "device" | "out">): { argv: string[]; status: "ran" | "resumed" } {
  if (step.trainDir) {
    const dir = resolve(step.trainDir.replaceAll("{out}", resolve(o.out)));
    if (existsSync(join(dir, "spec.json"))) return { argv: ["train", "--resume", dir, "--json"], status: "resumed" };
  }
  return { argv: stepArgv(step, o), status: "ran" };
}

/**
 * Runs a plan: prints it, then each step in order. A step whose done-record matches its command
 * line and output is skipped; an interrupted training step is resumed from its checkpoint; any
 * other unfinished step is run again. Ends with the report.
 */
export async function runPlan(r: Reproduction, o: RunPlanOptions): Promise<{ records: StepRecord[]; index: string }> {
  const out = resolve(o.out);
  const stepsDir = join(out, "steps");
  mkdirSync(stepsDir, { recursive: true });
  o.io.err(planText(r, o));
  const records: StepRecord[] = [];
  for (const step of r.steps) {
    let argv = stepArgv(step, o);
    const outputPath = join(stepsDir, `${step.id}.json`);
    const donePath = join(stepsDir, `${step.id}.done.json`);
    if (existsSync(donePath) && existsSync(outputPath)) {
      const done = JSON.parse(readFileSync(donePath, "utf8")) as { argv: string[]; outputSha256: string };
      if (JSON.stringify(done.argv) === JSON.stringify(argv) && done.outputSha256 === sha256(readFileSync(outputPath, "utf8"))) {
        o.io.err(`[${step.id}] done before: skipped\n`);
        records.push({ id: step.id, argv, status: "skipped (done)", seconds: 0 });
        continue;
      }
    }
    const { argv: command, status } = commandFor(step, o);
    argv = command;
    o.io.err(`[${step.id}] ${status === "resumed" ? "resuming" : "running"}: streambound ${argv.join(" ")}\n`);
    const t0 = Date.now();
    const io = memoryIO();
    const code = await main(argv, { ...io, interactive: false, err: (t) => o.io.err(t) });
    if (code !== 0) throw new UserError(`step ${step.id} failed (exit ${code}); rerun the same command to resume from it`);
    writeFileAtomic(outputPath, io.stdout);
    writeFileAtomic(donePath, JSON.stringify({ argv: stepArgv(step, o), outputSha256: sha256(io.stdout) }) + "\n");
    records.push({ id: step.id, argv, status, seconds: (Date.now() - t0) / 1000 });
  }
  const inputs = r.steps.filter((s) => s.output === "report").map((s) => join(stepsDir, `${s.id}.json`));
  const summary = await reportFromPaths(inputs, {
    out,
    title: `${r.id}: ${r.title}`,
    intro: [
      `The paper's claim: ${r.claim}`,
      `Scale: ${o.quick ? "--quick (reduced sizes for a 2-core CPU)" : "the paper's sizes"}. Every step's command is below; each step's output is steps/<id>.json.`,
      ...r.notes,
    ],
    tables: [{ title: "Steps", head: ["step", "what it shows", "command"], rows: r.steps.map((s) => [s.id, s.what, `streambound ${stepArgv(s, o).join(" ")}`]) }],
  });
  o.io.err(`report: ${summary.index} (${summary.plots.length} plots, ${summary.certificates} certificates)\n`);
  return { records, index: summary.index };
}

/** Step outputs already in a reproduction directory (for tests and the report). */
export function finishedSteps(out: string): string[] {
  const dir = join(resolve(out), "steps");
  return existsSync(dir) ? readdirSync(dir).filter((f) => f.endsWith(".done.json")).map((f) => f.slice(0, -".done.json".length)).sort() : [];
}
