import { describe, expect, it } from "vitest";
import { parseSizes } from "../../src/cli/range.js";
import { UserError } from "../../src/util/errors.js";

describe("parseSizes (--n)", () => {
  it("single sizes, integer ranges, geometric ranges and comma lists, sorted and distinct", () => {
    expect(parseSizes("8")).toEqual([8]);
    expect(parseSizes("1..5")).toEqual([1, 2, 3, 4, 5]);
    expect(parseSizes("8..1024x2")).toEqual([8, 16, 32, 64, 128, 256, 512, 1024]);
    expect(parseSizes("8..1000x2")).toEqual([8, 16, 32, 64, 128, 256, 512]);
    expect(parseSizes("1..100x3")).toEqual([1, 3, 9, 27, 81]);
    expect(parseSizes("100,4,8..64x4,8")).toEqual([4, 8, 32, 100]);
  });

  it.each([
    ["8..1024x1", /the factor after x must be a whole number ≥ 2/],
    ["8..1024x", /the factor after x must be a whole number ≥ 2/],
    ["8..1024x2x2", /takes sizes like 8, 1\.\.20, 8\.\.1024x2 or 4,8,16/],
    ["8..1024y2", /takes sizes like/],
    ["0..8x2", /at least 1/],
    ["64..8x2", /runs backwards/],
    ["1..4096", /at most 1024/],
  ])("%s is a one-line user error", (text, message) => {
    let caught: unknown;
    try {
      parseSizes(text, "--n", 1024);
    } catch (e) {
      caught = e;
    }
    expect(caught).toBeInstanceOf(UserError);
    expect((caught as Error).message).toMatch(message);
    expect((caught as Error).message).not.toContain("\n");
  });
});
