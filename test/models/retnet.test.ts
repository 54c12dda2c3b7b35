import { describe, expect, it } from "vitest";
import { inverseSqrtOfCount } from "../../src/models/_internals/inverseSqrt.js";
import { parseFormat } from "../../src/numeric/index.js";
import { censusChecks, commonMixerChecks, matchesReference, seeded, type MixerCase, type MixerModel } from "./_helpers/mixerChecks.js";

const CASES: MixerCase[] = [
  { width: 2, layers: 1, vocabSize: 5 },
  { width: 4, layers: 2, vocabSize: 6, heads: 2, norm: "layernorm", ffnSize: 3 },
  { width: 6, layers: 1, vocabSize: 7, heads: 3 },
];

describe("retnet", () => {
  matchesReference("retnet", CASES);
  censusChecks("retnet", 1 * 8 * 8, [["--d-state", "4"], ["--expand", "2"], ["--positions", "rope"], ["--max-len", "9"]]);
  commonMixerChecks("retnet", CASES, (c) => {
    const H = Number(c.heads ?? 1);
    return H * (c.width / H) ** 2;
  });

  it("γ_h = round(1 − 2^(−5−h)) with h from 0; group-norm eps minPositive where 1e−5 rounds to 0", () => {
    const p = seeded("retnet", { width: 8, layers: 1, vocabSize: 3, heads: 4 }, "fixed:2.6").describe().params;
    // 1 − 1/32 = 62/64, 1 − 1/64 = 63/64, 1 − 1/128 and 1 − 1/256 round to 1 (the first is a tie, to even)
    expect(p.gamma).toEqual([62 / 64, 63 / 64, 1, 1]);
    expect(p.groupNormEpsInFormat).toBe(2 ** -6);
    expect(p.scale).toBe(45 / 64); // d_h = 2: 1/√2 = 0.7071… = 45.25/64
  });

  it("1/√d_h is correctly rounded even where d_h is not a value of the format", () => {
    // exact check against the midpoints, independent of the implementation's search
    for (const name of ["fixed:2.6", "fixed:1.3", "fixed:4.12", "fp16", "bf16", "fp8e4m3fn", "fp8e5m2", "fp32"]) {
      const f = parseFormat(name);
      for (let n = 1; n <= 64; n++) {
        const c = inverseSqrtOfCount(f, n);
        const v = 1 / Math.sqrt(n);
        // every other value of the format is no nearer to 1/√n (checked in double: far from ties)
        const code = f.encode(c) as number;
        for (const dir of [-1, 1]) {
          const other = f.decode(code + dir);
          if (Number.isFinite(other) && other >= 0) expect(Math.abs(other - v)).toBeGreaterThanOrEqual(Math.abs(c - v));
        }
      }
    }
    expect(inverseSqrtOfCount(parseFormat("fixed:2.6"), 4)).toBe(0.5);
    expect(inverseSqrtOfCount(parseFormat("fixed:2.6"), 2)).toBe(45 / 64);
  });
});
