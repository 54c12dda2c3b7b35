import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { memoryIO } from "../../src/cli/io.js";
import { runTrainCommand, trainOptionsFromArgs } from "../../src/cli/commands/train.js";
import { UserError } from "../../src/util/errors.js";

const dir = mkdtempSync(join(tmpdir(), "sb-cli-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const args = {
  task: "index", n: 5, arch: "gru", width: 3, steps: 20, lr: 0.01, batch: 16, "eval-every": 10,
  "train-size": 100, "valid-size": 40, "test-size": 40, device: "cpu", seed: 3,
};

describeWith("torch", "streambound train", () => {
  it("--json prints exactly one JSON document with the device, seed and accuracies", async () => {
    const io = memoryIO();
    const out = join(dir, "json");
    await runTrainCommand({ ...args, out, json: true }, io);
    const doc = JSON.parse(io.stdout);
    expect(doc).toMatchObject({ status: "done", dir: out, seed: 3, device: "cpu", steps: 20 });
    expect(io.stdout.trim().split("\n")).toHaveLength(1);
    expect(io.stderr).toContain(`training into ${out}`);
    expect(io.stderr).toMatch(/step 20: validation exact match/);
    expect(io.stderr).toMatch(/sequences also in train: valid 0 of 40, test 0 of 40 \(disjoint\)/);
    expect(doc.testAnswerAccuracy).toBeGreaterThanOrEqual(doc.testAccuracy);
  });

  it("the text output names the run, accuracies and device; --resume of a finished run reprints it", async () => {
    const io = memoryIO();
    const out = join(dir, "text");
    await runTrainCommand({ ...args, out }, io);
    expect(io.stdout).toMatch(/test answer accuracy \d\.\d{4} \(argmax over the answer tokens\) {3}test exact match \d\.\d{4} {3}validation exact match \d\.\d{4} {3}\(seed 3\)/);
    expect(io.stdout).toMatch(/20 steps on cpu/);
    const again = memoryIO();
    await runTrainCommand({ resume: out }, again);
    expect(again.stdout).toBe(io.stdout);
    // the run was seeded 3: a resume that asks for seed 1 would silently continue seed 3
    await expect(runTrainCommand({ resume: out, seed: 1 }, memoryIO())).rejects.toThrow(/contradict it: --seed 1 \(the run has 3\)/);
  });

  it("missing flags and bad values are one-line UserErrors", async () => {
    await expect(runTrainCommand({ task: "index", seed: 1 }, memoryIO())).rejects.toThrow(/train needs --n, --arch, --width/);
    await expect(runTrainCommand({ ...args, out: join(dir, "bad"), steps: 0 }, memoryIO())).rejects.toThrow(UserError);
    await expect(runTrainCommand({ ...args, out: join(dir, "bad2"), arch: "rnn9" }, memoryIO())).rejects.toThrow(/unknown architecture 'rnn9'/);
  });

  it("maps kebab-case flags to options and leaves absent ones to the defaults", () => {
    expect(trainOptionsFromArgs({ "train-size": 5, "d-state": 4, "tied-sinusoidal": true, seed: 2 })).toEqual({ trainSize: 5, dState: 4, tiedSinusoidal: true, seed: 2 });
  });
});

describeWith("torch", "streambound train, interrupted", () => {
  it("Ctrl-C prints the interruption, with how to resume, exactly once (exit 2)", async () => {
    const { cli } = await import("./helpers.js");
    const out = join(dir, "sigint");
    // emit SIGINT (as Ctrl-C does) once the command has installed its listener, which aborts the worker
    const others = process.listenerCount("SIGINT");
    const timer = setInterval(() => {
      if (process.listenerCount("SIGINT") > others) {
        clearInterval(timer);
        setTimeout(() => process.emit("SIGINT", "SIGINT"), 1500);
      }
    }, 50);
    const r = await cli("train", "--task", "index", "--n", "6", "--arch", "lstm", "--width", "3", "--steps", "100000", "--train-size", "200", "--valid-size", "40", "--test-size", "40", "--device", "cpu", "--out", out);
    clearInterval(timer);
    expect(r.code, r.stderr).toBe(2);
    const lines = r.stderr.split("\n").filter((l) => /training stopped/.test(l));
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`streambound train --resume ${out}`);
  });
});
