import { describe, expect, it } from "vitest";
import { lstmStore } from "../../../src/models/constructions/lstmStore.js";
import { cliJson } from "../../cli/helpers.js";

describe("lstm-store: lstm weights that hold width bits exactly, C/M = 1/4", () => {
  it("meets the bound at its capacity and falls below right after it", async () => {
    const doc = await cliJson("census", "index", "--model", "lstm-store", "--width", "6", "--n", "1..8");
    expect(doc.stateBits).toBe(24);
    for (const row of doc.rows) {
      if (row.n <= 6) {
        expect(row.distinctStates).toBe(String(2 ** row.n));
        expect(row.accuracyExact).toBe("1/1");
      } else {
        expect(row.accuracy).toBeLessThan(1);
        expect(row.foolingPair.replayed).toBe(true);
      }
    }
  });

  it("is an ordinary lstm whose state is 2·width values of the 2-bit state format", () => {
    const m = lstmStore({ width: 5, vocabSize: 7 });
    const info = m.describe();
    expect(info.architecture).toBe("lstm");
    expect(info.format).toBe("weights=fp32,compute=fp32,state=fixed:1.1");
    expect(m.stateBits(0)).toBe(2 * 5 * 2);
    let s = m.init();
    for (const b of [1, 0, 1]) s = m.step(s, b, 0);
    // h then c: slots 0..2 hold −1, −½, −1; the rest are free.
    expect(Array.from(s as Float64Array)).toEqual([-1, -0.5, -1, 0, 0, -1, -0.5, -1, 0, 0]);
  });

  it("works with fp16 and bf16 weights and compute", async () => {
    for (const f of ["weights=fp16,compute=fp16,state=fixed:1.1", "weights=bf16,compute=fp32,state=fixed:1.1"]) {
      const doc = await cliJson("census", "index", "--model", "lstm-store", "--width", "4", "--format", f, "--n", "4");
      expect(doc.rows[0].accuracyExact).toBe("1/1");
      expect(doc.rows[0].distinctStates).toBe("16");
    }
  });
});
