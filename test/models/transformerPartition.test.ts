import { describe, expect, it } from "vitest";
import { modelFactory } from "../../src/models/registry.js";
import { OneLayerPartitionView } from "../../src/models/transformerPartition.js";
import { runModel } from "../../src/stream/interpreter.js";
import { Rng } from "../../src/util/rng.js";
import { gadgetGame, GADGET_MODEL_TARGET } from "../../src/comm/transformerPartitionGame.js";
import { UserError } from "../../src/util/errors.js";
import type { SequenceState } from "../../src/models/_internals/sequenceModel.js";

const transformer = (format: string, width: number, extra: Record<string, unknown> = {}, layers = 1) =>
  modelFactory({ model: "transformer", layers, width, format, seed: 3, ...(Object.keys(extra).length ? { config: extra } : {}) } as never, GADGET_MODEL_TARGET, 8)(8);

const seeded = (n: number, seed: number) => {
  const rng = new Rng(seed);
  return Array.from({ length: 20 }, () => gadgetGame(Uint8Array.from({ length: n }, () => rng.bit()), Uint8Array.from({ length: n }, () => rng.bit())));
};

describe("the partition-order evaluation of a one-layer transformer", () => {
  it("projects every position exactly as the model caches it (k, v rows equal bit for bit)", () => {
    for (const [format, width, extra] of [["fixed:2.2", 2, {}], ["fp8e4m3fn", 4, { heads: 2 }], ["fp16", 4, { positions: "learned", maxLen: 64 }]] as const) {
      const model = transformer(format, width, extra);
      const view = OneLayerPartitionView.of(model);
      for (const { tokens } of seeded(5, 11)) {
        const { state } = runModel(model, tokens, { checkBudget: false });
        const cache = (state as SequenceState).mem[0];
        expect(cache.length).toBe(2 * width * (tokens.length - 1));
        for (let s = 0; s < tokens.length - 1; s++) {
          const row = view.row(tokens[s], s);
          expect(Array.from(cache.subarray(s * 2 * width, (s + 1) * 2 * width)).map((v, k) => Object.is(v, row[k]))).not.toContain(false);
        }
      }
    }
  });

  it("in fp64 it agrees with the left-to-right evaluation to rounding error (only the softmax order differs)", () => {
    const model = transformer("fp64", 4, { heads: 2 });
    const view = OneLayerPartitionView.of(model);
    for (const { tokens, alice } of seeded(6, 5)) {
      const part = view.partitionOrderLogits(tokens, alice);
      const ltr = model.logits(runModel(model, tokens, { checkBudget: false }).state);
      for (let k = 0; k < part.length; k++) expect(Math.abs(part[k] - ltr[k])).toBeLessThan(1e-9 * (1 + Math.abs(ltr[k])));
    }
  });

  it("depends on the partition only through the combination: moving a position between parties changes at most rounding", () => {
    const model = transformer("fp64", 2);
    const view = OneLayerPartitionView.of(model);
    const { tokens, alice } = seeded(4, 9)[0];
    const other = alice.map((a, s) => (s === 0 ? !a : a));
    const a = view.partitionOrderLogits(tokens, alice);
    const b = view.partitionOrderLogits(tokens, other);
    for (let k = 0; k < a.length; k++) expect(Math.abs(a[k] - b[k])).toBeLessThan(1e-9 * (1 + Math.abs(a[k])));
  });

  it("refuses what is not a one-layer transformer, in one line", () => {
    expect(() => OneLayerPartitionView.of(transformer("fp16", 2, {}, 2))).toThrow(UserError);
    const lstm = modelFactory({ model: "lstm", width: 2 } as never, GADGET_MODEL_TARGET, 4)(4);
    expect(() => OneLayerPartitionView.of(lstm)).toThrow(/--model transformer --layers 1/);
    const view = OneLayerPartitionView.of(transformer("fp16", 2));
    const { tokens, alice } = seeded(2, 1)[0];
    expect(() => view.partitionOrderLogits(tokens, alice.map(() => true))).toThrow(UserError);
    expect(() => view.row(7, 0)).toThrow(/outside the vocabulary/);
  });
});
