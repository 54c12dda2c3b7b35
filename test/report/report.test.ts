import { describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { cli } from "../cli/helpers.js";
import { describeWith } from "../_helpers/components.js";
import { checkPage } from "./_helpers/chromium.js";

const dir = mkdtempSync(join(tmpdir(), "sb-report-"));

async function censusJson(name: string, ...args: string[]): Promise<string> {
  const r = await cli("census", ...args, "--json");
  expect(r.code, r.stderr).toBe(0);
  const p = join(dir, name);
  writeFileSync(p, r.stdout);
  return p;
}

async function buildReport(): Promise<{ out: string; summary: any }> {
  const inputs = [
    await censusJson("ideal.json", "index", "--model", "ideal", "--state-bits", "4", "--n", "1..9"),
    await censusJson("lstm.json", "index", "--model", "lstm", "--width", "2", "--n", "1..8"),
    await censusJson("lstm-sampled.json", "index", "--model", "lstm", "--width", "2", "--n", "24", "--search", "flip", "--samples", "50"),
  ];
  const cert = join(dir, "cert.json");
  expect((await cli("prove", "index-lower", "--model", "ideal", "--state-bits", "3", "--n", "6", "--out", cert)).code).toBe(0);
  const out = join(dir, "out");
  const r = await cli("report", ...inputs, cert, "--out", out, "--json");
  expect(r.code, r.stderr).toBe(0);
  return { out, summary: JSON.parse(r.stdout) };
}

describe("streambound report", () => {
  it("writes one SVG per plot, with units, legends and captions, and an offline index.html", async () => {
    const { out, summary } = await buildReport();
    expect(summary.plots.length).toBe(7);
    const html = readFileSync(join(out, "index.html"), "utf8");
    expect(html).not.toMatch(/(src|href)="https?:/);
    expect(html).not.toMatch(/<script/);
    expect(html).toMatch(/verified/);
    for (const p of summary.plots) {
      const svg = readFileSync(p.file, "utf8");
      expect(svg.startsWith("<svg")).toBe(true);
      expect(svg).not.toMatch(/https?:\/\/(?!www\.w3\.org)/);
      expect(html).toContain(`id="${p.id}"`);
    }
    const logD = readFileSync(summary.plots.find((p: any) => p.id.startsWith("distinct-states-ideal")).file, "utf8");
    expect(logD).toContain("n (input bits)");
    expect(logD).toContain("M (state bits)");
    expect(html).toMatch(/sampled search at n = 24/);
    expect(html).toMatch(/exact \(every x ∈ \{0,1\}\^n enumerated\)/);
  });

  it("rejects an input that is not a report input, writing nothing", async () => {
    const bad = join(dir, "bad.json");
    writeFileSync(bad, '{"hello": 1}');
    const out = join(dir, "never");
    const r = await cli("report", bad, "--out", out);
    expect(r.code).toBe(2);
    expect(existsSync(out)).toBe(false);
  });
});

describeWith("chromium", "the report in headless Chromium", () => {
  it("renders every image from file:// with no network request and no console error; saves a screenshot", async () => {
    const { out } = await buildReport();
    const shot = join(out, "screenshot.png");
    const page = await checkPage(pathToFileURL(join(out, "index.html")).href, shot);
    expect(page.images.length).toBe(readdirSync(out).filter((f) => f.endsWith(".svg")).length);
    for (const img of page.images) {
      expect(img.complete, img.alt).toBe(true);
      expect(img.naturalWidth, img.alt).toBeGreaterThan(100);
      expect(img.naturalHeight, img.alt).toBeGreaterThan(100);
    }
    expect(page.networkRequests).toEqual([]);
    expect(page.consoleErrors).toEqual([]);
    const png = readFileSync(shot);
    expect(png.subarray(1, 4).toString()).toBe("PNG");
    expect(png.length).toBeGreaterThan(10_000);
  });
});
