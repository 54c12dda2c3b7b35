import { describe, expect, it } from "vitest";
import { buildDatasets, PAD_ID, sequenceKey, splitSeed, type DatasetRequest } from "../../src/float/dataset.js";
import { getTask } from "../../src/tasks/registry.js";
import { solveIndex } from "../../src/tasks/indexTask.js";
import { UserError } from "../../src/util/errors.js";

const req: DatasetRequest = { task: "index", n: 4, mode: "direct", dataSeed: 3, sizes: { train: 300, valid: 60, test: 50 } };

describe("datasets generated in TypeScript", () => {
  it("are deterministic: same request, same hash", async () => {
    const a = await buildDatasets(req);
    const b = await buildDatasets(req);
    expect(a.hash).toBe(b.hash);
    expect(a.hash).toMatch(/^[0-9a-f]{64}$/);
  });

  it("draw each split from its own derived seed, so enlarging train leaves valid and test alone", async () => {
    const a = await buildDatasets(req);
    const b = await buildDatasets({ ...req, sizes: { ...req.sizes, train: 500 } });
    expect(new Set([splitSeed(req, "train"), splitSeed(req, "valid"), splitSeed(req, "test")]).size).toBe(3);
    expect(b.splits.valid.hash).toBe(a.splits.valid.hash);
    expect(b.splits.test.hash).toBe(a.splits.test.hash);
    expect(b.splits.train.hash).not.toBe(a.splits.train.hash);
    const c = await buildDatasets({ ...req, dataSeed: 4 });
    expect(c.splits.test.hash).not.toBe(a.splits.test.hash);
  });

  it("hold the task's instances: answers solve the input, only the answer supervised", async () => {
    const d = await buildDatasets(req);
    const t = d.splits.valid.arrays;
    expect(t.length).toBe(req.n + 2);
    expect(d.vocabSize).toBe(req.n + 2);
    for (let k = 0; k < t.count; k++) {
      const seq = Array.from(t.tokens.subarray(k * t.length, (k + 1) * t.length));
      expect(seq[req.n + 1]).toBe(solveIndex(req.n, seq.slice(0, req.n + 1)));
      expect(t.labels[k]).toBe(seq[req.n + 1]);
      expect(Array.from(t.mask.subarray(k * t.length, (k + 1) * t.length))).toEqual([0, 0, 0, 0, 0, 1]);
    }
  });

  it("draw train disjoint from valid and test, and report the overlap exactly (n = 4 has only 64 distinct sequences)", async () => {
    const d = await buildDatasets(req);
    const train = new Set<string>();
    for (let k = 0; k < d.splits.train.arrays.count; k++) train.add(sequenceKey(d.splits.train.arrays, k));
    let brute = 0;
    const test = d.splits.test.arrays;
    for (let k = 0; k < test.count; k++) if (train.has(sequenceKey(test, k))) brute++;
    expect(d.overlap.testInTrain).toBe(brute);
    expect(brute).toBe(0);
    expect(d.overlap.validInTrain).toBe(0);
    // with replacement, 300 train draws from 64 sequences would have hit the held-out ones
    expect(test.count).toBe(50);
  });

  it("refuse a train split that cannot avoid valid and test (index n = 2: 8 distinct sequences)", async () => {
    const small = { ...req, n: 2 };
    await expect(buildDatasets(small)).rejects.toThrow(/has too few distinct sequences for a train split disjoint from valid and test/);
    await expect(buildDatasets(small)).rejects.toBeInstanceOf(UserError);
  });

  it("every task's generator feeds the data path; variable lengths are padded and never supervised", async () => {
    for (const name of ["index", "ar", "cgram", "counting", "istree", "indexlookup", "equality", "disjointness", "dyck"]) {
      const task = getTask(name);
      for (const mode of task.modes) {
        const d = await buildDatasets({ task: name, n: 6, mode, dataSeed: 1, sizes: { train: 20, valid: 5, test: 5 } });
        const a = d.splits.train.arrays;
        for (let k = 0; k < a.count; k++) {
          expect(a.lengths[k]).toBeLessThanOrEqual(a.length);
          for (let j = a.lengths[k]; j < a.length; j++) {
            expect(a.tokens[k * a.length + j]).toBe(PAD_ID);
            expect(a.mask[k * a.length + j]).toBe(0);
          }
          expect(a.labels[k]).toBeLessThan(d.vocabSize);
        }
      }
    }
  });

  it("bad sizes and unknown tasks are UserErrors", async () => {
    await expect(buildDatasets({ ...req, sizes: { ...req.sizes, test: 0 } })).rejects.toThrow(UserError);
    await expect(buildDatasets({ ...req, task: "no-such-task" })).rejects.toThrow(UserError);
    await expect(buildDatasets({ ...req, mode: "cot" })).rejects.toThrow(UserError);
  });
});
