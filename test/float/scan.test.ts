import { execFileSync } from "node:child_process";
import { fileURLToPath } from "node:url";
import { expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { pythonExecutable } from "../../src/float/pythonRuntime.js";

/**
 * The chunked parallel scans of the recurrent twins against their sequential references
 * (src/float/python/scan.py), on random weights, at lengths around the chunk sizes (16, 64):
 * float64 elementwise within 1e-10, float32 within 1e-5 relative in norm, for the logits and
 * for the gradients of every parameter.
 */
interface Case {
  arch: string;
  length: number;
  f64MaxAbs: number;
  f64GradMaxAbs: number;
  f32Rel: number;
  f32GradRel: number;
}
interface Report {
  cases: Case[];
  steepMaxAbs: number;
  largestAllocation: { steps: number; parallel: number; sequential: number };
  fullStateNumel: number;
}

describeWith("torch", "chunked scans vs sequential scans", () => {
  let report: Report;
  const load = (): Report => {
    report ??= JSON.parse(
      execFileSync(pythonExecutable(), [fileURLToPath(new URL("./_python/scan_agreement.py", import.meta.url))], {
        encoding: "utf8",
        timeout: 170_000,
        env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" },
      }),
    ) as Report;
    return report;
  };

  it("every recurrent twin (and a mamba-based hybrid) agrees at float64 and float32, logits and gradients", () => {
    const { cases } = load();
    expect(new Set(cases.map((c) => c.arch))).toEqual(
      new Set(["mamba", "diagonal-rnn", "linear-attention", "retnet", "hybrid", "mamba-parallel-chunks"]),
    );
    for (const c of cases) {
      const where = `${c.arch} at length ${c.length}`;
      expect(c.f64MaxAbs, where).toBeLessThanOrEqual(1e-10);
      expect(c.f64GradMaxAbs, where).toBeLessThanOrEqual(1e-10);
      expect(c.f32Rel, where).toBeLessThanOrEqual(1e-5);
      expect(c.f32GradRel, where).toBeLessThanOrEqual(1e-5);
    }
  }, 180_000);

  it("a Mamba chunk whose decay is too steep for the exp form runs step by step and still agrees", () => {
    expect(load().steepMaxAbs).toBeLessThanOrEqual(1e-10);
  }, 180_000);

  it("the chunked Mamba scan (both in-chunk forms) never allocates a [B, L, E, N] tensor, forward or backward", () => {
    const r = load();
    for (const form of ["steps", "parallel"] as const) {
      expect(r.largestAllocation[form], form).toBeGreaterThan(0);
      expect(r.largestAllocation[form], form).toBeLessThan(r.fullStateNumel / 2);
    }
  }, 180_000);
});
