import { describe, expect, it } from "vitest";
import { gridPoints, parseGrid } from "../../src/float/sweepGrid.js";
import { UserError } from "../../src/util/errors.js";

const grid = { tasks: ["index"], n: [4, 6], archs: ["lstm", "gru"], widths: [2], lrs: [0.01], seeds: [1, 2, 3], steps: 10 };

describe("sweep grids", () => {
  it("multiply out every list, in a fixed order, with unique ids", () => {
    const points = gridPoints(parseGrid(grid, "g.json"));
    expect(points).toHaveLength(2 * 2 * 3);
    expect(new Set(points.map((p) => p.id)).size).toBe(12);
    expect(points[0].options).toMatchObject({ task: "index", n: 4, arch: "lstm", width: 2, lr: 0.01, seed: 1, steps: 10 });
    expect(points[11].options).toMatchObject({ n: 6, arch: "gru", seed: 3 });
  });

  it("an unknown key is a UserError naming it", () => {
    expect(() => parseGrid({ ...grid, learningRates: [1] }, "g.json")).toThrow(UserError);
    expect(() => parseGrid({ ...grid, learningRates: [1] }, "g.json")).toThrow(/unknown key 'learningRates'/);
  });

  it("wrong types and empty lists are UserErrors", () => {
    expect(() => parseGrid({ ...grid, n: [] }, "g.json")).toThrow(UserError);
    expect(() => parseGrid({ ...grid, widths: ["4"] }, "g.json")).toThrow(UserError);
    expect(() => gridPoints(parseGrid({ ...grid, seeds: [1, 1] }, "g.json"))).toThrow(/twice/);
  });
});
