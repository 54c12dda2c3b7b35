/**
 * `transformer-ar`: associative recall at n pairs by a 2-layer, 1-head transformer with an
 * induction head (docs/constructions.md). Codes are ±1 vectors: a key id's code (L bits), a value
 * id's code (L bits), and position codes of t and t − 1 (P bits each), all from the embeddings,
 * so every position's residual has the same norm before layer 1.
 *
 * Layer 1 (previous-token head): q = λ₁·code(t − 1), k = code(t): each position attends to the one
 * before it and copies that token's key code into the `prev` slot (zero after a value token,
 * which has no key code). Layer 2 (match and copy): the last position (the query key q) asks
 * with λ₂·code(q) against keys prev − own key code/ρ₀ (a value position keeps the key before it;
 * key positions, whose own code enters negatively, and position 0, whose prev is its own code,
 * score low), and copies that position's value code into the `answer` slot. The readout scores
 * each value token by its code against `answer`. MLPs are zero.
 */
import { type RoleFormats, roleFormatsOption } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { Format } from "../../numeric/format.js";
import { architectureNamed } from "../architectures.js";
import { arKeyToken, arValueToken } from "../../tasks/ar.js";
import { userError } from "../../util/errors.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

export const TRANSFORMER_AR_DEFAULT_FORMAT = "fp32";

export function transformerArSizes(n: number) {
  const L = Math.max(1, Math.ceil(Math.log2(n)));
  const P = Math.max(1, Math.ceil(Math.log2(2 * n + 2)));
  const d = 2 * L + 2 * P + L + L;
  const rho0 = Math.sqrt((L + 2 * P) / d);
  // Layer 1: codes of t − 1 and t differ in ≥ 1 bit (lead 2λ₁/(ρ₀²√d)); layer 2: key codes (lead ≥ 2λ₂/…).
  const lead = Math.log(2 * n + 2) + 6;
  const lambda1 = 2 ** Math.ceil(Math.log2((lead * rho0 * rho0 * Math.sqrt(d)) / 2));
  const rho2 = Math.sqrt((L + 2 * P + L / (rho0 * rho0)) / d);
  const lambda2 = 2 ** Math.ceil(Math.log2((lead * rho2 * rho2 * rho0 * Math.sqrt(d)) / 2));
  return { L, P, d, rho0, lambda1, lambda2 };
}

export interface TransformerArOptions {
  readonly n: number;
  readonly format?: string | RoleFormats | Format;
  readonly roundWeights?: boolean;
}

export function transformerAr(opts: TransformerArOptions): ExactModel {
  const { n } = opts;
  if (!(Number.isInteger(n) && n >= 2)) userError(`transformer-ar needs n ≥ 2 pairs, got ${n}`);
  const V = 2 * n;
  const formats = roleFormatsOption(opts.format, TRANSFORMER_AR_DEFAULT_FORMAT);
  const { L, P, d, rho0, lambda1, lambda2 } = transformerArSizes(n);
  const maxLen = 2 * n + 1;
  const config = { width: d, layers: 2, vocabSize: V, heads: 1, norm: "rmsnorm", ffnSize: 1, positions: "learned", maxLen };
  const t = zeroTensors("transformer", config, architectureNamed as never);
  const KEY = 0, VAL = L, POS = 2 * L, PREVPOS = 2 * L + P, PREV = 2 * L + 2 * P, ANS = 3 * L + 2 * P;
  const code = (v: number, k: number) => ((v >>> k) & 1 ? 1 : -1);
  const emb = t["embedding.weight"];
  for (let j = 0; j < n; j++) for (let k = 0; k < L; k++) {
    emb.set(arKeyToken(n, j), KEY + k, code(j, k));
    emb.set(arValueToken(n, j), VAL + k, code(j, k));
  }
  const pos = t["positions.weight"];
  // Position t's own code, and the code of t − 1 (position 0 asks for the code of 2^P − 1, unused).
  for (let s = 0; s < maxLen; s++) for (let k = 0; k < P; k++) {
    pos.set(s, POS + k, code(s, k));
    pos.set(s, PREVPOS + k, code(s === 0 ? 2 ** P - 1 : s - 1, k));
  }
  for (const name of Object.keys(t)) if (/norm\.weight$/.test(name)) for (let k = 0; k < d; k++) t[name].set1(k, 1);
  const w = (layer: number, m: string) => t[`layers.${layer}.attn.${m}.weight`];
  for (let k = 0; k < P; k++) {
    w(0, "wq").set(k, PREVPOS + k, lambda1);
    w(0, "wk").set(k, POS + k, 1);
  }
  for (let k = 0; k < L; k++) {
    w(0, "wv").set(k, KEY + k, 1);
    w(0, "wo").set(PREV + k, k, 1);
    w(1, "wq").set(k, KEY + k, lambda2);
    w(1, "wk").set(k, PREV + k, 1).set(k, KEY + k, -1 / rho0);
    w(1, "wv").set(k, VAL + k, 1);
    w(1, "wo").set(ANS + k, k, 1);
  }
  for (let j = 0; j < n; j++) for (let k = 0; k < L; k++) t["readout.weight"].set(arValueToken(n, j), ANS + k, code(j, k));
  return weightsConstruction("transformer-ar", "transformer", config, t, formats, opts.roundWeights ?? true);
}
