import { describe, expect, it } from "vitest";
import { mambaStore, mambaStoreShape } from "../../../src/models/constructions/mambaStore.js";
import { indexQueryToken, solveIndex } from "../../../src/tasks/indexTask.js";
import { predict } from "../../../src/stream/model.js";
import { runModel } from "../../../src/stream/interpreter.js";
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
    // 2 layers · 5 channels · 1 scalar · 3 bits (fixed:1.2) + the last token (V = 8: 4 bits)
    expect(doc.stateBits).toBe(2 * 5 * 3 + 4);
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

  it("is an ordinary mamba whose slots hold 0 or −1 and whose counter steps by 2^−F", () => {
    const m = mambaStore({ width: 5, vocabSize: 7 });
    const info = m.describe();
    expect(info.architecture).toBe("mamba");
    expect(info.format).toBe("weights=fp32,compute=fp32,state=fixed:1.3");
    expect(mambaStoreShape(5)).toEqual({ layers: 2, channels: 6 });
    expect(m.stateBits(0)).toBe(2 * 6 * 4 + 3);
    let s = m.init();
    for (const b of [1, 0, 1, 1]) s = m.step(s, b, 0);
    expect(m.encode(s).length).toBe(m.stateBits(4));
    // The memory holds the first three bits (the fourth is the pending token): layer 1's
    // counter (channel 0) at −3/8; layer 2's code channel 0 holds nothing, its slots 1..3
    // (positions 0..2) hold −1, 0, −1, and slots 4, 5 were last overwritten by bit 2 (1).
    const [layer1, layer2] = (s as { mem: Float64Array[] }).mem.map((a) => Array.from(a));
    expect(layer1).toEqual([-3 / 8, 0, 0, 0, 0, 0]);
    expect(layer2).toEqual([0, -1, 0, -1, -1, -1]);
  });

  it("is right on every x and every query for n ≤ C, with 2 and with 3 layers", () => {
    for (const C of [6, 8]) {
      const m = mambaStore({ width: C, vocabSize: C + 2 });
      for (let n = 1; n <= C; n++) expect(wrongAnswers(m, n)).toBe(0);
    }
    expect(mambaStoreShape(8)).toEqual({ layers: 3, channels: 5 });
  });

  it("works with fp16 and bf16 weights and compute", () => {
    for (const format of ["weights=fp16,compute=fp16,state=fixed:1.2", "weights=bf16,compute=fp32,state=fixed:1.2", "weights=bf16,compute=bf16,state=fixed:1.2"]) {
      expect(wrongAnswers(mambaStore({ width: 4, vocabSize: 6, format }), 4)).toBe(0);
    }
  });

  it("refuses a state format without the counter's levels", () => {
    expect(() => mambaStore({ width: 8, vocabSize: 10, format: "weights=fp32,compute=fp32,state=fixed:1.2" })).toThrow(/needs a state format/);
  });
});
