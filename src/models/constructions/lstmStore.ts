/**
 * `lstm-store`: weights for the ordinary lstm architecture that hold n input bits exactly for
 * every n up to the capacity C = width, at C/M = 1/4 (docs/constructions.md).
 *
 * State format fixed:1.1 (2 bits: −1, −½, 0, ½); weights and compute in a wider format (fp32
 * by default), as real models run. Slot j is unit j: free (c, h) = (0, 0); holding bit 0,
 * c = −½ and h = −½; holding bit 1, c = −1 and h = −1. Full slots share a sign, so the first
 * free slot is a linear threshold of h: slot j is written iff h_{j−1} < 0 and h_j = 0 (slot 0
 * iff h_0 = 0). Gates use a gain Γ = 40, so σ and tanh are within 5·10⁻⁵ of 0 or 1 there, and
 * the state rounding (to fixed:1.1) removes the remainder after every step.
 *
 *   i_j = σ(Γ(−h_{j−1} + 2h_j − ¼) + input_i), i_0 = σ(Γ(2h_0 + ¼) + input_i)
 *                                                (bits: input 0; queries: −4Γ, no write)
 *   f_j = σ(Γ)                                      (keep)
 *   g_j = tanh(−0.5) ≈ −0.46 for bit 0, tanh(−3) ≈ −0.995 for bit 1 (rounds to −½ / −1)
 *   o_j = σ(Γ) for bits (h exposes every slot); for the query @j, σ(Γ) on unit j and σ(−Γ)
 *         elsewhere, so after @j, h = h_j·e_j
 *   logits: `1` gets −Σ_k h_k, `0` gets ¾: after @j the answer is 1 iff h_j = −1.
 *
 * M = 2·width·2 bits (h and c, both paid, at 2 bits), C = width, so C/M = 1/4.
 */
import { parseRoleFormats, type RoleFormats } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import { INDEX_BIT0, INDEX_BIT1, indexQueryToken } from "../../tasks/indexTask.js";
import { userError } from "../../util/errors.js";
import { TensorBuilder, weightsConstruction } from "./_internals/recurrentWeights.js";

export const LSTM_STORE_DEFAULT_FORMAT = "weights=fp32,compute=fp32,state=fixed:1.1";
export const LSTM_STORE_GAIN = 40;

export interface LstmStoreOptions {
  readonly width: number;
  readonly vocabSize: number;
  readonly format?: string | RoleFormats;
  /** Round the written-down weights to the weights format (precision search) instead of requiring them exact. */
  readonly roundWeights?: boolean;
}

export function lstmStore(opts: LstmStoreOptions): ExactModel {
  const { width: w, vocabSize: V } = opts;
  if (!(Number.isInteger(w) && w >= 1)) userError(`--width must be a whole number ≥ 1 (got ${w})`);
  const formats = typeof opts.format === "object" ? opts.format : parseRoleFormats(opts.format ?? LSTM_STORE_DEFAULT_FORMAT);
  const s = formats.state;
  if (!opts.roundWeights) for (const v of [-1, -0.5, 0]) if (s.round(v) !== v) userError(`lstm-store needs a state format that holds −1, −½ and 0; ${s.name} does not`);
  const G = LSTM_STORE_GAIN;
  const E = V;
  const emb = new TensorBuilder([V, E]);
  for (let t = 0; t < V; t++) emb.set(t, t, 1);
  const wih = new TensorBuilder([4 * w, E]);
  const whh = new TensorBuilder([4 * w, w]);
  const bih = new TensorBuilder([4 * w]);
  const bhh = new TensorBuilder([4 * w]);
  const I = 0, F = w, Gt = 2 * w, O = 3 * w;
  for (let j = 0; j < w; j++) {
    // i: first free slot, from h alone.
    if (j > 0) whh.set(I + j, j - 1, -G);
    whh.set(I + j, j, 2 * G);
    bhh.set1(I + j, j === 0 ? G / 4 : -G / 4);
    bih.set1(F + j, G);
    for (let t = 0; t < V; t++) {
      const q = t - indexQueryToken(0);
      if (t === INDEX_BIT0 || t === INDEX_BIT1) {
        wih.set(Gt + j, t, t === INDEX_BIT1 ? -3 : -0.5);
        wih.set(O + j, t, G);
      } else {
        wih.set(I + j, t, -4 * G);
        wih.set(O + j, t, q === j ? G : -G);
      }
    }
  }
  const ro = new TensorBuilder([V, w]);
  const rb = new TensorBuilder([V]);
  for (let k = 0; k < w; k++) ro.set(INDEX_BIT1, k, -1);
  rb.set1(INDEX_BIT0, 0.75);
  return weightsConstruction(
    "lstm-store",
    "lstm",
    { width: w, layers: 1, vocabSize: V, inputSize: E },
    {
      "embedding.weight": emb, "rnn.weight_ih_l0": wih, "rnn.weight_hh_l0": whh, "rnn.bias_ih_l0": bih, "rnn.bias_hh_l0": bhh,
      "readout.weight": ro, "readout.bias": rb,
    },
    formats,
    opts.roundWeights ?? false,
  );
}

/** Parses a --format for lstm-store (a name for every role, or per role). */
export function lstmStoreFormats(text: string | undefined): RoleFormats {
  return text === undefined ? parseRoleFormats(LSTM_STORE_DEFAULT_FORMAT) : parseRoleFormats(text);
}

