import { describe, expect, it } from "vitest";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { memoryIO } from "../../src/cli/io.js";
import { REPRODUCTIONS, commandFor, finishedSteps, planText, runPlan, type Reproduction } from "../../src/reproduce/index.js";
import { cli } from "../cli/helpers.js";

const tiny: Reproduction = {
  id: "tiny",
  title: "a two-step plan",
  claim: "an M-bit model fails Index past M",
  notes: ["quick and paper differ in n"],
  steps: [
    { id: "census", what: "ideal 3-bit census", output: "report", quick: ["census", "index", "--model", "ideal", "--state-bits", "3", "--n", "1..6", "--json"], paper: ["census", "index", "--model", "ideal", "--state-bits", "3", "--n", "1..8", "--json"] },
    { id: "prove", what: "a certificate", output: "report", quick: ["prove", "index-lower", "--model", "ideal", "--state-bits", "3", "--n", "5", "--out", "{out}/certificates/c.json", "--json"], paper: ["prove", "index-lower", "--model", "ideal", "--state-bits", "3", "--n", "6", "--out", "{out}/certificates/c.json", "--json"] },
  ],
};

describe("the reproduction runner", () => {
  it("prints the plan first, writes every step's output and a report, then skips finished steps", async () => {
    const out = mkdtempSync(join(tmpdir(), "sb-repro-"));
    const io = memoryIO();
    const first = await runPlan(tiny, { quick: true, device: "cpu", out, io });
    expect(io.stderr.indexOf("plan:")).toBeLessThan(io.stderr.indexOf("[census] running"));
    expect(first.records.map((r) => r.status)).toEqual(["ran", "ran"]);
    expect(existsSync(join(out, "index.html"))).toBe(true);
    expect(existsSync(join(out, "certificates", "c.json"))).toBe(true);
    expect(readFileSync(join(out, "index.html"), "utf8")).toMatch(/verified/);
    expect(finishedSteps(out)).toEqual(["census", "prove"]);

    const again = await runPlan(tiny, { quick: true, device: "cpu", out, io: memoryIO() });
    expect(again.records.map((r) => r.status)).toEqual(["skipped (done)", "skipped (done)"]);

    // an interrupted step (no done record) runs again; a changed output is not trusted
    rmSync(join(out, "steps", "prove.done.json"));
    writeFileSync(join(out, "steps", "census.json"), "{}");
    const resumed = await runPlan(tiny, { quick: true, device: "cpu", out, io: memoryIO() });
    expect(resumed.records.map((r) => r.status)).toEqual(["ran", "ran"]);
    // paper scale is another command line: nothing is skipped
    const paper = await runPlan(tiny, { quick: false, device: "cpu", out, io: memoryIO() });
    expect(paper.records.map((r) => r.status)).toEqual(["ran", "ran"]);
  });

  it("resumes an interrupted training step from its run directory", () => {
    const out = mkdtempSync(join(tmpdir(), "sb-repro-"));
    const step = { id: "t", what: "train", output: "log" as const, trainDir: "{out}/runs/t", quick: ["train", "--task", "index", "--n", "4", "--arch", "lstm", "--width", "2", "--out", "{out}/runs/t", "--json"], paper: [] };
    expect(commandFor(step, { quick: true, device: "cpu", out }).status).toBe("ran");
    mkdirSync(join(out, "runs", "t"), { recursive: true });
    writeFileSync(join(out, "runs", "t", "spec.json"), "{}");
    expect(commandFor(step, { quick: true, device: "cpu", out })).toEqual({ argv: ["train", "--resume", join(out, "runs", "t"), "--json"], status: "resumed" });
  });

  it("every reproduction prints a plan with both scales' commands and says what is left out", () => {
    for (const r of REPRODUCTIONS.values()) {
      const quick = planText(r, { quick: true, device: "cpu", out: "/tmp/x" });
      const paper = planText(r, { quick: false, device: "cpu", out: "/tmp/x" });
      expect(quick).toMatch(/--quick/);
      expect(quick).not.toEqual(paper);
      for (const s of r.steps) expect(quick).toContain(s.id);
      expect(r.notes.join(" ")).toMatch(/Not here yet|not here/i);
    }
  });

  it("`reproduce --plan` prints the plan and runs nothing; an unknown id is a user error", async () => {
    const p = await cli("reproduce", "wen2025-retrieval", "--quick", "--plan", "--out", join(tmpdir(), "sb-never"));
    expect(p.code).toBe(0);
    expect(p.stdout).toMatch(/plan:/);
    expect(existsSync(join(tmpdir(), "sb-never"))).toBe(false);
    const bad = await cli("reproduce", "nope");
    expect(bad.code).toBe(2);
  });
});
