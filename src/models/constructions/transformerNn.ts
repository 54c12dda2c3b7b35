/**
 * `transformer-nn`: nearest neighbour (tasks/nn.ts, the INDEX→NN reduction) by a 2-layer,
 * 1-head transformer of width 2d + P + 7 (docs/constructions.md). Layout: n blocks `s_1 … s_d y_j`,
 * then the query `s_1 … s_d`; the answer is read at the query's last sign.
 *
 * Layer 1 gathers each key into one position. Block codes (P = ⌈log₂(n + 1)⌉ bits ±1) keep every
 * position's attention inside its own block; a term μ·s_t weights sign position t by u = e^{μ s_t};
 * the value of the offset-k sign is e_{G_k}, the value of a label is e_SELF. At the label of block
 * j the output is (Σ_k u_k e_{G_k} + R·e_SELF)/Z_j: every coordinate shares the normaliser
 * Z_j, and e^{μ s} = cosh μ + s·sinh μ, so G_k − (cosh μ / R)·SELF = sinh μ·s_k / Z_j exactly.
 * The query's last sign gathers its own block the same way, plus the label of block n − 1 as a
 * sink of weight 1 (the SELF term there). wo writes both with a large gain γ, so the embedding
 * part of the residual is negligible and layer 2's RMSNorm divides by ≈ ‖(u, R)‖/Z_j: Z_j
 * cancels and the key is ∝ sinh μ·v_j / ‖(u_j, R)‖, whose scale varies by less than 1/(4d)
 * across blocks because R ≥ 2d√(2 sinh 2μ).
 *
 * Layer 2 at the last position scores the label positions by β·⟨v_q, v_j⟩·(that scale): the
 * nearest key (the largest inner product; ±1 products differ by ≥ 2) leads by a gap ≥ ln T + 16.
 * A push-down term (the query's SELF against −ν₂·[sign position]) puts every sign position far
 * below every label. The value is the label (±1), the readout ± that coordinate. MLPs are zero.
 *
 * Ties: the softmax averages the labels of keys tied at the largest inner product, so the
 * construction answers the task's label whenever those tied keys share their label (always on
 * the reduction, whose query is a key); the task's lowest-index rule differs only when they don't.
 */
import { type RoleFormats, roleFormatsOption } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { Format } from "../../numeric/format.js";
import { architectureNamed } from "../architectures.js";
import { NN_LABEL0, NN_LABEL1, NN_MINUS, NN_PLUS, defaultNnDimension } from "../../tasks/nn.js";
import { DEFAULT_NORM_EPS } from "../_internals/norm.js";
import { userError } from "../../util/errors.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

export const TRANSFORMER_NN_DEFAULT_FORMAT = "fp32";

const pow2Above = (x: number): number => 2 ** Math.ceil(Math.log2(x));

/** Every size and gain of the construction at n keys of dimension d. */
export function transformerNnSizes(n: number, d: number = defaultNnDimension(n)) {
  const P = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const width = P + 2 * d + 7;
  const T = n * (d + 1) + d;
  // Layer 1's input: every position has P + 3 entries ±1; a is one entry after RMSNorm.
  const a = 1 / Math.sqrt((P + 3) / width + DEFAULT_NORM_EPS);
  const unit = (a * a) / Math.sqrt(width); // one product of two normalised entries, scaled by 1/√width
  const lambda1 = pow2Above((Math.log(T) + 40) / (2 * unit)); // other blocks ≥ ln T + 40 lower
  const mu1 = 2 ** Math.round(Math.log2(1 / unit));
  const mu = mu1 * unit; // the sign term μ ≈ 1
  const R = pow2Above(2 * d * Math.sqrt(2 * Math.sinh(2 * mu)));
  const kappa = Math.cosh(mu) / R;
  // γ: the embedding part of layer 2's RMS stays below 1/(10d) of the gathered part.
  const zMax = 1 + d * Math.exp(mu);
  const gamma = pow2Above(Math.sqrt((10 * d * (P + 3) * zMax * zMax) / (a * a * R * R)));
  const normMax = Math.sqrt(R * R + d * Math.exp(2 * mu));
  const g2 = Math.log(T) + 16;
  const beta = pow2Above((g2 * normMax * normMax) / (2 * Math.sqrt(width) * Math.sinh(mu) ** 2));
  // The push-down: sign positions score below −(their largest score + the largest label score + g2).
  const aMax = (beta * Math.sqrt(width) * Math.sinh(mu) ** 2) / (R * R);
  const signMax = (beta * Math.sqrt(width) * Math.sinh(mu) * Math.sqrt(d)) / R;
  const need = signMax + aMax * d + g2;
  const nu2 = 2 * pow2Above((need * Math.sqrt(P + 3 + gamma * gamma * a * a) * normMax) / (R * Math.sqrt(width)));
  return { P, d, width, T, a, unit, lambda1, mu1, mu, R, kappa, gamma, beta, nu2 };
}

/** The largest magnitude among weights and values: the push-down score or layer 1's raw dot product. */
export function transformerNnRange(n: number, d: number = defaultNnDimension(n)): number {
  const { P, width, a, lambda1, gamma, beta, nu2, R } = transformerNnSizes(n, d);
  const sq = Math.sqrt(width);
  return Math.max(lambda1 * P * a * a, nu2 * sq * sq / Math.sqrt(P + 3), nu2, beta * sq, gamma * R * a);
}

export interface TransformerNnOptions {
  readonly n: number;
  /** Key dimension (default d(n) = max(8, 4⌈log₂ n⌉), the nn task's). */
  readonly dimension?: number;
  readonly format?: string | RoleFormats | Format;
  readonly roundWeights?: boolean;
}

export function transformerNn(opts: TransformerNnOptions): ExactModel {
  const { n } = opts;
  if (!(Number.isInteger(n) && n >= 1)) userError(`transformer-nn needs n ≥ 1, got ${n}`);
  const d = opts.dimension ?? defaultNnDimension(n);
  if (!(Number.isInteger(d) && d >= 1)) userError(`transformer-nn needs a dimension d ≥ 1, got ${d}`);
  const formats = roleFormatsOption(opts.format, TRANSFORMER_NN_DEFAULT_FORMAT);
  const { P, width, T, lambda1, mu1, kappa, R, gamma, beta, nu2 } = transformerNnSizes(n, d);
  const config = { width, layers: 2, vocabSize: 4, heads: 1, norm: "rmsnorm", ffnSize: 1, positions: "learned", maxLen: T, readoutBias: false };
  const t = zeroTensors("transformer", config, architectureNamed as never);
  // Residual coordinates.
  const BC = 0, OFF = P, FILL = P + d + 1, SKK = P + d + 2, SIGN = P + d + 3, LABEL = P + d + 4;
  const G = P + d + 5, SELF = P + 2 * d + 5, ANS = P + 2 * d + 6;
  const code = (b: number, i: number) => ((b >>> i) & 1 ? 1 : -1);
  t["embedding.weight"].set(NN_PLUS, SIGN, 1).set(NN_MINUS, SIGN, -1).set(NN_LABEL0, LABEL, -1).set(NN_LABEL1, LABEL, 1);
  const pos = t["positions.weight"];
  const sink = n * (d + 1) - 1; // the label of block n − 1
  for (let s = 0; s < T; s++) {
    const b = Math.floor(s / (d + 1));
    for (let i = 0; i < P; i++) pos.set(s, BC + i, code(b, i));
    pos.set(s, OFF + (s % (d + 1)), 1).set(s, s === sink ? SKK : FILL, 1);
  }
  for (const key of Object.keys(t)) if (/norm\.weight$/.test(key)) for (let k = 0; k < width; k++) t[key].set1(k, 1);
  const w = (layer: number, m: string) => t[`layers.${layer}.attn.${m}.weight`];
  // Layer 1. Dim 0 shifts the own block's score to 0 (so μ is added at small magnitude); dims
  // 1..P compare block codes; dim P + 1 adds μ·s_t; dim P + 2 lets the last sign see the sink.
  for (let k = 0; k <= d; k++) {
    w(0, "wq").set(0, OFF + k, -lambda1 * P).set(P + 1, OFF + k, mu1);
    w(0, "wk").set(0, OFF + k, 1);
  }
  for (let i = 0; i < P; i++) {
    w(0, "wq").set(1 + i, BC + i, lambda1);
    w(0, "wk").set(1 + i, BC + i, 1);
  }
  w(0, "wk").set(P + 1, SIGN, 1);
  const blockDot = (x: number, y: number) => Array.from({ length: P }, (_, i) => code(x, i) * code(y, i)).reduce((s, v) => s + v, 0);
  w(0, "wq").set(P + 2, OFF + d - 1, lambda1 * (P - blockDot(n, n - 1)));
  w(0, "wk").set(P + 2, SKK, 1);
  for (let k = 0; k <= d; k++) w(0, "wv").set(k, OFF + k, 1);
  for (let k = 0; k < d; k++) w(0, "wo").set(G + k, k, gamma);
  w(0, "wo").set(SELF, d, gamma * R);
  // Layer 2: balanced key and query codes, the push-down, the label as value.
  for (let k = 0; k < d; k++) {
    w(1, "wq").set(k, G + k, beta).set(k, SELF, -beta * kappa);
    w(1, "wk").set(k, G + k, 1).set(k, SELF, -kappa);
    w(1, "wk").set(d, OFF + k, -nu2);
  }
  w(1, "wq").set(d, SELF, 1);
  w(1, "wv").set(0, LABEL, 1);
  w(1, "wo").set(ANS, 0, 1);
  t["readout.weight"].set(NN_LABEL1, ANS, 1).set(NN_LABEL0, ANS, -1);
  return weightsConstruction("transformer-nn", "transformer", config, t, formats, opts.roundWeights ?? true);
}

/**
 * Whether the construction's answer is defined to be the task's: every key at the largest inner
 * product with the query carries the same label (the softmax averages tied keys' labels; the
 * task breaks ties by the lowest index).
 */
export function nnTiesAgree(d: number, n: number, input: readonly number[]): boolean {
  const sign = (k: number) => (input[k] === NN_PLUS ? 1 : -1);
  const q = n * (d + 1);
  let best = -Infinity;
  const labels = new Set<number>();
  for (let j = 0; j < n; j++) {
    let dot = 0;
    for (let c = 0; c < d; c++) dot += sign(j * (d + 1) + c) * sign(q + c);
    if (dot > best) {
      best = dot;
      labels.clear();
    }
    if (dot === best) labels.add(input[j * (d + 1) + d]);
  }
  return labels.size === 1;
}
