import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadModelWeights, loadWeights, saveWeights } from "../../../src/models/recurrentIndex.js";
import { UserError } from "../../../src/util/errors.js";
import { create, fmt, run, tokens } from "../_helpers/models.js";

const dir = mkdtempSync(join(tmpdir(), "streambound-weights-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("saveWeights / loadWeights", () => {
  it("saves and loads both kinds through the file system, kind from the extension", () => {
    const format = fmt("fixed:4.4");
    const model = create("lstm", { width: 3, layers: 2, vocabSize: 4, format, seed: 6 });
    for (const file of ["m.json", "m.safetensors"]) {
      const path = join(dir, file);
      expect(saveWeights(model, path, file.endsWith(".json") ? "json" : "safetensors")).toEqual({ changed: 0 });
      const back = loadModelWeights(path, { format, architecture: "lstm" });
      const toks = tokens(1, 4, 10);
      expect(run(back, toks).map((s) => back.encode(s))).toEqual(run(model, toks).map((s) => model.encode(s)));
    }
    const json = JSON.parse(readFileSync(join(dir, "m.json"), "utf8"));
    expect(json.architecture).toBe("lstm");
    expect(json.config).toEqual({ width: 3, layers: 2, vocabSize: 4, inputSize: 3, format: "fixed:4.4" });
    expect(Object.keys(json.tensors)).toEqual([
      "embedding.weight",
      "rnn.weight_ih_l0",
      "rnn.weight_hh_l0",
      "rnn.bias_ih_l0",
      "rnn.bias_hh_l0",
      "rnn.weight_ih_l1",
      "rnn.weight_hh_l1",
      "rnn.bias_ih_l1",
      "rnn.bias_hh_l1",
      "readout.weight",
      "readout.bias",
    ]);
    expect(json.tensors["rnn.weight_ih_l0"].shape).toEqual([12, 3]);
  });

  it("a narrower safetensors dtype reports the values it changed; fixed:2.6 fits F16 exactly", () => {
    const exact = create("gru", { width: 3, layers: 1, vocabSize: 4, format: fmt("fixed:2.6"), seed: 2 });
    expect(saveWeights(exact, join(dir, "g16.safetensors"), "safetensors", { dtype: "F16" }).changed).toBe(0);
    const back = loadWeights(join(dir, "g16.safetensors"), { format: fmt("fixed:2.6") });
    expect(back.summary.rounded).toBe(0);
    const wide = create("gru", { width: 3, layers: 1, vocabSize: 4, format: fmt("fp64"), seed: 2 });
    expect(saveWeights(wide, join(dir, "gb.safetensors"), "safetensors", { dtype: "BF16" }).changed).toBeGreaterThan(0);
  });

  it("unreadable paths and a dtype on JSON are UserErrors", () => {
    const format = fmt("fp32");
    expect(() => loadWeights(join(dir, "missing.json"), { format })).toThrow(UserError);
    const model = create("elman", { width: 1, layers: 1, vocabSize: 2, format, seed: 1 });
    expect(() => saveWeights(model, join(dir, "no", "such", "dir.json"), "json")).toThrow(UserError);
    expect(() => saveWeights(model, join(dir, "x.json"), "json", { dtype: "F16" })).toThrow(/applies to safetensors/);
  });
});
