import { describe, expect, it } from "vitest";
import { weightsFromBytes, weightsToBytes, type WeightsKind } from "../../../src/models/recurrentIndex.js";
import { writeSafetensors } from "../../../src/models/weights/safetensors.js";
import { UserError } from "../../../src/util/errors.js";
import { ARCHS, create, fmt, run, tokens } from "../_helpers/models.js";
import { oneLineUserError as failure } from "../../_helpers/userError.js";

const KINDS: WeightsKind[] = ["json", "safetensors"];


describe("loading weights files", () => {
  it("JSON and safetensors round trips give identical states and logits", () => {
    for (const arch of ARCHS)
      for (const kind of KINDS)
        for (const name of ["fixed:2.6", "fp16", "fp64"]) {
          const format = fmt(name);
          const model = create(arch, { width: 3, layers: 2, inputSize: 4, vocabSize: 6, format, seed: 21 });
          const { bytes } = weightsToBytes(model, kind);
          const { model: back, summary } = weightsFromBytes(bytes, `m.${kind}`, { format, architecture: arch });
          expect(summary.rounded).toBe(0);
          expect(summary.savedFormat).toBe(name);
          expect(back.describe().params).toMatchObject({ width: 3, layers: 2, inputSize: 4, vocabSize: 6 });
          const toks = tokens(9, 6, 20);
          const a = run(model, toks);
          const b = run(back, toks);
          for (let t = 0; t < 20; t++) {
            expect(back.encode(b[t])).toBe(model.encode(a[t]));
            expect(Array.from(back.logits(b[t]))).toEqual(Array.from(model.logits(a[t])));
          }
        }
  });

  it("keeps elman's nonlinearity and -0 through both kinds", () => {
    const format = fmt("fp16");
    const model = create("elman", { width: 2, layers: 1, vocabSize: 3, format, seed: 1, nonlinearity: "relu" });
    model.params.readoutBias[0] = -0; // a signed zero must survive JSON too
    for (const kind of KINDS) {
      const back = weightsFromBytes(weightsToBytes(model, kind).bytes, `m.${kind}`, { format }).model;
      expect(back.params.config.nonlinearity).toBe("relu");
      expect(Object.is(back.params.readoutBias[0], -0)).toBe(true);
    }
  });

  it("rounds loaded values to the model's format and reports how many changed", () => {
    const wide = create("gru", { width: 4, layers: 1, vocabSize: 5, format: fmt("fp64"), seed: 3 });
    const narrow = fmt("fixed:2.6");
    for (const kind of KINDS) {
      const { model, summary } = weightsFromBytes(weightsToBytes(wide, kind).bytes, `w.${kind}`, { format: narrow });
      let changed = 0;
      let clamped = 0;
      let total = 0;
      for (const [name, t] of Object.entries(wide.tensors())) {
        const got = model.tensors()[name].data;
        t.data.forEach((x, k) => {
          total++;
          if (got[k] !== x) changed++;
          if (Math.abs(x) > narrow.maxFinite) clamped++;
          expect(narrow.isValue(got[k])).toBe(true);
          expect(Math.abs(got[k] - Math.max(-narrow.maxFinite, Math.min(narrow.maxFinite, x)))).toBeLessThanOrEqual(1 / 128);
        });
      }
      expect(changed).toBeGreaterThan(0);
      expect(summary).toMatchObject({ values: total, rounded: changed, clamped, savedFormat: "fp64" });
      expect(String(model.describe().params.weightsRounded)).toContain(`${changed} of ${total}`);
    }
  });

  const format = fmt("fixed:2.6");
  const lstm = create("lstm", { width: 2, layers: 1, vocabSize: 3, format, seed: 4 });

  /** A JSON file edited as an object. */
  const editedJson = (edit: (o: any) => void) => {
    const o = JSON.parse(new TextDecoder().decode(weightsToBytes(lstm, "json").bytes));
    edit(o);
    return new TextEncoder().encode(JSON.stringify(o));
  };
  /** A safetensors file rebuilt with edited tensors/metadata. */
  const editedSafetensors = (edit: (tensors: any, metadata: any) => void) => {
    const tensors: any = { ...lstm.tensors() };
    const metadata: any = { architecture: "lstm", config: JSON.stringify({ width: 2, layers: 1, vocabSize: 3, inputSize: 2 }) };
    edit(tensors, metadata);
    return writeSafetensors(tensors, metadata, "F32").bytes;
  };
  const load = (bytes: Uint8Array, kind: WeightsKind) => () =>
    weightsFromBytes(bytes, `bad.${kind}`, { format, architecture: "lstm" });

  it("wrong shape → UserError naming file, tensor and shapes", () => {
    const json = editedJson((o) => {
      o.tensors["rnn.weight_hh_l0"].shape = [2, 8];
    });
    expect(failure(load(json, "json"))).toBe("bad.json: tensor 'rnn.weight_hh_l0' has shape [2, 8], expected [8, 2]");
    const st = editedSafetensors((t) => {
      t["readout.bias"] = { shape: [4], data: new Float64Array(4) };
    });
    expect(failure(load(st, "safetensors"))).toBe("bad.safetensors: tensor 'readout.bias' has shape [4], expected [3]");
  });

  it("JSON data length not matching its shape → UserError", () => {
    const json = editedJson((o) => o.tensors["readout.bias"].data.pop());
    expect(failure(load(json, "json"))).toMatch(/^bad\.json: tensor 'readout\.bias' has shape \[3\] \(3 values\) but 2 data values$/);
  });

  it("missing tensor → UserError", () => {
    const json = editedJson((o) => delete o.tensors["rnn.bias_hh_l0"]);
    expect(failure(load(json, "json"))).toMatch(/^bad\.json: missing tensor 'rnn\.bias_hh_l0'/);
    const st = editedSafetensors((t) => delete t["embedding.weight"]);
    expect(failure(load(st, "safetensors"))).toMatch(/^bad\.safetensors: missing tensor 'embedding\.weight'/);
  });

  it("extra tensor → UserError", () => {
    const json = editedJson((o) => (o.tensors["rnn.weight_ih_l1"] = { shape: [1], data: [0] }));
    expect(failure(load(json, "json"))).toBe("bad.json: unexpected tensor 'rnn.weight_ih_l1' for lstm");
  });

  it("other architecture → UserError", () => {
    const gru = create("gru", { width: 2, layers: 1, vocabSize: 3, format, seed: 4 });
    for (const kind of KINDS) {
      expect(failure(load(weightsToBytes(gru, kind).bytes, kind))).toBe(`bad.${kind}: architecture is gru, expected lstm`);
    }
    expect(failure(load(editedJson((o) => (o.architecture = "s4d")), "json"))).toMatch(/unknown architecture 's4d'/);
  });

  it("truncated safetensors header or data → UserError", () => {
    const bytes = weightsToBytes(lstm, "safetensors").bytes;
    expect(failure(load(bytes.subarray(0, 40), "safetensors"))).toMatch(/^bad\.safetensors: truncated header/);
    expect(failure(load(bytes.subarray(0, bytes.length - 8), "safetensors"))).toMatch(/^bad\.safetensors: truncated data/);
    expect(failure(load(bytes.subarray(0, 4), "safetensors"))).toMatch(/truncated header/);
  });

  it("strict config and metadata: unknown keys, bad sizes, lstm with a nonlinearity", () => {
    expect(failure(load(editedJson((o) => (o.config.dropout = 0.1)), "json"))).toMatch(/^bad\.json: config: .*dropout/);
    expect(failure(load(editedJson((o) => (o.config.width = 0)), "json"))).toMatch(/^bad\.json: config: width/);
    expect(failure(load(editedJson((o) => (o.config.nonlinearity = "relu")), "json"))).toMatch(/nonlinearity is an elman option/);
    expect(failure(load(editedJson((o) => (o.extra = 1)), "json"))).toMatch(/^bad\.json: .*extra/);
    expect(failure(load(editedJson((o) => delete o.config), "json"))).toMatch(/^bad\.json: config/);
    const st = editedSafetensors((_t, m) => (m.format = "pt"));
    expect(failure(load(st, "safetensors"))).toBe("bad.safetensors: __metadata__ has unknown key 'format'");
    const noConfig = editedSafetensors((_t, m) => delete m.config);
    expect(failure(load(noConfig, "safetensors"))).toBe("bad.safetensors: __metadata__ lacks 'config'");
  });

  it("non-finite values and non-JSON text → UserError", () => {
    const st = editedSafetensors((t) => {
      t["readout.bias"] = { shape: [3], data: Float64Array.from([0, NaN, 0]) };
    });
    expect(failure(load(st, "safetensors"))).toBe("bad.safetensors: tensor 'readout.bias' holds NaN at index 1");
    expect(failure(load(new TextEncoder().encode("{nope"), "json"))).toMatch(/^bad\.json: not valid JSON/);
  });
});
