import { expect, it } from "vitest";
import type { MixerName } from "../../../src/models/_internals/mixerArchitecture.js";
import { createMixer, type MixerOptions } from "../../../src/models/_internals/mixerBuild.js";
import type { MixerModel } from "../../../src/models/_internals/mixerModel.js";
import { parseFormat } from "../../../src/numeric/index.js";
import { parseRoleFormats } from "../../../src/models/_internals/roleFormats.js";
import { checkRoundTrip } from "../../../src/stream/interpreter.js";
import { Rng } from "../../../src/util/rng.js";

export type MixerCase = Omit<MixerOptions, "format" | "seed">;

export function seeded(name: MixerName, c: MixerCase, format: string, seed = 1): MixerModel {
  return createMixer(name, { ...c, format: parseFormat(format), seed });
}

function randomTokens(rng: Rng, vocab: number, n: number): number[] {
  return Array.from({ length: n }, () => rng.int(0, vocab - 1));
}

/**
 * The checks every mixer gets: M = the documented formula = encode(state).length at fixed:2.6,
 * fp16 and bf16 after several t; decode(encode(s)) continues exactly like s; states decoded from
 * arbitrary bits step and give logits without throwing.
 * `formula(c)` is the documented recurrent scalars per layer.
 */
export function commonMixerChecks(name: MixerName, cases: readonly MixerCase[], formula: (c: MixerCase) => number): void {
  it("stateBits = layers·scalars·bits + ⌈log₂(V+1)⌉ = encode(state).length (fixed:2.6, fp16, bf16, several t)", () => {
    for (const c of cases) {
      for (const [format, bits] of [["fixed:2.6", 8], ["fp16", 16], ["bf16", 16]] as const) {
        const m = seeded(name, c, format);
        const expected = c.layers * formula(c) * bits + Math.ceil(Math.log2(c.vocabSize + 1));
        const rng = new Rng(7);
        let s = m.init();
        for (let t = 0; t <= 9; t++) {
          expect(m.encode(s).length).toBe(expected);
          expect(m.stateBits(t)).toBe(expected);
          s = m.step(s, rng.int(0, c.vocabSize - 1), t);
        }
        expect(m.describe().stateBitsFormula).toContain(`= ${expected}`);
      }
    }
  });

  it("decode(encode(s)) continues exactly like s", () => {
    for (const c of cases) {
      for (const format of ["fixed:2.6", "fp16", "bf16", "fp64"]) {
        const m = seeded(name, c, format, 3);
        const rng = new Rng(11);
        let s = m.init();
        for (let t = 0; t < 6; t++) {
          const report = checkRoundTrip(m, s, t, randomTokens(rng, c.vocabSize, 4));
          expect(report).toEqual({ ok: true, firstDifference: null });
          s = m.step(s, rng.int(0, c.vocabSize - 1), t);
        }
      }
    }
  });

  it("states decoded from arbitrary bits step and give logits without throwing", () => {
    for (const c of cases) {
      for (const format of ["fixed:2.6", "fixed:4.4", "fp16", "bf16", "fp8e4m3fn", "fp8e5m2"]) {
        const m = seeded(name, c, format, 5);
        const rng = new Rng(13);
        const n = m.stateBits(0);
        const tokenBits = Math.ceil(Math.log2(c.vocabSize + 1));
        for (let trial = 0; trial < 20; trial++) {
          let bits = Array.from({ length: n - tokenBits }, () => (rng.bit() ? "1" : "0")).join("");
          bits += rng.int(0, c.vocabSize).toString(2).padStart(tokenBits, "0");
          let s = m.decode(bits);
          m.logits(s);
          for (let t = 0; t < 3; t++) {
            s = m.step(s, rng.int(0, c.vocabSize - 1), t);
            m.logits(s);
          }
        }
      }
    }
  });

  it("a bad state string and a token outside the vocabulary are one-line user errors", () => {
    const c = cases[0];
    const m = seeded(name, c, "fixed:2.6");
    expect(() => m.decode("01")).toThrow(/a state is \d+ bits/);
    const n = m.stateBits(0);
    const tokenBits = Math.ceil(Math.log2(c.vocabSize + 1));
    if (2 ** tokenBits - 1 > c.vocabSize) {
      expect(() => m.decode("0".repeat(n - tokenBits) + "1".repeat(tokenBits))).toThrow(/last-token field/);
    }
    expect(() => m.step(m.init(), c.vocabSize, 0)).toThrow(/outside the vocabulary/);
  });

  it("per-role formats: weights in bf16, compute in fp32, memory in bf16; M counted at the state format", () => {
    for (const c of cases) {
      const formats = parseRoleFormats("weights=bf16,compute=fp32,state=bf16");
      const m = createMixer(name, { ...c, format: formats, seed: 4 });
      const bf16 = parseFormat("bf16");
      for (const t of Object.values(m.tensors())) expect(t.data.every((v) => bf16.isValue(v))).toBe(true);
      const rng = new Rng(8);
      let s = m.init();
      for (let t = 0; t < 6; t++) s = m.step(s, rng.int(0, c.vocabSize - 1), t);
      expect(s.memory.every((v) => bf16.isValue(v))).toBe(true);
      expect(m.encode(s).length).toBe(c.layers * formula(c) * 16 + Math.ceil(Math.log2(c.vocabSize + 1)));
      expect(m.describe().params.formats).toBe("weights=bf16,compute=fp32,state=bf16");
      expect(checkRoundTrip(m, s, 6, [0, 1, 0])).toEqual({ ok: true, firstDifference: null });
    }
  });

  it("is deterministic: same seed, same bytes", () => {
    const c = cases[0];
    const a = seeded(name, c, "fp16", 9);
    const b = seeded(name, c, "fp16", 9);
    const toks = randomTokens(new Rng(2), c.vocabSize, 8);
    let sa = a.init();
    let sb = b.init();
    toks.forEach((tok, t) => {
      sa = a.step(sa, tok, t);
      sb = b.step(sb, tok, t);
    });
    expect(a.encode(sa)).toBe(b.encode(sb));
    expect(Array.from(a.logits(sa))).toEqual(Array.from(b.logits(sb)));
  });

  it("norm eps 1e−5 becomes the format's minPositive where it rounds to 0 (reported by describe)", () => {
    const c = cases[0];
    expect(seeded(name, c, "fixed:2.6").describe().params.normEpsInFormat).toBe(2 ** -6);
    expect(seeded(name, c, "fp16").describe().params.normEpsInFormat).toBe(parseFormat("fp16").round(1e-5));
    expect(seeded(name, c, "fp64").describe().params.normEpsInFormat).toBe(1e-5);
  });

  it("options that do not apply, and unknown ones, are user errors", () => {
    const c = cases[0];
    expect(() => seeded(name, { ...c, bogus: 1 } as MixerCase, "fp16")).toThrow(/bogus/);
    expect(() => seeded(name, { ...c, norm: "batchnorm" } as unknown as MixerCase, "fp16")).toThrow(/norm/);
  });
}

/** Logits equal the plain reference (mixerReference.ts) bit for bit, at several formats. */
export function matchesReference(name: MixerName, cases: readonly MixerCase[]): void {
  it("logits equal an independent plain implementation of the documented order, bit for bit", async () => {
    const { referenceLogits } = await import("./mixerReference.js");
    for (const c of cases) {
      for (const format of ["fixed:2.6", "fixed:4.12", "fp16", "bf16"]) {
        const m = seeded(name, c, format, 21);
        const rng = new Rng(31);
        for (let trial = 0; trial < 4; trial++) {
          const toks = randomTokens(rng, c.vocabSize, 1 + trial * 2);
          let s = m.init();
          toks.forEach((tok, t) => (s = m.step(s, tok, t)));
          const ours = Array.from(m.logits(s));
          const ref = referenceLogits(name, m.config, m.tensors(), parseFormat(format), toks);
          expect(ours.map(String)).toEqual(ref.map(String));
        }
      }
    }
  });
}
