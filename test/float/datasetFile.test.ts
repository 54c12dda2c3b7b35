import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { encodeDataset, readDatasetFile, writeDatasetFile, type DatasetArrays } from "../../src/float/datasetFile.js";
import { UserError } from "../../src/util/errors.js";

const dir = mkdtempSync(join(tmpdir(), "sb-dsfile-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const arrays: DatasetArrays = {
  tokens: Int32Array.from([5, 6, 7, 0, 1, 2, 3, 4]),
  mask: Uint8Array.from([0, 0, 1, 0, 0, 0, 0, 1]),
  labels: Int32Array.from([7, 4]),
  lengths: Int32Array.from([3, 4]),
  count: 2,
  length: 4,
};

describe("dataset file (safetensors layout)", () => {
  it("starts with an 8-byte little-endian header length, then a JSON header, then the arrays", () => {
    const bytes = encodeDataset(arrays, { task: "t" });
    const n = Number(bytes.readBigUInt64LE(0));
    expect(n % 8).toBe(0);
    const header = JSON.parse(bytes.subarray(8, 8 + n).toString("utf8"));
    expect(header.tokens).toEqual({ dtype: "I32", shape: [2, 4], data_offsets: [0, 32] });
    expect(header.mask).toEqual({ dtype: "U8", shape: [2, 4], data_offsets: [32, 40] });
    expect(header.labels.data_offsets).toEqual([40, 48]);
    expect(header.lengths.data_offsets).toEqual([48, 56]);
    expect(header.__metadata__.format).toBe("streambound-dataset");
    expect(bytes.length).toBe(8 + n + 56);
    // token 6 sits at byte 4 of the data, little-endian
    expect(bytes.readInt32LE(8 + n + 4)).toBe(6);
  });

  it("round-trips arrays and info", () => {
    const path = join(dir, "a.sbd");
    writeDatasetFile(path, arrays, { task: "index", n: 3 });
    const back = readDatasetFile(path);
    expect(Array.from(back.arrays.tokens)).toEqual(Array.from(arrays.tokens));
    expect(Array.from(back.arrays.mask)).toEqual(Array.from(arrays.mask));
    expect(Array.from(back.arrays.labels)).toEqual([7, 4]);
    expect(Array.from(back.arrays.lengths)).toEqual([3, 4]);
    expect(back.info).toEqual({ task: "index", n: 3 });
  });

  it("a truncated or foreign file is a UserError", () => {
    const path = join(dir, "bad.sbd");
    writeDatasetFile(path, arrays, {});
    const full = readFileSync(path);
    const cut = join(dir, "cut.sbd");
    writeFileSync(cut, full.subarray(0, 20));
    expect(() => readDatasetFile(cut)).toThrow(UserError);
    const foreign = join(dir, "foreign.sbd");
    writeFileSync(foreign, Buffer.from("hello world, not a dataset"));
    expect(() => readDatasetFile(foreign)).toThrow(UserError);
  });
});
