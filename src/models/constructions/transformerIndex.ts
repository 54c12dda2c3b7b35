/**
 * `transformer-index`: Index at size n by a 1-layer, 1-head transformer with learned position
 * codes and a large score gap (docs/constructions.md). Width d = 2L + 3 with L = ⌈log₂(n + 1)⌉:
 *
 *   coordinate 0           the bit's value: +1 for `1`, −1 for `0` (token embedding)
 *   coordinates 1 … L      the position code c_s ∈ {±1}^L of s (bit k of s → ±1; positions table)
 *   coordinates L+1 … 2L   the query code c_i of the token `@i` (token embedding)
 *   coordinate 2L + 1      1 on query tokens
 *   coordinate 2L + 2      where the attention writes its answer
 *
 * Every bit position has the same norm √(1 + L), so RMSNorm scales all of its keys alike. The
 * query is q = λ·(c_i, x̂_flag), a key k_s = (ĉ_s, −x̂_flag): q·k_j is λ(L − 2·Hamming(i, j))/ρ for
 * the bits and lower still at the query's own position, so position i leads by a gap of at least
 * 2λ/(ρ√d) with ρ the product of the two RMSNorm scales. λ is a power of two with
 * 2λ/(ρ√d) ≥ ln n + 6, which puts all but e^−6 of the softmax mass on x_i. The value is the bit
 * coordinate; wo writes it into coordinate 2L + 2; the MLP is zero; the readout is ± that
 * coordinate. All weights are 0, ±1 or λ.
 */
import { type RoleFormats, roleFormatsOption } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { Format } from "../../numeric/format.js";
import { INDEX_BIT0, INDEX_BIT1, indexQueryToken } from "../../tasks/indexTask.js";
import { userError } from "../../util/errors.js";
import { architectureNamed } from "../architectures.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

export const TRANSFORMER_INDEX_DEFAULT_FORMAT = "fp32";

/** Code length L and the score scale λ at size n. */
export function transformerIndexSizes(n: number): { L: number; d: number; lambda: number } {
  const L = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const d = 2 * L + 3;
  const rmsBit = Math.sqrt((1 + L) / d);
  const rmsQuery = Math.sqrt((2 * L + 1) / d);
  const needed = ((Math.log(n) + 6) * rmsBit * rmsQuery * Math.sqrt(d)) / 2;
  return { L, d, lambda: 2 ** Math.ceil(Math.log2(needed)) };
}

export interface TransformerIndexOptions {
  readonly n: number;
  /** Vocabulary (default n + 2, Index at size n); a census over several n uses the largest. */
  readonly vocabSize?: number;
  readonly format?: string | RoleFormats | Format;
  readonly roundWeights?: boolean;
}

export function transformerIndex(opts: TransformerIndexOptions): ExactModel {
  const { n } = opts;
  if (!(Number.isInteger(n) && n >= 1)) userError(`transformer-index needs n ≥ 1, got ${n}`);
  const V = opts.vocabSize ?? n + 2;
  const formats = roleFormatsOption(opts.format, TRANSFORMER_INDEX_DEFAULT_FORMAT);
  const { L, d, lambda } = transformerIndexSizes(n);
  const maxLen = n + 1;
  const code = (s: number, k: number) => ((s >>> k) & 1 ? 1 : -1);
  const FLAG = 2 * L + 1;
  const ANS = 2 * L + 2;
  const config = { width: d, layers: 1, vocabSize: V, heads: 1, norm: "rmsnorm", ffnSize: 1, positions: "learned", maxLen };
  const t = zeroTensors("transformer", config, architectureNamed as never);
  for (const name of Object.keys(t)) if (/norm\.weight$/.test(name)) for (let k = 0; k < d; k++) t[name].set1(k, 1);
  const emb = t["embedding.weight"];
  emb.set(INDEX_BIT0, 0, -1);
  emb.set(INDEX_BIT1, 0, 1);
  for (let i = 0; i < n && indexQueryToken(i) < V; i++) {
    for (let k = 0; k < L; k++) emb.set(indexQueryToken(i), L + 1 + k, code(i, k));
    emb.set(indexQueryToken(i), FLAG, 1);
  }
  const pos = t["positions.weight"];
  for (let s = 0; s < maxLen; s++) for (let k = 0; k < L; k++) pos.set(s, 1 + k, code(s, k));
  const wq = t["layers.0.attn.wq.weight"];
  const wk = t["layers.0.attn.wk.weight"];
  const wv = t["layers.0.attn.wv.weight"];
  const wo = t["layers.0.attn.wo.weight"];
  for (let k = 0; k < L; k++) {
    wq.set(k, L + 1 + k, lambda);
    wk.set(k, 1 + k, 1);
  }
  wq.set(L, FLAG, lambda);
  wk.set(L, FLAG, -1);
  wv.set(0, 0, 1);
  wo.set(ANS, 0, 1);
  const readout = t["readout.weight"];
  readout.set(INDEX_BIT1, ANS, 1);
  readout.set(INDEX_BIT0, ANS, -1);
  return weightsConstruction("transformer-index", "transformer", config, t, formats, opts.roundWeights ?? false);
}
