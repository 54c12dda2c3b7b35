/**
 * `transformer-eq` and `transformer-disj`: EQ_N and DISJ_N on `x | y` (bitPair.ts) by a
 * 2-layer, 1-head transformer (theory.md §6, docs/constructions.md). Each y-position j
 * retrieves x_j by position codes (layer 1's attention) and its MLP computes the local bit
 * e_j (EQ: x_j ≠ y_j; DISJ: x_j = y_j = 1); layer 2's attention at the last position averages
 * e over all 2N + 1 positions (e is 0 off the y half) and the readout thresholds the count at ½,
 * i.e. the average at 1/(2(2N + 1)). Residual coordinates:
 *
 *   BIAS 1 everywhere · BIT ±1 for `1`/`0` · PAD 1 for `|` · XFLAG (s ≤ N) · YFLAG (s > N)
 *   POS: the code of s (P bits ±1) · TARGET: the code of s − N − 1 on the y half, of s elsewhere
 *   RX: layer 1 writes the retrieved bit · E: layer 1's MLP writes e · COUNT: layer 2 writes Σe
 *
 * Every position has squared norm 3 + 2P before layer 1, so RMSNorm scales all keys alike.
 */
import { type RoleFormats, roleFormatsOption } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { Format } from "../../numeric/format.js";
import { architectureNamed } from "../architectures.js";
import { BIT0, BIT1, BIT_PAIR_SEPARATOR } from "../../tasks/bitPair.js";
import { userError } from "../../util/errors.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

export const TRANSFORMER_STRING_PAIR_DEFAULT_FORMAT = "fp32";

export type StringPairTask = "equality" | "disjointness";

/** The MLP's gate β: silu(β) ≈ β for a set bit, silu(−β) ≈ −βe^−β ≈ 0 otherwise. */
export const STRING_PAIR_GATE = 16;

export function transformerStringPairSizes(n: number) {
  const P = Math.max(1, Math.ceil(Math.log2(2 * n + 1)));
  const d = 2 * P + 8;
  const rho0 = Math.sqrt((3 + 2 * P) / d);
  // Layer 1: the target's code leads every other by ≥ 1 bit: a gap 2λ₁/(ρ₀²√d) ≥ ln(2N + 1) + 8.
  const lambda1 = 2 ** Math.ceil(Math.log2(((Math.log(2 * n + 1) + 8) * rho0 * rho0 * Math.sqrt(d)) / 2));
  const rho1 = Math.sqrt((4 + 2 * P) / d); // a y position after layer 1 (RX = ±1)
  const rho2 = Math.sqrt((5 + 2 * P) / d); // a y position with e = 1 after layer 1's MLP
  return { P, d, rho0, rho1, rho2, lambda1 };
}

/** The largest magnitude among weights and values: the layer-1 dot product or the count's scale. */
export function transformerStringPairRange(n: number): number {
  const { P, rho0, rho2, lambda1 } = transformerStringPairSizes(n);
  return Math.max((lambda1 * P) / (rho0 * rho0), (2 * n + 1) * rho2, 4 * STRING_PAIR_GATE);
}

export interface TransformerStringPairOptions {
  readonly n: number;
  readonly format?: string | RoleFormats | Format;
  readonly roundWeights?: boolean;
}

function build(task: StringPairTask, opts: TransformerStringPairOptions): ExactModel {
  const name = task === "equality" ? "transformer-eq" : "transformer-disj";
  const { n } = opts;
  if (!(Number.isInteger(n) && n >= 1)) userError(`${name} needs n ≥ 1, got ${n}`);
  const formats = roleFormatsOption(opts.format, TRANSFORMER_STRING_PAIR_DEFAULT_FORMAT);
  const { P, d, rho0, rho1, rho2, lambda1 } = transformerStringPairSizes(n);
  const maxLen = 2 * n + 1;
  const ffn = task === "equality" ? 2 : 1;
  const config = { width: d, layers: 2, vocabSize: 3, heads: 1, norm: "rmsnorm", ffnSize: ffn, positions: "learned", maxLen };
  const t = zeroTensors("transformer", config, architectureNamed as never);
  const BIAS = 0, BIT = 1, PAD = 2, XFLAG = 3, YFLAG = 4, POS = 5, TARGET = 5 + P, RX = 5 + 2 * P, E = 6 + 2 * P, COUNT = 7 + 2 * P;
  const code = (v: number, k: number) => ((v >>> k) & 1 ? 1 : -1);
  const emb = t["embedding.weight"];
  emb.set(BIT0, BIT, -1).set(BIT1, BIT, 1).set(BIT_PAIR_SEPARATOR, PAD, 1);
  const pos = t["positions.weight"];
  for (let s = 0; s < maxLen; s++) {
    pos.set(s, BIAS, 1).set(s, s > n ? YFLAG : XFLAG, 1);
    for (let k = 0; k < P; k++) pos.set(s, POS + k, code(s, k)).set(s, TARGET + k, code(s > n ? s - n - 1 : s, k));
  }
  for (const key of Object.keys(t)) if (/norm\.weight$/.test(key)) for (let k = 0; k < d; k++) t[key].set1(k, 1);
  const w = (layer: number, m: string) => t[`layers.${layer}.attn.${m}.weight`];
  // Layer 1: y-position N + 1 + j asks for the code of j and copies x̂_j (×ρ₀, so RX ≈ ±1).
  for (let k = 0; k < P; k++) {
    w(0, "wq").set(k, TARGET + k, lambda1);
    w(0, "wk").set(k, POS + k, 1);
  }
  w(0, "wv").set(0, BIT, 1);
  w(0, "wo").set(RX, 0, rho0);
  // Layer 1's MLP: unit h has gate β·ρ₁·(c·features), up ρ₁·BIAS ≈ 1, down 1/β into E.
  const gate = t["layers.0.mlp.w_gate.weight"];
  const up = t["layers.0.mlp.w_up.weight"];
  const down = t["layers.0.mlp.w_down.weight"];
  const unit = (h: number, cRx: number, cBit: number) => {
    // At a y position the sum is β·(cRx·x̂ + cBit·ŷ − 1): β for the one set pattern, ≤ −β else;
    // off the y half (YFLAG 0) it is ≤ −β as well.
    gate.set(h, RX, STRING_PAIR_GATE * rho1 * cRx).set(h, BIT, STRING_PAIR_GATE * rho1 * cBit);
    gate.set(h, YFLAG, 2 * STRING_PAIR_GATE * rho1).set(h, BIAS, -3 * STRING_PAIR_GATE * rho1);
    up.set(h, BIAS, rho1);
    down.set(E, h, 1 / STRING_PAIR_GATE);
  };
  if (task === "equality") {
    unit(0, 1, -1); // x_j = 1, y_j = 0
    unit(1, -1, 1); // x_j = 0, y_j = 1
  } else unit(0, 1, 1); // x_j = y_j = 1
  // Layer 2: q = 0, so the softmax is exactly uniform over the 2N + 1 positions; v = E/ρ₂, and
  // wo = (2N + 1)·ρ₂ makes COUNT ≈ the number m of set local bits.
  w(1, "wv").set(0, E, 1);
  w(1, "wo").set(COUNT, 0, (2 * n + 1) * rho2);
  // Readout: logit(1) ∝ 1 − 2·COUNT > 0 iff m = 0; logit(0) = 0.
  t["readout.weight"].set(BIT1, BIAS, 1).set(BIT1, COUNT, -2);
  return weightsConstruction(name, "transformer", config, t, formats, opts.roundWeights ?? true);
}

export const transformerEq = (opts: TransformerStringPairOptions): ExactModel => build("equality", opts);
export const transformerDisj = (opts: TransformerStringPairOptions): ExactModel => build("disjointness", opts);
