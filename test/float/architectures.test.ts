import { describe, expect, it } from "vitest";
import { recurrentConfigSchema } from "../../src/models/spec.js";
import { stateBits, twinConfig } from "../../src/float/architectures.js";
import { UserError } from "../../src/util/errors.js";

const base = { width: 8, layers: 2, vocabSize: 10, maxLen: 12 };

describe("twin configs", () => {
  it("RNN configs are exactly what the TypeScript weights loader accepts", () => {
    for (const arch of ["elman", "lstm", "gru"]) {
      const { config } = twinConfig({ ...base, arch });
      expect(recurrentConfigSchema.safeParse(config).success).toBe(true);
    }
  });

  it("transformer defaults: rope, rmsnorm, width/8 heads, 4·width SwiGLU", () => {
    const { config } = twinConfig({ ...base, arch: "transformer", width: 32 });
    expect(config).toMatchObject({ positions: "rope", norm: "rmsnorm", heads: 4, ffnSize: 128, maxLen: 12 });
  });

  it("options that do not apply, or do not fit, are UserErrors", () => {
    expect(() => twinConfig({ ...base, arch: "lstm", heads: 2 })).toThrow(UserError);
    expect(() => twinConfig({ ...base, arch: "transformer", heads: 3 })).toThrow(/divisible/);
    expect(() => twinConfig({ ...base, arch: "hybrid", base: "transformer" })).toThrow(/--base/);
    expect(() => twinConfig({ ...base, arch: "nope" })).toThrow(/unknown architecture/);
  });

  it("state bits follow theory.md's formulas", () => {
    const lstm = twinConfig({ ...base, arch: "lstm" });
    expect(stateBits(lstm.architecture, lstm.config, 8, 5).bits).toBe(2 * 2 * 8 * 8);
    const gru = twinConfig({ ...base, arch: "gru" });
    expect(stateBits(gru.architecture, gru.config, 8, 5).bits).toBe(2 * 8 * 8);
    const tf = twinConfig({ ...base, arch: "transformer" });
    expect(stateBits(tf.architecture, tf.config, 8, 5).bits).toBe(2 * 2 * 8 * 5 * 8);
    const mamba = twinConfig({ ...base, arch: "mamba" });
    expect(stateBits(mamba.architecture, mamba.config, 8, 5).bits).toBe(2 * 16 * (16 + 3) * 8);
  });
});
