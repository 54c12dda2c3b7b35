/**
 * `transformer-count`: Counting at size n (src/tasks/counting.ts; layout x_0 … x_{n−1} q #t) by
 * a 2-layer, 1-head transformer with learned positions (docs/constructions.md). Residual slots:
 *
 *   SYM (L)     the symbol's code c_j ∈ {±1}^L for `s_j`; the filler `_` has the code of n (no query)
 *   ISSYM       1 on symbols and the filler (layer 2's value)
 *   THR, THR2   g(t) and √(L − g(t)²) on `#t` (the threshold, and a partner that keeps the norm)
 *   SINK        1 on `#t`
 *   POS (P)     the code of position s;  TARGET (P): the code of s, or of n at s = n + 1
 *   QCODE (L)   layer 1 writes the fetched symbol code;  ANS: layer 2 writes the q-selective mass
 *
 * Every position has squared norm L + 1 + 2P before layer 1 and 2L + 1 + 2P before layer 2, so
 * each RMSNorm scales all keys alike. Layer 1: q = λ₁·TARGET, k = POS: a symbol position fetches
 * its own code, the last position (`#t`) fetches q's from position n. Layer 2 at the last
 * position: q = (λ₂·QCODE, μ), k = (SYM, SINK), v = ISSYM: the c + 1 positions holding q (its c
 * occurrences and q itself) score λ₂L/(ρ₂²√d), every other symbol or filler ≥ 2λ₂/(ρ₂²√d) less,
 * and the sink (the last position itself, value 0) scores μ/(ρ₂²√d), ln S above a match. So the
 * attended mass is A(c) ≈ (c + 1)/(c + 1 + S); the readout is ANS − THR with g(t) midway between
 * A(t) and A(t + 1): `1` iff c > t. MLPs are zero.
 */
import { type RoleFormats, roleFormatsOption } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { Format } from "../../numeric/format.js";
import { architectureNamed } from "../architectures.js";
import {
  COUNTING_FILLER,
  COUNTING_YES,
  countingSymbolToken,
  countingThresholdToken,
  countingVocabulary,
} from "../../tasks/counting.js";
import { DEFAULT_NORM_EPS, normEpsilon } from "../_internals/norm.js";
import { userError } from "../../util/errors.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

export const TRANSFORMER_COUNT_DEFAULT_FORMAT = "fp32";

/** Code lengths, width, the RMSNorm scales, the score scales and the sink's planned weight. */
export function transformerCountSizes(n: number) {
  const L = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const P = Math.max(1, Math.ceil(Math.log2(n + 2)));
  const d = 2 * L + 2 * P + 5;
  const rho0 = Math.sqrt((L + 1 + 2 * P) / d);
  const rho2 = Math.sqrt((2 * L + 1 + 2 * P) / d);
  // Layer 1's lead must leave the fetched codes equal to ~1e−9, so that every symbol position
  // has one norm before layer 2 (the c + 1 match weights must agree far below 1/(8n)).
  const lambda1 = 2 ** Math.ceil(Math.log2(((Math.log(n + 2) + 20) * rho0 * rho0 * Math.sqrt(d)) / 2));
  // Layer 2's lead over non-matching positions: their total weight ≤ (n + 2)e^−(ln(n+2)+8) of one match.
  const unit = rho2 * rho2 * Math.sqrt(d);
  const lambda2 = 2 ** Math.ceil(Math.log2(((Math.log(n + 2) + 8) * unit) / 2));
  // The sink weighs S ≈ n + 2 matches: it maximises the smallest gap between A(c) and A(c + 1).
  const mu = lambda2 * L + Math.log(n + 2) * unit;
  return { L, P, d, rho0, rho2, lambda1, lambda2, mu, unit };
}

/** The largest magnitude among weights and values: the raw layer-1 or layer-2 dot product, or μ. */
export function transformerCountRange(n: number): number {
  const { P, rho0, rho2, lambda1, mu } = transformerCountSizes(n);
  return Math.max((lambda1 * P) / (rho0 * rho0), mu / (rho2 * rho2));
}

/** The planned attended mass with c occurrences of q (c + 1 matches with q's own position) and a sink of weight S. */
export const countMass = (c: number, S: number): number => (c + 1) / (c + 1 + S);

export interface TransformerCountOptions {
  readonly n: number;
  readonly format?: string | RoleFormats | Format;
  readonly roundWeights?: boolean;
}

export function transformerCount(opts: TransformerCountOptions): ExactModel {
  const { n } = opts;
  if (!(Number.isInteger(n) && n >= 1)) userError(`transformer-count needs n ≥ 1, got ${n}`);
  const formats = roleFormatsOption(opts.format, TRANSFORMER_COUNT_DEFAULT_FORMAT);
  const { L, P, d, rho0, rho2, lambda1, lambda2, mu } = transformerCountSizes(n);
  const V = countingVocabulary(n).length;
  const maxLen = n + 2;
  const config = { width: d, layers: 2, vocabSize: V, heads: 1, norm: "rmsnorm", ffnSize: 1, positions: "learned", maxLen };
  const t = zeroTensors("transformer", config, architectureNamed as never);
  const SYM = 0, ISSYM = L, THR = L + 1, THR2 = L + 2, SINK = L + 3, POS = L + 4, TARGET = L + 4 + P, QCODE = L + 4 + 2 * P, ANS = 2 * L + 4 + 2 * P;
  const code = (v: number, k: number) => ((v >>> k) & 1 ? 1 : -1);
  const round = (x: number) => formats.weights.round(x);
  // RMSNorm divides by √(ρ² + ε), not ρ: the match score is ~λ₂L/unit ≈ 110 at n = 1024, so
  // even ε's 7·10⁻⁶ relative shift in QCODE would move ln S by ~10⁻³, a whole count at n = 1024.
  const eps = normEpsilon(formats.compute, DEFAULT_NORM_EPS).value;
  const sqrtD = formats.compute.round(Math.sqrt(d));
  const unitExact = (rho2 * rho2 + eps) * sqrtD;
  // The sink's weight as the rounded μ makes it; the thresholds sit midway between A(t) and A(t + 1).
  const S = Math.exp((round(mu) - lambda2 * L) / unitExact);
  const emb = t["embedding.weight"];
  for (let j = 0; j <= n; j++) {
    const token = j < n ? countingSymbolToken(n, j) : COUNTING_FILLER;
    for (let k = 0; k < L; k++) emb.set(token, SYM + k, code(j, k));
    emb.set(token, ISSYM, 1);
  }
  for (let th = 0; th <= n; th++) {
    const token = countingThresholdToken(n, th);
    const g = round((countMass(th, S) + countMass(th + 1, S)) / 2);
    emb.set(token, THR, g).set(token, THR2, Math.sqrt(L - g * g)).set(token, SINK, 1);
  }
  const pos = t["positions.weight"];
  for (let s = 0; s < maxLen; s++) {
    for (let k = 0; k < P; k++) pos.set(s, POS + k, code(s, k)).set(s, TARGET + k, code(s === n + 1 ? n : s, k));
  }
  for (const name of Object.keys(t)) if (/norm\.weight$/.test(name)) for (let k = 0; k < d; k++) t[name].set1(k, 1);
  const w = (layer: number, m: string) => t[`layers.${layer}.attn.${m}.weight`];
  for (let k = 0; k < P; k++) {
    w(0, "wq").set(k, TARGET + k, lambda1);
    w(0, "wk").set(k, POS + k, 1);
  }
  for (let k = 0; k < L; k++) {
    w(0, "wv").set(k, SYM + k, 1);
    // ×ρ₀ undoes the RMSNorm scale, so QCODE ≈ the fetched code, ±1.
    w(0, "wo").set(QCODE + k, k, Math.sqrt(rho0 * rho0 + eps));
    w(1, "wq").set(k, QCODE + k, lambda2);
    w(1, "wk").set(k, SYM + k, 1);
  }
  w(1, "wq").set(L, SINK, mu);
  w(1, "wk").set(L, SINK, 1);
  w(1, "wv").set(0, ISSYM, 1);
  w(1, "wo").set(ANS, 0, Math.sqrt(rho2 * rho2 + eps));
  // logit(`1`) = ANS − THR (both scaled alike by the final RMSNorm); logit(`0`) = 0.
  t["readout.weight"].set(COUNTING_YES, ANS, 1).set(COUNTING_YES, THR, -1);
  return weightsConstruction("transformer-count", "transformer", config, t, formats, opts.roundWeights ?? true);
}
