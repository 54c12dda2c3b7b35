import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { createElman, createGru, createLstm, saveWeights } from "../../src/models/recurrentIndex.js";
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
