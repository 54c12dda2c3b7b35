import type { Format } from "../numeric/format.js";
import type { ModelInfo, StreamingModel } from "../stream/model.js";
import { decodeWith, encodeWith, vectorCodec } from "../stream/codec.js";
import { INDEX_BIT1, indexQueryToken } from "../tasks/indexTask.js";
import { userError } from "../util/errors.js";

/**
 * `store`: a capacity construction for Index, built from an actual recurrent cell whose
 * weights are written down, not learned. State h ∈ format^w, each coordinate −1 (bit 0),
 * +1 (bit 1) or 0 (not written yet). Written coordinates always form a prefix, so
 *
 *   u  = 1 − h ⊙ h          (1 where not written)
 *   f  = D u                 (D: 1 on the diagonal, −1 below it; f = one-hot of the first free slot)
 *   h' = g(x) ⊙ h + f ⊙ v(x)
 *
 * with [v(x), g(x)] = E[x] the token's embedding: a bit b has v = 2b − 1 and g = 1 (all ones),
 * the query @j has v = 0 and g = e_j (keep slot j only). Readout: logit of `1` = Σ h, every other
 * logit 0, so after @j the prediction is 1 iff h_j = +1 (ties go to token 0).
 *
 * Every value stays in {−1, 0, 1}, so every operation is exact in any format holding ±1.
 * Capacity C = w bits: Index is solved exactly for every n ≤ w, and from bit w on nothing more
 * is written. State bits M = w·bits, so C/M = 1/bits (1/2 at the default fixed:2.0).
 */
export interface StoreOptions {
  width: number;
  format: Format;
  vocabSize: number;
}

export function storeModel(opts: StoreOptions): StreamingModel<Float64Array> {
  const { width: w, format: F, vocabSize: V } = opts;
  if (!(Number.isInteger(w) && w >= 1)) userError(`--width must be a whole number ≥ 1 (got ${w})`);
  if (F.round(1) !== 1 || F.round(-1) !== -1) userError(`store needs a format that holds −1 and +1 exactly; ${F.name} does not`);
  // Parameters, named as tensors (row-major).
  const embedding = new Float64Array(V * (w + 1));
  for (let tok = 0; tok < V; tok++) {
    const row = tok * (w + 1);
    if (tok <= INDEX_BIT1) {
      embedding[row] = tok === INDEX_BIT1 ? 1 : -1;
      for (let k = 0; k < w; k++) embedding[row + 1 + k] = 1;
    } else {
      const j = tok - indexQueryToken(0);
      if (j < w) embedding[row + 1 + j] = 1;
    }
  }
  const writeMatrix = new Float64Array(w * w);
  for (let k = 0; k < w; k++) {
    writeMatrix[k * w + k] = 1;
    if (k > 0) writeMatrix[k * w + k - 1] = -1;
  }
  const readoutWeight = new Float64Array(V * w);
  if (V > INDEX_BIT1) for (let k = 0; k < w; k++) readoutWeight[INDEX_BIT1 * w + k] = 1;
  const readoutBias = new Float64Array(V);

  const codec = vectorCodec(F, w);
  const u = new Float64Array(w);
  const info: ModelInfo = {
    architecture: "store",
    format: F.name,
    stateBitsFormula: `width·bits = ${w}·${F.bits}; capacity C = width = ${w}, C/M = 1/${F.bits}`,
    params: { width: w, vocabSize: V, capacity: w },
  };
  return {
    name: `store(width=${w}, ${F.name})`,
    vocabSize: V,
    format: F,
    init: () => new Float64Array(w),
    step(h, token) {
      if (!(token >= 0 && token < V)) userError(`token ${token} is outside store's vocabulary of ${V}`);
      for (let k = 0; k < w; k++) u[k] = F.sub(1, F.mul(h[k], h[k]));
      const e = token * (w + 1);
      const v = embedding[e];
      const next = new Float64Array(w);
      for (let k = 0; k < w; k++) {
        const f = F.dot(writeMatrix.subarray(k * w, k * w + w), u);
        next[k] = F.add(F.mul(embedding[e + 1 + k], h[k]), F.mul(f, v));
      }
      return next;
    },
    logits(h) {
      const out = new Float64Array(V);
      for (let tok = 0; tok < V; tok++) out[tok] = F.dot(readoutWeight.subarray(tok * w, tok * w + w), h, readoutBias[tok]);
      return out;
    },
    encode: (h) => encodeWith(codec, h),
    decode: (bits) => decodeWith(codec, bits),
    stateBits: () => w * F.bits,
    describe: () => info,
  };
}
