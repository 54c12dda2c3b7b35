import { expect } from "vitest";
import { fixedRef, refFlat, refInit, refLogits, refModel, refStep, toNum } from "./exactFixedReference.js";
import { create, fmt, tokens, type Arch } from "./models.js";

/**
 * Runs a seeded model over fixed:I.F and the exact reference side by side; every state and
 * logit must agree exactly.
 */
export function expectMatchesReference(arch: Arch, I: number, F: number, seed: number, relu = false): void {
  const layers = 2;
  const model = create(arch, {
    width: 3,
    layers,
    inputSize: 2,
    vocabSize: 5,
    format: fmt(`fixed:${I}.${F}`),
    seed,
    ...(relu ? { nonlinearity: "relu" as const } : {}),
  });
  const R = fixedRef(I, F);
  const m = refModel(R, arch, model.tensors(), layers, relu);
  let s = model.init();
  let r = refInit(m);
  for (const [t, tok] of tokens(seed, 5, 30).entries()) {
    s = model.step(s, tok, t);
    r = refStep(R, m, r, tok);
    expect(Array.from(s), `state after step ${t}`).toEqual(refFlat(R, m, r));
    expect(Array.from(model.logits(s)), `logits after step ${t}`).toEqual(refLogits(R, m, r).map((k) => toNum(R, k)));
  }
}
