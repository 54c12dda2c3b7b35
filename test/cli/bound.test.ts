import { describe, expect, it } from "vitest";
import { cli, cliJson } from "./helpers.js";

describe("streambound bound", () => {
  it("reports error ≥ 0.110 at n = 64, M = 32, and 64 bits for zero error", async () => {
    const b = await cliJson("bound", "index", "--n", "64", "--state-bits", "32");
    expect(b.errorLowerBound.toFixed(3)).toBe("0.110");
    expect(b.accuracyUpperBound).toBeCloseTo(1 - b.errorLowerBound, 15);
    expect(b.deterministicMinBits).toBe(64);
    expect(Object.keys(b).sort()).toEqual(["accuracyUpperBound", "deterministicMinBits", "errorLowerBound", "n", "stateBits"]);
  });
  it("gives error 0 once M ≥ n", async () => {
    expect((await cliJson("bound", "index", "--n", "8", "--state-bits", "8")).errorLowerBound).toBe(0);
  });
  it("rejects a negative M with one line and exit code 2", async () => {
    const r = await cli("bound", "index", "--n", "8", "--state-bits", "-1");
    expect(r.code).toBe(2);
    expect(r.stderr.trim().split("\n")).toHaveLength(1);
  });
});
