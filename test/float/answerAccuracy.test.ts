import { describe, expect, it } from "vitest";
import { getReduction } from "../../src/comm/reductions/registry.js";
import { fullInput } from "../../src/comm/reduction.js";
import { modelFactory } from "../../src/models/registry.js";
import { runCensus } from "../../src/census/census.js";
import { exactScores } from "../../src/float/evalRun.js";
import { taskAnswerTokens } from "../../src/float/answerTokens.js";
import type { DatasetArrays } from "../../src/float/datasetFile.js";
import type { StreamingModel } from "../../src/stream/model.js";

/** Every (x, i) of INDEX_n as a dataset: the inputs the exhaustive census enumerates. */
function allIndexInputs(n: number): DatasetArrays {
  const r = getReduction("index");
  const seqs: number[][] = [];
  for (let x = 0; x < 2 ** n; x++) {
    const bits = Array.from({ length: n }, (_, j) => (x >> j) & 1);
    for (let q = 0; q < n; q++) seqs.push([...fullInput(r, n, bits, q), r.expected(n, Uint8Array.from(bits), q)]);
  }
  const length = seqs[0].length;
  const tokens = new Int32Array(seqs.length * length);
  const mask = new Uint8Array(seqs.length * length);
  seqs.forEach((s, k) => {
    tokens.set(s, k * length);
    mask[k * length + length - 1] = 1;
  });
  return { tokens, mask, labels: Int32Array.from(seqs, (s) => s[length - 1]), lengths: new Int32Array(seqs.length).fill(length), count: seqs.length, length };
}

describe("answer accuracy and exact match are two named scores", () => {
  for (const [width, seed] of [[4, 1], [3, 2], [2, 7]]) {
    it(`census accuracy equals eval --in exact's answer accuracy on the same inputs (seeded LSTM width ${width}, seed ${seed})`, () => {
      const n = 6;
      const reduction = getReduction("index");
      const factory = modelFactory({ model: "lstm", width, format: "fixed:2.6", seed }, reduction, n);
      const [row] = runCensus({ reduction, modelFor: factory }, [n]);
      const scores = exactScores(factory(n) as StreamingModel<unknown>, allIndexInputs(n), taskAnswerTokens("index", n));
      expect(scores.answerAccuracy).toBe(row.accuracy);
      // exact match takes the argmax over the whole vocabulary: never above answer accuracy here
      expect(scores.exactMatch).toBeLessThanOrEqual(scores.answerAccuracy!);
    });
  }

  it("the two differ for a seeded LSTM whose largest logit is not an answer token", () => {
    const n = 6;
    const reduction = getReduction("index");
    let differs = 0;
    for (let seed = 1; seed <= 8; seed++) {
      const factory = modelFactory({ model: "lstm", width: 4, format: "fixed:2.6", seed }, reduction, n);
      const s = exactScores(factory(n) as StreamingModel<unknown>, allIndexInputs(n), taskAnswerTokens("index", n));
      if (s.exactMatch !== s.answerAccuracy) differs++;
    }
    expect(differs).toBeGreaterThan(0);
  });
});

describe("free-running evaluation (greedy generation, the retriever in the loop)", () => {
  /**
   * A test double that has memorised the supervised tokens, as a model trained with the loss
   * mask would: after a reference prefix it predicts the next supervised token, and nothing for
   * the retriever's answers (not supervised), which only the retriever can supply.
   */
  function memorising(a: DatasetArrays, vocabSize: number): StreamingModel<number[]> {
    const next = new Map<string, number>();
    for (let s = 0; s < a.count; s++) {
      const seq = Array.from(a.tokens.subarray(s * a.length, s * a.length + a.lengths[s]));
      for (let k = 1; k < seq.length; k++) if (a.mask[s * a.length + k]) next.set(seq.slice(0, k).join(","), seq[k]);
    }
    return {
      name: "memorising",
      vocabSize,
      format: null,
      init: () => [],
      step: (s, tok) => [...s, tok],
      logits: (s) => {
        const l = new Array(vocabSize).fill(0);
        const t = next.get(s.join(","));
        if (t !== undefined) l[t] = 1;
        return l;
      },
      encode: () => "",
      decode: () => [],
      stateBits: () => Infinity,
      describe: () => ({ architecture: "memorising", format: null, stateBitsFormula: "∞", params: {} }),
    };
  }

  it("a model that knows every reference continuation scores 1 free-running only with the retriever answering", async () => {
    const { buildSplit } = await import("../../src/float/dataset.js");
    const { freeRunningScores } = await import("../../src/float/evalRun.js");
    const { endsWithQuery, retrieve } = await import("../../src/tasks/retriever.js");
    const n = 6;
    const { data, vocabSize } = await buildSplit({ task: "istree", n, mode: "retrieval", dataSeed: 1, sizes: { train: 1, valid: 1, test: 20 } }, "test");
    const model = memorising(data.arrays, vocabSize);
    const answers = taskAnswerTokens("istree", n)!;
    const teacher = exactScores(model, data.arrays, answers);
    expect(teacher).toEqual({ exactMatch: 1, answerAccuracy: 1 });
    const retriever = (ctx: readonly number[]) => (endsWithQuery(ctx, n) ? retrieve(ctx, n) : null);
    expect(freeRunningScores(model, data.arrays, answers, retriever)).toEqual({ exactMatch: 1, answerAccuracy: 1 });
    // without the retriever nobody answers the queries, and the generation leaves the reference
    const alone = freeRunningScores(model, data.arrays, answers);
    expect(alone.exactMatch).toBe(0);
  });
});
