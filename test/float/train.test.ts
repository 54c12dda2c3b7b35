import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { loadWeights } from "../../src/models/weights/load.js";
import { hostFormat } from "../../src/numeric/hostFormat.js";
import { readMetrics } from "../../src/float/runDirectory.js";
import { runTrain, TrainingFault, type RunSpec, type TrainOptionsInput } from "../../src/float/train.js";
import { runWorker } from "../../src/float/workerProcess.js";
import { UserError } from "../../src/util/errors.js";

const dir = mkdtempSync(join(tmpdir(), "sb-train-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const tiny: TrainOptionsInput = {
  task: "index", n: 5, arch: "lstm", width: 3, steps: 40, lr: 0.01, batch: 16, evalEvery: 10,
  trainSize: 200, validSize: 50, testSize: 50, device: "cpu", seed: 7,
};

describeWith("torch", "train (PyTorch worker, CPU)", () => {
  it("writes a complete run directory whose weights the TypeScript loader reads", async () => {
    const out = join(dir, "plain");
    const progress: number[] = [];
    const r = await runTrain(tiny, { out }, { onProgress: (p) => progress.push(p.step) });
    expect(r.status).toBe("done");
    expect(r.device).toBe("cpu");
    expect(r.steps).toBe(40);
    expect(r.testAccuracy).toBeGreaterThanOrEqual(0);
    expect(r.testAccuracy).toBeLessThanOrEqual(1);
    expect(progress.at(-1)).toBe(40);
    const spec = JSON.parse(readFileSync(join(out, "spec.json"), "utf8")) as RunSpec;
    expect(spec.dataset.hash).toBe(r.datasetHash);
    expect(spec.dataset.overlap.testInTrain).toBeGreaterThanOrEqual(0);
    expect(spec.config).toEqual({ width: 3, layers: 1, vocabSize: 7, inputSize: 3 });
    expect(readMetrics(out).map((m) => m.step)).toEqual([10, 20, 30, 40]);
    const { model } = loadWeights(join(out, "weights.safetensors"), { format: hostFormat(), architecture: "lstm" });
    expect(model.vocabSize).toBe(7);
    await expect(runTrain(tiny, { out })).rejects.toThrow(/already holds a run/);
  });

  it("an interrupted run resumes from its checkpoint to the same weights as an uninterrupted one", async () => {
    const out = join(dir, "interrupted");
    const ac = new AbortController();
    const err = await runTrain(tiny, { out }, { signal: ac.signal, onMetrics: (m) => m.step >= 20 && ac.abort() }).catch((e) => e);
    expect(err).toBeInstanceOf(TrainingFault);
    expect(err.message).toContain(`streambound train --resume ${out}`);
    expect(existsSync(join(out, "checkpoint.pt"))).toBe(true);
    expect(existsSync(join(out, "result.json"))).toBe(false);
    const r = await runTrain(undefined, { resumeDir: out });
    expect(r.steps).toBe(40);
    expect(readMetrics(out).map((m) => m.step)).toEqual([10, 20, 30, 40]);
    const a = readFileSync(join(out, "weights.safetensors"));
    const b = readFileSync(join(dir, "plain", "weights.safetensors"));
    expect(a.equals(b)).toBe(true);
    // every metrics column but the wall-clock seconds continues bit for bit
    const strip = (rows: ReturnType<typeof readMetrics>) => rows.map(({ seconds: _s, ...rest }) => rest);
    expect(strip(readMetrics(out))).toEqual(strip(readMetrics(join(dir, "plain"))));
    // a finished run resumes to its stored result, without training
    expect((await runTrain(undefined, { resumeDir: out })).wallSeconds).toBe(r.wallSeconds);
  });

  it("resuming with another architecture is a one-line UserError", async () => {
    await expect(runTrain({ ...tiny, arch: "gru" }, { resumeDir: join(dir, "plain") })).rejects.toThrow(/architecture 'lstm', not 'gru'/);
  });

  it("--device cuda without CUDA is a one-line UserError", async () => {
    const probe = await runWorker({ command: "probe" });
    const run = runTrain({ ...tiny, device: "cuda", steps: 2 }, { out: join(dir, "cuda") });
    if (probe.cuda) await expect(run).resolves.toMatchObject({ device: "cuda" });
    else {
      const e = await run.catch((x) => x);
      expect(e).toBeInstanceOf(UserError);
      expect(e.message).toMatch(/^--device cuda: CUDA is not available/);
      expect(e.message).not.toContain("\n");
      expect(existsSync(join(dir, "cuda"))).toBe(false);
    }
  });

  it("a Python without torch gives one line naming python3-torch and torch", async () => {
    const fake = mkdtempSync(join(tmpdir(), "sb-notorch-"));
    writeFileSync(join(fake, "torch.py"), "raise ImportError(\"No module named 'torch'\")\n");
    const e = await runWorker({ command: "probe" }, { env: { PYTHONPATH: fake } }).catch((x) => x);
    rmSync(fake, { recursive: true, force: true });
    expect(e).toBeInstanceOf(UserError);
    expect(e.message).toContain("python3-torch");
    expect(e.message).toContain("pip package torch");
    expect(e.message).not.toContain("\n");
  });

  it("--tied-sinusoidal keeps the embedding frozen at the sinusoidal table and the head tied to it", async () => {
    const out = join(dir, "tied");
    await runTrain({ ...tiny, arch: "gru", width: 4, tiedSinusoidal: true }, { out });
    const { model } = loadWeights(join(out, "weights.safetensors"), { format: hostFormat(), architecture: "gru" });
    const t = model.tensors();
    expect(Array.from(t["readout.weight"].data)).toEqual(Array.from(t["embedding.weight"].data));
    // row v, column 2k: sin(v / 10000^(2k/4)); column 2k+1: cos(...) (float32-rounded)
    for (let v = 0; v < 7; v++)
      for (let k = 0; k < 2; k++) {
        const angle = v / Math.pow(10000, (2 * k) / 4);
        expect(t["embedding.weight"].data[v * 4 + 2 * k]).toBe(Math.fround(Math.sin(angle)));
        expect(t["embedding.weight"].data[v * 4 + 2 * k + 1]).toBe(Math.fround(Math.cos(angle)));
      }
  });

  it("every twin trains a few steps on CPU", async () => {
    for (const arch of ["elman", "gru", "transformer", "mamba", "linear-attention", "diagonal-rnn", "retnet", "hybrid"]) {
      const r = await runTrain(
        { ...tiny, arch, width: 8, steps: 3, evalEvery: 3, ...(arch === "transformer" ? { positions: "learned" } : {}) },
        { out: join(dir, `arch-${arch}`) },
      );
      expect(r.steps, arch).toBe(3);
      expect(Number.isFinite(r.validLoss), arch).toBe(true);
    }
  });
});
