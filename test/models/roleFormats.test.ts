import { describe, expect, it } from "vitest";
import { createModel, modelFromTensors, parseRoleFormats } from "../../src/models/recurrentIndex.js";
import { fmt, tokens } from "./_helpers/models.js";

/**
 * Formats per role for the RNNs: weights rounded to the weights format, every operation at the
 * compute format, the next state rounded to the state format; M counted at the state format.
 */
describe("role formats of elman, lstm, gru", () => {
  for (const arch of ["elman", "lstm", "gru"]) {
    it(`${arch}: weights=bf16,compute=fp32,state=bf16 is the fp32 step over bf16 weights, its state rounded to bf16`, () => {
      const roles = parseRoleFormats("weights=bf16,compute=fp32,state=bf16");
      const m = createModel(arch, { width: 4, layers: 2, vocabSize: 5 }, roles, 3);
      for (const t of Object.values(m.tensors())) for (const v of t.data) expect(roles.weights.isValue(v)).toBe(true);
      // The same bf16 weights in a model that runs everything at fp32.
      const fp32 = modelFromTensors(arch, m.config, m.tensors(), fmt("fp32"), "same weights").model;
      const per = arch === "lstm" ? 2 : 1;
      expect(m.stateBits(0)).toBe(per * 2 * 4 * 16);
      let s = m.init() as Float64Array;
      for (const tok of tokens(5, 5, 12)) {
        const want = (fp32.step(s, tok, 0) as Float64Array).map((v) => roles.state.round(v));
        s = m.step(s, tok, 0) as Float64Array;
        expect(Array.from(s)).toEqual(Array.from(want));
        expect(m.encode(s).length).toBe(m.stateBits(0));
        expect(Array.from(m.logits(s))).toEqual(Array.from(fp32.logits(s)));
      }
      expect(m.describe().format).toBe("weights=bf16,compute=fp32,state=bf16");
    });
  }
});
