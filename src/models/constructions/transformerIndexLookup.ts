/**
 * `transformer-indexlookup`: Index Lookup over an alphabet Σ (P2) by the transformer-index
 * construction with a value that carries the symbol (docs/constructions.md). Width
 * d = 2L + 1 + 2|Σ| with L = ⌈log₂(n + 1)⌉:
 *
 *   coordinates 0 … |Σ|−1          the symbol a, one-hot (token embedding of a_a)
 *   next L                         the position code c_s ∈ {±1}^L of s (positions table)
 *   next L                         the query code c_p of the token `@p` (token embedding)
 *   next 1                         1 on position tokens (the query flag)
 *   last |Σ|                       where the attention writes the symbol it fetched
 *
 * Every symbol position has norm √(1 + L) whatever the symbol, so RMSNorm scales every key
 * alike, and the scores are those of transformer-index: position p leads by a gap of at least
 * 2λ/(ρ√d), with λ the power of two that makes it ≥ ln n + 6. Then more than half of the
 * softmax mass sits on x_p, so its answer coordinate is the largest; the readout row of symbol a
 * is its answer coordinate. All weights are 0, ±1 or λ.
 */
import { type RoleFormats, roleFormatsOption } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { Format } from "../../numeric/format.js";
import { INDEXLOOKUP_DEFAULT_SIGMA, indexLookupPositionToken, indexLookupSymbolToken } from "../../tasks/indexlookup.js";
import { userError } from "../../util/errors.js";
import { architectureNamed } from "../architectures.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

export const TRANSFORMER_INDEXLOOKUP_DEFAULT_FORMAT = "fp32";

/** Code length L, width d and the score scale λ at size n over |Σ| = sigma. */
export function transformerIndexLookupSizes(n: number, sigma: number): { L: number; d: number; lambda: number; rhoSymbol: number; rhoQuery: number } {
  const L = Math.max(1, Math.ceil(Math.log2(n + 1)));
  const d = 2 * L + 1 + 2 * sigma;
  const rhoSymbol = Math.sqrt((1 + L) / d);
  const rhoQuery = Math.sqrt((2 * L + 1) / d);
  const needed = ((Math.log(n) + 6) * rhoSymbol * rhoQuery * Math.sqrt(d)) / 2;
  return { L, d, lambda: 2 ** Math.ceil(Math.log2(needed)), rhoSymbol, rhoQuery };
}

export interface TransformerIndexLookupOptions {
  readonly n: number;
  /** Alphabet size |Σ| (default 4, the `indexlookup` task's). */
  readonly sigma?: number;
  readonly format?: string | RoleFormats | Format;
  readonly roundWeights?: boolean;
}

export function transformerIndexLookup(opts: TransformerIndexLookupOptions): ExactModel {
  const { n } = opts;
  const sigma = opts.sigma ?? INDEXLOOKUP_DEFAULT_SIGMA;
  if (!(Number.isInteger(n) && n >= 1)) userError(`transformer-indexlookup needs n ≥ 1, got ${n}`);
  if (!(Number.isInteger(sigma) && sigma >= 2)) userError(`transformer-indexlookup needs an alphabet of |Σ| ≥ 2 symbols, got ${sigma}`);
  const V = sigma + n;
  const formats = roleFormatsOption(opts.format, TRANSFORMER_INDEXLOOKUP_DEFAULT_FORMAT);
  const { L, d, lambda } = transformerIndexLookupSizes(n, sigma);
  const maxLen = n + 1;
  const code = (s: number, k: number) => ((s >>> k) & 1 ? 1 : -1);
  const POS = sigma;
  const QUERY = sigma + L;
  const FLAG = sigma + 2 * L;
  const ANS = FLAG + 1;
  const config = { width: d, layers: 1, vocabSize: V, heads: 1, norm: "rmsnorm", ffnSize: 1, positions: "learned", maxLen };
  const t = zeroTensors("transformer", config, architectureNamed as never);
  for (const name of Object.keys(t)) if (/norm\.weight$/.test(name)) for (let k = 0; k < d; k++) t[name].set1(k, 1);
  const emb = t["embedding.weight"];
  for (let a = 0; a < sigma; a++) emb.set(indexLookupSymbolToken(sigma, a), a, 1);
  for (let p = 0; p < n; p++) {
    for (let k = 0; k < L; k++) emb.set(indexLookupPositionToken(sigma, p), QUERY + k, code(p, k));
    emb.set(indexLookupPositionToken(sigma, p), FLAG, 1);
  }
  const pos = t["positions.weight"];
  for (let s = 0; s < maxLen; s++) for (let k = 0; k < L; k++) pos.set(s, POS + k, code(s, k));
  const wq = t["layers.0.attn.wq.weight"];
  const wk = t["layers.0.attn.wk.weight"];
  const wv = t["layers.0.attn.wv.weight"];
  const wo = t["layers.0.attn.wo.weight"];
  for (let k = 0; k < L; k++) {
    wq.set(k, QUERY + k, lambda);
    wk.set(k, POS + k, 1);
  }
  wq.set(L, FLAG, lambda);
  wk.set(L, FLAG, -1);
  for (let a = 0; a < sigma; a++) {
    wv.set(a, a, 1);
    wo.set(ANS + a, a, 1);
  }
  const readout = t["readout.weight"];
  for (let a = 0; a < sigma; a++) readout.set(indexLookupSymbolToken(sigma, a), ANS + a, 1);
  return weightsConstruction("transformer-indexlookup", "transformer", config, t, formats, opts.roundWeights ?? false);
}
