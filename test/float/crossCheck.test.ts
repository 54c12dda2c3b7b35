import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createElman, createGru, createLstm, createModel, loadModelWeights, saveWeights } from "../../src/models/recurrentIndex.js";
import { runTrain } from "../../src/float/train.js";
import { describeWith } from "../_helpers/components.js";
import { hostFormat } from "../../src/numeric/hostFormat.js";
import { runModel } from "../../src/stream/interpreter.js";
import { evalInWorker } from "../../src/float/evalInWorker.js";
import { Rng } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";

/**
 * The joining test: the same random weights give the same last-position logits in the
 * TypeScript models at fp64 and in the PyTorch twins at float64 (within 1e-9 relative).
 */
const dir = mkdtempSync(join(tmpdir(), "sb-cross-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const builders = { elman: createElman, lstm: createLstm, gru: createGru } as const;

function randomSequences(seed: number, vocab: number, count: number): number[][] {
  const rng = new Rng(seed);
  return Array.from({ length: count }, () => Array.from({ length: rng.int(1, 12) }, () => rng.int(0, vocab - 1)));
}

describe("TypeScript fp64 vs PyTorch float64", () => {
  for (const [arch, create] of Object.entries(builders)) {
    for (const { width, layers } of [
      { width: 3, layers: 1 },
      { width: 5, layers: 2 },
    ]) {
      it(`${arch} width ${width}, ${layers} layer(s)`, async () => {
        const vocabSize = 7;
        const model = create({ width, layers, vocabSize, format: hostFormat(), seed: 11 * width + layers });
        const path = join(dir, `${arch}-${width}-${layers}.safetensors`);
        saveWeights(model, path, "safetensors");
        const seqs = randomSequences(width * 100 + layers, vocabSize, 16);
        const torch = await evalInWorker(path, seqs, { dtype: "float64", device: "cpu" });
        expect(torch.dtype).toBe("float64");
        expect(torch.device).toBe("cpu");
        let worst = 0;
        seqs.forEach((seq, k) => {
          const ts = model.logits(runModel(model, seq).state);
          expect(torch.logits[k]).toHaveLength(vocabSize);
          for (let v = 0; v < vocabSize; v++) {
            const a = ts[v];
            const b = torch.logits[k][v];
            worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-300, Math.abs(a), Math.abs(b)));
          }
        });
        expect(worst).toBeLessThan(1e-9);
      });
    }
  }

  it("a weights file of another architecture is a one-line user error", async () => {
    const model = createLstm({ width: 3, layers: 1, vocabSize: 5, format: hostFormat(), seed: 3 });
    const path = join(dir, "lstm-as-gru.safetensors");
    saveWeights(model, path, "safetensors");
    const err = await evalInWorker(path, [[1, 2]], { dtype: "float64", device: "cpu", architecture: "gru" }).catch((e) => e);
    expect(err).toBeInstanceOf(UserError);
    expect(err.message).toMatch(/architecture 'lstm', expected 'gru'/);
    expect(err.message).not.toContain("\n");
  });
});

/**
 * The transformer and the hybrid, every option: positions (rope, learned, sinusoidal), norms
 * (rmsnorm, layernorm), hybrid bases (elman, lstm, gru) and both hybrid orders' default;
 * random weights and a short `train` run. fp64 against float64: ≤ 1e-9 relative, same argmax.
 */
function compareLogits(ts: ArrayLike<number>[], torch: number[][]): { worst: number; argmaxAgree: boolean } {
  let worst = 0;
  let argmaxAgree = true;
  ts.forEach((l, k) => {
    let best = 0;
    for (let v = 0; v < l.length; v++) {
      const a = l[v];
      const b = torch[k][v];
      worst = Math.max(worst, Math.abs(a - b) / Math.max(1e-300, Math.abs(a), Math.abs(b)));
      if (l[v] > l[best]) best = v;
    }
    let tb = 0;
    for (let v = 0; v < torch[k].length; v++) if (torch[k][v] > torch[k][tb]) tb = v;
    if (best !== tb) argmaxAgree = false;
  });
  return { worst, argmaxAgree };
}

async function crossCheck(arch: string, config: Record<string, unknown>, seed: number) {
  const vocabSize = Number(config.vocabSize);
  const model = createModel(arch, config, hostFormat(), seed);
  const path = join(dir, `${arch}-${seed}-${Object.values(config).join("-")}.safetensors`);
  saveWeights(model, path, "safetensors");
  const seqs = randomSequences(seed * 7 + 1, vocabSize, 12);
  const torch = await evalInWorker(path, seqs, { dtype: "float64", device: "cpu", architecture: arch });
  return compareLogits(seqs.map((s) => model.logits(runModel(model, s).state)), torch.logits);
}

describeWith("torch", "transformer and hybrid: TypeScript fp64 vs PyTorch float64", () => {
  const cases: [string, Record<string, unknown>][] = [
    ["transformer", { width: 8, layers: 2, vocabSize: 7, heads: 2 }],
    ["transformer", { width: 8, layers: 1, vocabSize: 7, heads: 1, norm: "layernorm" }],
    ["transformer", { width: 8, layers: 2, vocabSize: 7, heads: 4, positions: "learned", maxLen: 16, norm: "layernorm" }],
    ["hybrid", { width: 8, layers: 1, vocabSize: 7, base: "elman", heads: 2 }],
    ["hybrid", { width: 8, layers: 2, vocabSize: 7, base: "lstm" }],
    ["hybrid", { width: 8, layers: 1, vocabSize: 7, base: "gru", norm: "layernorm", heads: 2 }],
  ];
  cases.forEach(([arch, config], k) => {
    it(`${arch} ${JSON.stringify(config)}`, async () => {
      const r = await crossCheck(arch, config, 3 + k);
      expect(r.worst).toBeLessThan(1e-9);
      expect(r.argmaxAgree).toBe(true);
    });
  });

  // The twin on this branch keeps its sinusoidal table in float32 (issue 7; the fix is on branch
  // `python`, f01a140), so its float64 logits are off by ~1e-8. At merge this starts to agree
  // and `it.fails` fails: turn it into `it`.
  it.fails("transformer with sinusoidal positions (twin's float32 table)", async () => {
    const r = await crossCheck("transformer", { width: 8, layers: 1, vocabSize: 7, heads: 2, positions: "sinusoidal", maxLen: 16 }, 11);
    expect(r.worst).toBeLessThan(1e-9);
  });

  it("weights from a short train run (transformer, rope)", async () => {
    const out = join(dir, "tf-run");
    await runTrain(
      { task: "index", n: 4, arch: "transformer", width: 8, layers: 1, steps: 30, lr: 0.01, batch: 16, evalEvery: 30, trainSize: 200, validSize: 20, testSize: 20, device: "cpu", seed: 4 },
      { out },
    );
    const path = join(out, "weights.safetensors");
    const model = loadModelWeights(path, { format: hostFormat(), architecture: "transformer" });
    const seqs = randomSequences(77, model.vocabSize, 16);
    const torch = await evalInWorker(path, seqs, { dtype: "float64", device: "cpu" });
    const r = compareLogits(seqs.map((s) => model.logits(runModel(model, s).state)), torch.logits);
    expect(r.worst).toBeLessThan(1e-9);
    expect(r.argmaxAgree).toBe(true);
  });
});
