import { expect, it } from "vitest";
import { createModel } from "../../../src/models/createModel.js";
import type { ExactModel } from "../../../src/models/_internals/descriptor.js";
import type { MixerName } from "../../../src/models/_internals/mixerArchitecture.js";
import { parseRoleFormats } from "../../../src/models/_internals/roleFormats.js";
import type { SequenceState } from "../../../src/models/_internals/sequenceModel.js";
import { parseFormat } from "../../../src/numeric/index.js";
import { checkRoundTrip } from "../../../src/stream/interpreter.js";
import { indexReduction } from "../../../src/comm/reductions/indexReduction.js";
import { Rng } from "../../../src/util/rng.js";

/** A mixer model's config as given (defaults are the architecture's). */
export type MixerCase = { width: number; layers: number; vocabSize: number } & Record<string, unknown>;

export type MixerModel = ExactModel<SequenceState>;

export function seeded(name: MixerName, c: MixerCase, format: string, seed = 1): MixerModel {
  return createModel(name, c, parseRoleFormats(format), seed) as MixerModel;
}

function randomTokens(rng: Rng, vocab: number, n: number): number[] {
  return Array.from({ length: n }, () => rng.int(0, vocab - 1));
}

function run(m: MixerModel, toks: readonly number[]): SequenceState {
  let s = m.init();
  toks.forEach((tok, t) => (s = m.step(s, tok, t)));
  return s;
}

/**
 * The checks every mixer gets: M = the documented formula = encode(state).length at fixed:2.6,
 * fp16 and bf16 after several t; decode(encode(s)) continues exactly like s; states decoded from
 * arbitrary bits step and give logits without throwing; per-role formats; eps; bad input.
 * `scalars(c)` is the documented recurrent scalars per layer.
 */
export function commonMixerChecks(name: MixerName, cases: readonly MixerCase[], scalars: (c: MixerCase) => number): void {
  it("stateBits = layers·scalars·bits + ⌈log₂(V+1)⌉ = encode(state).length (fixed:2.6, fp16, bf16, t = 0…9)", () => {
    for (const c of cases) {
      for (const [format, bits] of [["fixed:2.6", 8], ["fp16", 16], ["bf16", 16]] as const) {
        const m = seeded(name, c, format);
        const expected = c.layers * scalars(c) * bits + Math.ceil(Math.log2(c.vocabSize + 1));
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
          expect(checkRoundTrip(m, s, t, randomTokens(rng, c.vocabSize, 4))).toEqual({ ok: true, firstDifference: null });
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
        const tokenBits = Math.ceil(Math.log2(c.vocabSize + 1));
        const n = m.stateBits(0) - tokenBits;
        for (let trial = 0; trial < 20; trial++) {
          const memory = Array.from({ length: n }, () => (rng.bit() ? "1" : "0")).join("");
          let s = m.decode(memory + rng.int(0, c.vocabSize).toString(2).padStart(tokenBits, "0"));
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
    expect(() => m.decode("01")).toThrow(/not an encoded state/);
    const tokenBits = Math.ceil(Math.log2(c.vocabSize + 1));
    if (2 ** tokenBits - 1 > c.vocabSize) {
      expect(() => m.decode("0".repeat(m.stateBits(0) - tokenBits) + "1".repeat(tokenBits))).toThrow(/last-token field/);
    }
    expect(() => m.step(m.init(), c.vocabSize, 0)).toThrow(/outside the vocabulary/);
  });

  it("per-role formats: weights in bf16, compute in fp32, memory in bf16; M counted at the state format", () => {
    const bf16 = parseFormat("bf16");
    for (const c of cases) {
      const m = seeded(name, c, "weights=bf16,compute=fp32,state=bf16", 4);
      for (const t of Object.values(m.tensors())) expect(t.data.every((v) => bf16.isValue(v))).toBe(true);
      const s = run(m, randomTokens(new Rng(8), c.vocabSize, 6));
      expect(s.mem.every((seg) => seg.every((v) => bf16.isValue(v)))).toBe(true);
      expect(m.encode(s).length).toBe(c.layers * scalars(c) * 16 + Math.ceil(Math.log2(c.vocabSize + 1)));
      expect(m.describe().format).toBe("weights=bf16,compute=fp32,state=bf16");
      expect(checkRoundTrip(m, s, 6, [0, 1, 0])).toEqual({ ok: true, firstDifference: null });
    }
  });

  it("is deterministic: same seed, same bytes", () => {
    const c = cases[0];
    const toks = randomTokens(new Rng(2), c.vocabSize, 8);
    const a = seeded(name, c, "fp16", 9);
    const b = seeded(name, c, "fp16", 9);
    expect(a.encode(run(a, toks))).toBe(b.encode(run(b, toks)));
    expect(Array.from(a.logits(run(a, toks)))).toEqual(Array.from(b.logits(run(b, toks))));
  });

  it("norm eps 1e−5 becomes the format's minPositive where it rounds to 0 (reported by describe)", () => {
    const c = cases[0];
    expect(String(seeded(name, c, "fixed:2.6").describe().params.normEpsilon)).toMatch(/^0\.015625 \(normEps 0\.00001 rounds to 0 in fixed:2\.6/);
    expect(seeded(name, c, "fp16").describe().params.normEpsilon).toBe(parseFormat("fp16").round(1e-5));
    expect(seeded(name, c, "fp64").describe().params.normEpsilon).toBe(1e-5);
  });

  it("unknown options and bad values are one-line user errors", () => {
    const c = cases[0];
    expect(() => seeded(name, { ...c, bogus: 1 }, "fp16")).toThrow(/bogus/);
    expect(() => seeded(name, { ...c, norm: "batchnorm" }, "fp16")).toThrow(/norm/);
    expect(() => seeded(name, { ...c, positions: "rope" }, "fp16")).toThrow(/positions/);
  });
}

/** Logits equal the plain reference (mixerReference.ts) bit for bit, at several formats. */
export function matchesReference(name: MixerName, cases: readonly MixerCase[]): void {
  it("logits equal an independent plain implementation of the documented order, bit for bit", async () => {
    const { referenceLogits } = await import("./mixerReference.js");
    for (const c of cases) {
      for (const format of ["fixed:2.6", "fixed:4.12", "fp16", "bf16"]) {
        const m = seeded(name, c, format, 21);
        const cfg = { heads: 1, ffnSize: 0, dState: 0, dConv: 0, expand: 0, dtRank: 0, readoutBias: true, norm: "rmsnorm", ...m.config } as Parameters<typeof referenceLogits>[1];
        const rng = new Rng(31);
        for (let trial = 0; trial < 4; trial++) {
          const toks = randomTokens(rng, c.vocabSize, 1 + trial * 2);
          const ours = Array.from(m.logits(run(m, toks)));
          expect(ours.map(String)).toEqual(referenceLogits(name, cfg, m.tensors(), parseFormat(format), toks).map(String));
        }
      }
    }
  });
}

/**
 * `census index --model NAME --width 8 --format fp16 --n 1..8 --json`: D(n) ≤ 2^n, accuracy ≤
 * Bayes-optimal accuracy, stateBits = the documented formula at the defaults (`scalarsAt8`:
 * recurrent scalars of one layer at width 8); architecture flags that do not apply are errors.
 */
export function censusChecks(name: MixerName, scalarsAt8: number, notApplicable: readonly string[][]): void {
  it("census index --width 8 --format fp16 --n 1..8: D(n) ≤ 2^n, accuracy ≤ Bayes, stateBits = formula", async () => {
    const { cliJson } = await import("../../cli/helpers.js");
    const doc = await cliJson("census", "index", "--model", name, "--width", "8", "--format", "fp16", "--n", "1..8");
    expect(doc.rows).toHaveLength(8);
    for (const row of doc.rows) {
      expect(row.exhaustive).toBe(true);
      expect(BigInt(row.distinctStates) <= 2n ** BigInt(row.n)).toBe(true);
      expect(row.accuracy).toBeLessThanOrEqual(row.bayesOptimalAccuracy);
    }
    // one model serves every n: its vocabulary is index's at n = 8 (bits 0/1 and 8 queries, V = n + 2)
    const V = indexReduction.vocabSize(8);
    expect(V).toBe(10);
    expect(doc.stateBits).toBe(scalarsAt8 * 16 + Math.ceil(Math.log2(V + 1)));
    expect(doc.stateBitsFormula).toContain(`= ${doc.stateBits}`);
  });

  it("architecture flags that do not apply are one-line errors, exit 2", async () => {
    const { cli } = await import("../../cli/helpers.js");
    for (const flags of notApplicable) {
      const r = await cli("census", "index", "--model", name, "--width", "8", "--n", "2", ...flags);
      expect(r.code, r.stderr).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stderr).toContain(`${flags[0]} does not apply to --model ${name}`);
      expect(r.stdout).toBe("");
    }
  });
}
