import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { memoryIO } from "../../src/cli/io.js";
import { runEvalCommand } from "../../src/cli/commands/eval.js";
import { runTrain } from "../../src/float/train.js";

const dir = mkdtempSync(join(tmpdir(), "sb-cli-eval-"));
const lstmRun = join(dir, "lstm");
const tfRun = join(dir, "tf");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

beforeAll(async () => {
  const common = { task: "index", n: 6, steps: 150, lr: 0.02, batch: 32, evalEvery: 150, trainSize: 400, validSize: 50, testSize: 50, device: "cpu" as const, seed: 2 };
  await runTrain({ ...common, arch: "lstm", width: 4 }, { out: lstmRun });
  await runTrain({ ...common, arch: "transformer", width: 8, steps: 5, evalEvery: 5 }, { out: tfRun });
});

describe("streambound eval", () => {
  it("the TypeScript model at fp64 predicts exactly as PyTorch at float64", async () => {
    const worker = await runEvalCommand({ run: lstmRun, in: "worker", dtype: "float64", device: "cpu", size: 300, json: true }, memoryIO());
    const exact = await runEvalCommand({ run: lstmRun, in: "exact", format: "fp64", size: 300, json: true }, memoryIO());
    expect(worker.count).toBe(300);
    expect(exact.accuracy).toBe(worker.accuracy);
    expect(exact.datasetHash).toBe(worker.datasetHash);
    expect(worker.device).toBe("cpu");
    expect(exact.numbers).toBe("fp64");
  });

  it("evaluates at a narrow format, and on another n when the vocabulary fits", async () => {
    const io = memoryIO();
    const r = await runEvalCommand({ run: lstmRun, in: "exact", format: "fixed:2.6", n: 3, size: 100 }, io);
    expect(r.n).toBe(3);
    expect(r.accuracy).toBeGreaterThanOrEqual(0);
    expect(io.stdout).toMatch(/bit-exact TypeScript at fixed:2\.6/);
    await expect(runEvalCommand({ run: lstmRun, n: 20 }, memoryIO())).rejects.toThrow(/vocabulary of 22; the run's model has 8/);
  });

  it("a trained transformer: --in exact at fp64 predicts exactly as the worker at float64", async () => {
    const worker = await runEvalCommand({ run: tfRun, in: "worker", dtype: "float64", device: "cpu", size: 200, json: true }, memoryIO());
    const exact = await runEvalCommand({ run: tfRun, in: "exact", format: "fp64", size: 200, json: true }, memoryIO());
    expect(worker.architecture).toBe("transformer");
    expect(exact.datasetHash).toBe(worker.datasetHash);
    expect(exact.accuracy).toBe(worker.accuracy);
    const roles = await runEvalCommand({ run: tfRun, in: "exact", format: "weights=bf16,compute=fp32,state=bf16", size: 50, json: true }, memoryIO());
    expect(roles.numbers).toBe("weights=bf16,compute=fp32,state=bf16");
  });

  it("a directory without weights is a UserError", async () => {
    await expect(runEvalCommand({ run: join(dir, "nothing") }, memoryIO())).rejects.toThrow(/no weights.safetensors/);
  });
});
