import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, expect, it } from "vitest";
import { evalInWorker } from "../../src/float/evalInWorker.js";
import { createModel } from "../../src/models/createModel.js";
import type { MixerName } from "../../src/models/_internals/mixerArchitecture.js";
import { modelFromTensors } from "../../src/models/weights/modelFromTensors.js";
import { saveWeights } from "../../src/models/weights/save.js";
import { loadModelWeights } from "../../src/models/weights/load.js";
import { hostFormat } from "../../src/numeric/hostFormat.js";
import { runModel } from "../../src/stream/interpreter.js";
import { predict } from "../../src/stream/model.js";
import { Rng, deriveSeed } from "../../src/util/rng.js";
import { describeWith } from "../_helpers/components.js";

/**
 * mamba, linear-attention, diagonal-rnn and retnet at fp64 against their PyTorch twins at
 * float64: the same random weights (every tensor random, not the structured init) give the same
 * last-position logits within 1e−9 relative and the same argmax, for every option.
 */
const dir = mkdtempSync(join(tmpdir(), "sb-cross-mixers-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type Options = { width: number; layers: number } & Record<string, unknown>;

const CASES: [MixerName, Options][] = [
  ["mamba", { width: 4, layers: 1 }],
  ["mamba", { width: 6, layers: 2, norm: "layernorm", dState: 3, dConv: 2, expand: 1, dtRank: 2 }],
  ["mamba", { width: 5, layers: 1, dState: 1, dConv: 1, expand: 3, dtRank: 3 }],
  ["mamba", { width: 8, layers: 1, dState: 4, dConv: 3, expand: 2, dtRank: 1, norm: "layernorm" }],
  ["linear-attention", { width: 4, layers: 1 }],
  ["linear-attention", { width: 6, layers: 2, heads: 3, norm: "layernorm", ffnSize: 5 }],
  ["linear-attention", { width: 8, layers: 1, heads: 4, ffnSize: 7 }],
  ["diagonal-rnn", { width: 4, layers: 1 }],
  ["diagonal-rnn", { width: 6, layers: 2, dState: 3, norm: "layernorm", ffnSize: 9 }],
  ["diagonal-rnn", { width: 5, layers: 1, dState: 1 }],
  ["retnet", { width: 4, layers: 1 }],
  ["retnet", { width: 6, layers: 2, heads: 3, norm: "layernorm", ffnSize: 5 }],
  ["retnet", { width: 8, layers: 1, heads: 2 }],
  ["retnet", { width: 8, layers: 1, heads: 4, ffnSize: 3 }],
];

/** Every tensor random (norm weights around 1, mamba's A_log and dt bias in their usual ranges). */
function randomTensors(name: MixerName, options: Options, vocabSize: number, seed: number) {
  const shaped = createModel(name, { ...options, vocabSize }, hostFormat(), seed);
  const out: Record<string, { shape: readonly number[]; data: Float64Array }> = {};
  for (const [tname, t] of Object.entries(shaped.tensors())) {
    const rng = new Rng(deriveSeed(seed, `random/${tname}`));
    const data = new Float64Array(t.data.length);
    for (let k = 0; k < data.length; k++) {
      if (/norm\.weight$/.test(tname) || tname.endsWith(".D")) data[k] = rng.uniform(0.5, 1.5);
      else if (tname.endsWith("A_log")) data[k] = rng.uniform(-1, 2);
      else if (tname.endsWith("dt_proj.bias")) data[k] = rng.uniform(-4, 0);
      else if (tname.endsWith("decay_logit")) data[k] = rng.uniform(-1, 4);
      else if (tname === "embedding.weight") data[k] = rng.normal();
      else data[k] = rng.uniform(-0.8, 0.8);
    }
    out[tname] = { shape: t.shape, data };
  }
  return { config: shaped.config, tensors: out };
}

function relDiff(a: number, b: number): number {
  return a === b ? 0 : Math.abs(a - b) / Math.max(Math.abs(a), Math.abs(b));
}

describeWith("torch", "mixers: TypeScript fp64 vs PyTorch float64", () => {
  const vocabSize = 7;
  const lengths = [1, 2, 3, 5, 8, 13];
  CASES.forEach(([name, options], index) => {
    const label = `${name} ${JSON.stringify(options)}`;
    it(label, async () => {
      const { config, tensors } = randomTensors(name, options, vocabSize, 100 + index);
      const model = modelFromTensors(name, config, tensors, hostFormat(), label).model;
      const path = join(dir, `${index}.safetensors`);
      saveWeights(model, path, "safetensors");
      const rng = new Rng(1000 + index);
      const seqs = lengths.flatMap((L) => [0, 1].map(() => Array.from({ length: L }, () => rng.int(0, vocabSize - 1))));
      const torch = await evalInWorker(path, seqs, { dtype: "float64", device: "cpu", architecture: name });
      let worst = 0;
      seqs.forEach((seq, k) => {
        const ts = model.logits(runModel(model, seq).state);
        expect(torch.logits[k]).toHaveLength(vocabSize);
        for (let v = 0; v < vocabSize; v++) worst = Math.max(worst, relDiff(ts[v], torch.logits[k][v]));
        expect(predict(ts)).toBe(torch.predictions[k]);
      });
      console.log(`${label}: worst relative difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-9);
    });
  });
});

describeWith("torch", "mixers: weights from a short train run", () => {
  for (const name of ["mamba", "linear-attention", "diagonal-rnn", "retnet"] as const) {
    it(`${name}: the twin's file loads; fp64 = float64 logits; census --weights and eval --in exact`, async () => {
      const { cli, cliJson } = await import("../cli/helpers.js");
      const run = join(dir, `train-${name}`);
      const t = await cli("train", "--task", "index", "--arch", name, "--width", "8", "--n", "4", "--steps", "30", "--seed", "2",
        "--train-size", "300", "--valid-size", "100", "--test-size", "100", "--device", "cpu", "--out", run);
      expect(t.code, t.stderr).toBe(0);
      const weights = join(run, "weights.safetensors");
      const model = loadModelWeights(weights, { format: hostFormat(), architecture: name });
      const rng = new Rng(77);
      const seqs = [1, 3, 5, 6, 9].flatMap((L) => [0, 1, 2].map(() => Array.from({ length: L }, () => rng.int(0, model.vocabSize - 1))));
      const torch = await evalInWorker(weights, seqs, { dtype: "float64", device: "cpu", architecture: name });
      let worst = 0;
      seqs.forEach((seq, k) => {
        const ts = model.logits(runModel(model, seq).state);
        for (let v = 0; v < model.vocabSize; v++) worst = Math.max(worst, relDiff(ts[v], torch.logits[k][v]));
        expect(predict(ts)).toBe(torch.predictions[k]);
      });
      console.log(`${name} (trained): worst relative difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-9);

      const doc = await cliJson("census", "index", "--model", name, "--weights", weights, "--format", "fp32", "--n", "1..4", "--device", "cpu");
      for (const row of doc.rows) {
        expect(BigInt(row.distinctStates) <= 2n ** BigInt(row.n)).toBe(true);
        expect(row.accuracy).toBeLessThanOrEqual(row.bayesOptimalAccuracy);
      }
      const tokenBits = Math.ceil(Math.log2(model.vocabSize + 1));
      const scalars = (model.stateBits(0) - tokenBits) / 64; // the same memory at fp64
      expect(doc.stateBits).toBe(scalars * 32 + tokenBits);

      const exact = await cliJson("eval", "--run", run, "--in", "exact", "--format", "fp64");
      const worker = await cliJson("eval", "--run", run, "--in", "worker", "--dtype", "float64", "--device", "cpu");
      expect(exact.count).toBe(worker.count);
      expect(exact.accuracy).toBe(worker.accuracy);
    });
  }
});

describeWith("torch", "hybrids over the mixers: TypeScript fp64 vs PyTorch float64", () => {
  const bases: [MixerName, Record<string, unknown>][] = [
    ["mamba", { dState: 3, dConv: 3, expand: 1, dtRank: 2 }],
    ["linear-attention", {}],
    ["diagonal-rnn", { dState: 5 }],
    ["retnet", {}],
  ];
  bases.forEach(([base, extra], index) => {
    it(`hybrid over ${base}`, async () => {
      const vocabSize = 7;
      const model = createModel("hybrid", { width: 4, layers: 2, vocabSize, base, heads: 2, ...extra }, hostFormat(), 40 + index);
      const path = join(dir, `hybrid-${base}.safetensors`);
      saveWeights(model, path, "safetensors");
      const rng = new Rng(500 + index);
      const seqs = [1, 2, 4, 7, 11].map((L) => Array.from({ length: L }, () => rng.int(0, vocabSize - 1)));
      const torch = await evalInWorker(path, seqs, { dtype: "float64", device: "cpu", architecture: "hybrid" });
      let worst = 0;
      seqs.forEach((seq, k) => {
        const ts = model.logits(runModel(model, seq).state);
        for (let v = 0; v < vocabSize; v++) worst = Math.max(worst, relDiff(ts[v], torch.logits[k][v]));
        expect(predict(ts)).toBe(torch.predictions[k]);
      });
      console.log(`hybrid over ${base}: worst relative difference ${worst.toExponential(2)}`);
      expect(worst).toBeLessThan(1e-9);
    });
  });
});
