import { describe, expect, it } from "vitest";
import { UserError } from "../../../src/util/errors.js";
import { ARCHS, create, fmt, run, tokens } from "../_helpers/models.js";

const FORMATS = ["fixed:2.6", "fixed:4.4", "fixed:1.3", "fp16", "bf16", "fp8e4m3fn", "fp32", "fp64"];

describe("recurrent model shell", () => {
  it("stateBits formula equals the length of the encoded state", () => {
    for (const arch of ARCHS)
      for (const width of [1, 3, 5])
        for (const layers of [1, 2, 3])
          for (const name of FORMATS) {
            const format = fmt(name);
            const model = create(arch, { width, layers, format, vocabSize: 7, seed: 3 });
            const s = run(model, tokens(1, 7, 4)).at(-1)!;
            const bits = model.encode(s);
            const perLayer = arch === "lstm" ? 2 : 1;
            expect(model.stateBits(0)).toBe(perLayer * layers * width * format.bits);
            expect(bits.length).toBe(model.stateBits(0));
            expect(model.stateBits(1000)).toBe(model.stateBits(0));
            expect(model.describe().stateBitsFormula).toContain(`${layers}·${width}·${format.bits} = ${bits.length}`);
          }
  });

  it("decode(encode(s)) continues exactly like s for 20 more steps", () => {
    for (const arch of ARCHS)
      for (const name of ["fixed:2.6", "fp16", "fp8e4m3fn", "fp64"]) {
        const model = create(arch, { width: 4, layers: 2, inputSize: 3, format: fmt(name), vocabSize: 6, seed: 11 });
        const s = run(model, tokens(2, 6, 15)).at(-1)!;
        const copy = model.decode(model.encode(s));
        expect(Array.from(copy)).toEqual(Array.from(s));
        const more = tokens(3, 6, 20);
        const a = run(model, more, s);
        const b = run(model, more, copy);
        for (let t = 0; t < 20; t++) {
          expect(model.encode(b[t])).toBe(model.encode(a[t]));
          expect(Array.from(model.logits(b[t]))).toEqual(Array.from(model.logits(a[t])));
        }
      }
  });

  it("step is pure and the state layout has the documented length", () => {
    for (const arch of ARCHS) {
      const model = create(arch, { width: 3, layers: 2, format: fmt("fixed:2.6"), vocabSize: 5, seed: 5 });
      const s = run(model, [1, 2, 3]).at(-1)!;
      const before = Array.from(s);
      const next = model.step(s, 4, 3);
      expect(Array.from(s)).toEqual(before);
      expect(next).not.toBe(s);
      expect(next.length).toBe((arch === "lstm" ? 2 : 1) * 2 * 3);
      expect(Array.from(model.step(s, 4, 99))).toEqual(Array.from(next)); // time-invariant
    }
  });

  it("the zero state is the initial state and logits have vocabSize entries", () => {
    const model = create("gru", { width: 2, layers: 1, format: fmt("fixed:2.6"), vocabSize: 9, seed: 1 });
    expect(Array.from(model.init())).toEqual([0, 0]);
    expect(model.logits(model.init()).length).toBe(9);
    // at h = 0 the logits are exactly the readout bias
    expect(Array.from(model.logits(model.init()))).toEqual(Array.from(model.params.readoutBias));
  });

  it("rejects tokens outside the vocabulary and malformed bit strings with UserError", () => {
    const model = create("lstm", { width: 2, layers: 1, format: fmt("fixed:2.6"), vocabSize: 4, seed: 1 });
    expect(() => model.step(model.init(), 4, 0)).toThrow(UserError);
    expect(() => model.step(model.init(), -1, 0)).toThrow(UserError);
    expect(() => model.step(model.init(), 1.5, 0)).toThrow(UserError);
    expect(() => model.decode("0101")).toThrow(UserError);
    expect(() => model.decode("2".repeat(32))).toThrow(/32 bits/);
  });

  it("describe names the architecture, format and sizes", () => {
    const model = create("elman", { width: 3, layers: 2, format: fmt("fp16"), vocabSize: 4, seed: 9, nonlinearity: "relu" });
    const d = model.describe();
    expect(d.architecture).toBe("elman");
    expect(d.format).toBe("fp16");
    expect(d.params).toMatchObject({ width: 3, layers: 2, vocabSize: 4, inputSize: 3, nonlinearity: "relu", seed: 9 });
    expect(d.stateBitsFormula).toBe("layers·width·bits = 2·3·16 = 96");
  });
});
