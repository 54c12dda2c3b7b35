/**
 * `hybrid-index`: Index at size n by the hybrid architecture (a recurrent base under one
 * attention layer with RoPE). The base is a relu elman whose recurrent weights are zero: it
 * passes each token's features through (relu copies non-negative values exactly, so a signed
 * value travels as its positive and negative parts). The attention layer retrieves with RoPE:
 * a bit's key is (1, 0) in each of K frequency pairs; the query `@i` carries, in pair k, the
 * rotation by −θ_k(n − i), so after RoPE the score of position s is
 * λ·Σ_k cos(θ_k(i − s))/(ρ√d), largest at s = i. Frequencies θ_k = 2^−k (ropeBase = 2^{d/2}),
 * K = ⌈log₂(n + 1)⌉ + 2 pairs: for every n ≤ 1024 the smallest lead over 1 ≤ |i − s| ≤ n is
 * 0.61–0.62 (at |i − s| = 1), and λ is the power of two that makes the lead ≥ ln n + 6 after the scales.
 * The value is the bit (v+ − v−); wo writes it to the answer coordinate; the MLP is zero.
 */
import { type RoleFormats, roleFormatsOption } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { Format } from "../../numeric/format.js";
import { architectureNamed } from "../architectures.js";
import { INDEX_BIT0, INDEX_BIT1, indexQueryToken } from "../../tasks/indexTask.js";
import { userError } from "../../util/errors.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

export const HYBRID_INDEX_DEFAULT_FORMAT = "fp32";
/** A floor under the lead Σ_{k<K(n)} (1 − cos(Δ/2^k)) over 1 ≤ |Δ| ≤ n ≤ 1024 (computed: 0.613…0.624). */
const MIN_LEAD = 0.6;

export function hybridIndexSizes(n: number): { K: number; d: number; lambda: number; ropeBase: number } {
  const K = Math.max(2, Math.ceil(Math.log2(n + 1)) + 2);
  const d = 4 * K + 4;
  const rmsBit = Math.sqrt(2 / d);
  const rmsQuery = Math.sqrt(K / d);
  const needed = ((Math.log(Math.max(n, 2)) + 6) * rmsBit * rmsQuery * Math.sqrt(d)) / MIN_LEAD;
  return { K, d, lambda: 2 ** Math.ceil(Math.log2(needed)), ropeBase: 2 ** (d / 2) };
}

export interface HybridIndexOptions {
  readonly n: number;
  readonly vocabSize?: number;
  readonly format?: string | RoleFormats | Format;
  readonly roundWeights?: boolean;
}

export function hybridIndex(opts: HybridIndexOptions): ExactModel {
  const { n } = opts;
  if (!(Number.isInteger(n) && n >= 1)) userError(`hybrid-index needs n ≥ 1, got ${n}`);
  if (n > 1024) userError(`hybrid-index is built for n ≤ 1024 (its frequency lead is checked there), got ${n}`);
  const V = opts.vocabSize ?? n + 2;
  const formats = roleFormatsOption(opts.format, HYBRID_INDEX_DEFAULT_FORMAT);
  const { K, d, lambda, ropeBase } = hybridIndexSizes(n);
  const config = {
    width: d, layers: 1, vocabSize: V, base: "elman", nonlinearity: "relu", inputSize: d, heads: 1, norm: "rmsnorm", ffnSize: 1, ropeBase,
  };
  const t = zeroTensors("hybrid", config, architectureNamed as never);
  const VP = 0, VM = 1, FLAG = 2, CODE = 3, ANS = d - 1;
  const emb = t["embedding.weight"];
  emb.set(INDEX_BIT1, VP, 1).set(INDEX_BIT1, FLAG, 1);
  emb.set(INDEX_BIT0, VM, 1).set(INDEX_BIT0, FLAG, 1);
  for (let i = 0; i < n && indexQueryToken(i) < V; i++) {
    for (let k = 0; k < K; k++) {
      const angle = -(n - i) * 2 ** -k;
      const c = Math.cos(angle), s = Math.sin(angle);
      const tok = indexQueryToken(i);
      emb.set(tok, CODE + 4 * k, Math.max(c, 0)).set(tok, CODE + 4 * k + 1, Math.max(-c, 0));
      emb.set(tok, CODE + 4 * k + 2, Math.max(s, 0)).set(tok, CODE + 4 * k + 3, Math.max(-s, 0));
    }
  }
  for (let k = 0; k < d; k++) t["rnn.weight_ih_l0"].set(k, k, 1);
  for (const name of ["attn_layer.attn_norm.weight", "attn_layer.mlp_norm.weight", "final_norm.weight"]) for (let k = 0; k < d; k++) t[name].set1(k, 1);
  const wq = t["attn_layer.attn.wq.weight"], wk = t["attn_layer.attn.wk.weight"];
  for (let k = 0; k < K; k++) {
    wq.set(2 * k, CODE + 4 * k, lambda).set(2 * k, CODE + 4 * k + 1, -lambda);
    wq.set(2 * k + 1, CODE + 4 * k + 2, lambda).set(2 * k + 1, CODE + 4 * k + 3, -lambda);
    wk.set(2 * k, FLAG, 1);
  }
  t["attn_layer.attn.wv.weight"].set(2 * K, VP, 1).set(2 * K, VM, -1);
  t["attn_layer.attn.wo.weight"].set(ANS, 2 * K, 1);
  t["readout.weight"].set(INDEX_BIT1, ANS, 1).set(INDEX_BIT0, ANS, -1);
  return weightsConstruction("hybrid-index", "hybrid", config, t, formats, opts.roundWeights ?? true);
}
