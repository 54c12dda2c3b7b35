import { describe, expect, it } from "vitest";
import { parseRecurrentSpec } from "../../src/models/recurrentIndex.js";
import { UserError } from "../../src/util/errors.js";
import { create, fmt } from "./_helpers/models.js";

describe("recurrent specs and options", () => {
  it("accepts a complete spec", () => {
    const spec = { architecture: "lstm", width: 4, layers: 1, vocabSize: 10, format: "fixed:2.6", seed: 1 };
    expect(parseRecurrentSpec(spec)).toEqual(spec);
  });

  it("refuses unknown keys, bad sizes, a misplaced nonlinearity and absurd sizes with one line", () => {
    const base = { architecture: "gru", width: 4, layers: 1, vocabSize: 10, format: "fp16", seed: 1 };
    const cases: [object, RegExp][] = [
      [{ ...base, dropout: 0.1 }, /^my spec: .*dropout/],
      [{ ...base, width: 0 }, /^my spec: width/],
      [{ ...base, layers: 1.5 }, /^my spec: layers/],
      [{ ...base, architecture: "mamba" }, /^my spec: architecture/],
      [{ ...base, nonlinearity: "relu" }, /nonlinearity is an elman option/],
      [{ ...base, width: 100000, vocabSize: 100000 }, /parameters is more than the limit/],
    ];
    for (const [spec, message] of cases) {
      expect(() => parseRecurrentSpec(spec, "my spec")).toThrow(UserError);
      expect(() => parseRecurrentSpec(spec, "my spec")).toThrow(message);
    }
  });

  it("model options are checked too", () => {
    const format = fmt("fp16");
    expect(() => create("lstm", { width: 2, layers: 0, vocabSize: 3, format, seed: 1 })).toThrow(/lstm options: layers/);
    expect(() => create("gru", { width: 2, layers: 1, vocabSize: 3, format, seed: 1, nonlinearity: "relu" })).toThrow(UserError);
    expect(() => create("elman", { width: 2, layers: 1, vocabSize: 3, format, seed: 0.5 })).toThrow(/seed/);
    expect(() => create("elman", { width: 2, layers: 1, vocabSize: 3, format, seed: 1, widht: 3 } as never)).toThrow(/unknown option 'widht'/);
  });
});

describe("recurrentFromSpec", () => {
  it("builds the same model as the architecture's factory", async () => {
    const { recurrentFromSpec } = await import("../../src/models/recurrentIndex.js");
    const spec = parseRecurrentSpec({ architecture: "elman", width: 3, layers: 2, vocabSize: 5, format: "fixed:2.6", seed: 7, nonlinearity: "relu" });
    const a = recurrentFromSpec(spec, fmt("fixed:2.6"));
    const b = create("elman", { width: 3, layers: 2, vocabSize: 5, format: fmt("fixed:2.6"), seed: 7, nonlinearity: "relu" });
    expect(a.describe()).toEqual(b.describe());
    expect(a.tensors()).toEqual(b.tensors());
  });
});
