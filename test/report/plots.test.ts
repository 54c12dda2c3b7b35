import { describe, expect, it } from "vitest";
import { reportPlots, renderSvg, type ReportInputs } from "../../src/report/index.js";

const results = {
  sweep: "/tmp/s",
  format: "fixed:2.6",
  unfinished: 0,
  rows: [20, 50].flatMap((n) =>
    [8, 32].map((width) => ({
      task: "indexlookup", n, arch: "lstm", width, layers: 1, runs: 1, meanAccuracy: 0.5 + width / 100, stdAccuracy: 0, minAccuracy: 0.5, maxAccuracy: 0.8,
      stateBits: 16 * width, stateBitsFormula: "", universalBound: n > 16 * width ? 0.9 : 1, exactCeiling: n <= 16 ? 0.7 : null, ceilingNote: "", devices: ["cpu"],
    })),
  ),
};

describe("report plots", () => {
  it("heat maps over length × width and float accuracy beside the exact ceiling, with units and what is sampled", async () => {
    const inputs: ReportInputs = { census: [], results: [results as never], certificates: [], stateBits: [{ kind: "streambound.stateBits", series: [{ label: "transformer-index", n: 4, stateBits: 100 }, { label: "transformer-index", n: 8, stateBits: 210 }] }] };
    const plots = reportPlots(inputs);
    expect(plots.map((p) => p.id.split("-")[0])).toEqual(["state", "heatmap", "float"]);
    const heat = plots.find((p) => p.id.startsWith("heatmap"))!;
    expect(heat.caption).toMatch(/sampled/);
    expect(heat.caption).toMatch(/Not exact/);
    const svg = await renderSvg(heat.spec);
    expect(svg).toContain("width (hidden units)");
    expect(svg).toContain("n (sequence length, tokens)");
    expect(svg).toContain("test accuracy");
    const fl = plots.find((p) => p.id.startsWith("float"))!;
    expect(fl.caption).toMatch(/the ceilings are exact/);
    const sb = await renderSvg(plots[0].spec);
    expect(sb).toContain("state bits M (bits)");
    expect(sb).toContain("transformer-index");
  });
});
