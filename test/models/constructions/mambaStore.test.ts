import { describe, expect, it } from "vitest";
import { mambaStore, mambaStoreShape } from "../../../src/models/constructions/mambaStore.js";
import { indexQueryToken, solveIndex } from "../../../src/tasks/indexTask.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { cliJson } from "../../cli/helpers.js";

/** Every x of length n and every query, answered by the model's own run. */
function wrongAnswers(model: ReturnType<typeof mambaStore>, n: number): number {
  let wrong = 0;
  for (let v = 0; v < 2 ** n; v++) {
    const x = Array.from({ length: n }, (_, j) => (v >> j) & 1);
    const { state, t } = runModel(model, x);
    for (let i = 0; i < n; i++) {
      const out = predict(model.logits(model.step(state, indexQueryToken(i), t)), [0, 1]);
      if (out !== solveIndex(n, [...x, indexQueryToken(i)])) wrong++;
    }
  }
  return wrong;
}

describe("mamba-store: mamba weights that hold C bits exactly", () => {
  it("meets the bound at its capacity and falls below right after it", async () => {
    const doc = await cliJson("census", "index", "--model", "mamba-store", "--width", "4", "--n", "1..6");
    // 3 layers · 5 channels · 1 scalar · 3 bits (fixed:1.2) + the last token (V = 8: 4 bits)
    expect(doc.stateBits).toBe(3 * 5 * 3 + 4);
    for (const row of doc.rows) {
      if (row.n <= 4) {
        expect(row.distinctStates).toBe(String(2 ** row.n));
        expect(row.accuracyExact).toBe("1/1");
      } else {
        expect(row.accuracy).toBeLessThan(1);
      }
      if (row.n === 6) expect(row.foolingPair.replayed).toBe(true);
    }
  });

  it("is an ordinary mamba whose slots hold 0 or −1 and whose counters step by ¼", () => {
    const m = mambaStore({ width: 5, vocabSize: 7 });
    const info = m.describe();
    expect(info.architecture).toBe("mamba");
    expect(info.format).toBe("weights=fp32,compute=fp32,state=fixed:1.2");
    expect(mambaStoreShape(5)).toEqual({ layers: 3, channels: 5 });
    expect(m.stateBits(0)).toBe(3 * 5 * 3 + 3);
    let s = m.init();
    for (const b of [1, 0, 1, 1]) s = m.step(s, b, 0);
    expect(m.encode(s).length).toBe(m.stateBits(4));
    // The memory holds the first three bits (the fourth is the pending token). Layer 1:
    // counter 0 (channel 4) at −¾. Layer 2: the code channel 0 holds nothing, slots 1..3
    // (positions 0..2) hold −1, 0, −1, counter 1 waits for counter 0 to be full. Layer 3:
    // the slots of positions 3, 4 were last overwritten by bit 2 (1); channels 3, 4 are unused.
    const [layer1, layer2, layer3] = (s as { mem: Float64Array[] }).mem.map((a) => Array.from(a));
    expect(layer1).toEqual([0, 0, 0, 0, -0.75]);
    expect(layer2).toEqual([0, -1, 0, -1, 0]);
    expect(layer3).toEqual([0, -1, -1, 0, 0]);
  });

  it("is right on every x and every query for n ≤ C = 8 (4 layers, counters 0..2 chained)", () => {
    const m = mambaStore({ width: 8, vocabSize: 10 });
    expect(mambaStoreShape(8)).toEqual({ layers: 4, channels: 5 });
    for (let n = 1; n <= 8; n++) expect(wrongAnswers(m, n)).toBe(0);
  });

  it("is right on every query of 2 seeded x at n = C = 64 (23 layers, 22 chained counters)", () => {
    const m = mambaStore({ width: 64, vocabSize: 66 });
    expect(m.stateBits(0)).toBe(23 * 5 * 3 + 7);
    for (let k = 0; k < 2; k++) {
      const rng = new Rng(deriveSeed(5, `test/mamba-store/${k}`));
      const x = Array.from({ length: 64 }, () => rng.bit());
      const { state, t } = runModel(m, x);
      for (let i = 0; i < 64; i++) expect(predict(m.logits(m.step(state, indexQueryToken(i), t)), [0, 1])).toBe(x[i]);
    }
  });

  it("works with fp16 and bf16 weights and compute", () => {
    for (const format of ["weights=fp16,compute=fp16,state=fixed:1.2", "weights=bf16,compute=fp32,state=fixed:1.2", "weights=bf16,compute=bf16,state=fixed:1.2"]) {
      expect(wrongAnswers(mambaStore({ width: 4, vocabSize: 6, format }), 4)).toBe(0);
    }
  });

  it("refuses a state format that does not saturate at −1 or lacks the counter's levels", () => {
    for (const state of ["fp16", "fixed:2.2", "fixed:1.1"]) {
      expect(() => mambaStore({ width: 8, vocabSize: 10, format: `weights=fp32,compute=fp32,state=${state}` })).toThrow(/needs a state format/);
    }
  });
});
