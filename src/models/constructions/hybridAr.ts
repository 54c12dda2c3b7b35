/**
 * `hybrid-ar`: associative recall at n pairs by the hybrid architecture (a recurrent base under
 * one attention layer with RoPE). The relu elman base computes the query side of the match: its
 * recurrent weights copy the previous token's key code into a PREV slot, so a value position
 * carries the code of the key before it (key positions and the query carry 0 there). Every code
 * travels as complementary {0, 1} parts (bit, 1 − bit), so every key token has L ones and every
 * value token 2L: one RMSNorm scale per kind of position.
 *
 * The attention layer matches the query's own key code (q = λ·(CUR+ − CUR−)) against PREV+ −
 * PREV− (k): the value position after the query key scores λL/(ρ_k ρ_v √d), other value positions
 * at least 2λ/(…) less, key positions and the query 0. It copies VAL+ − VAL− into the answer
 * slot; the readout scores each value by its ±1 code. q and k use RoPE pairs 1…, whose angles
 * θ_i = 2^(−c·i) (ropeBase = 2^(c·d/2), c = ⌈log₂(2n + 1)⌉ + 12) keep every relative turn below
 * 2^−12 rad, so RoPE leaves the scores almost unchanged; pair 0 (θ = 1) is left empty. MLP zero.
 */
import { type RoleFormats, roleFormatsOption } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import type { Format } from "../../numeric/format.js";
import { architectureNamed } from "../architectures.js";
import { arKeyToken, arValueToken } from "../../tasks/ar.js";
import { userError } from "../../util/errors.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

export const HYBRID_AR_DEFAULT_FORMAT = "fp32";

export function hybridArSizes(n: number): { L: number; d: number; lambda: number; ropeBase: number; rhoKey: number; rhoValue: number } {
  const L = Math.max(1, Math.ceil(Math.log2(n)));
  const d = 2 * Math.ceil((7 * L) / 2);
  const rhoKey = Math.sqrt(L / d);
  const rhoValue = Math.sqrt((2 * L) / d);
  // The match leads every other value position by 2λ/(ρ_k ρ_v √d); it must reach ln(2n + 1) + 6.
  const needed = ((Math.log(2 * n + 1) + 6) * rhoKey * rhoValue * Math.sqrt(d)) / 2;
  const c = Math.ceil(Math.log2(2 * n + 1)) + 12;
  return { L, d, lambda: 2 ** Math.ceil(Math.log2(needed)), ropeBase: 2 ** ((c * d) / 2), rhoKey, rhoValue };
}

export interface HybridArOptions {
  readonly n: number;
  readonly format?: string | RoleFormats | Format;
  readonly roundWeights?: boolean;
}

export function hybridAr(opts: HybridArOptions): ExactModel {
  const { n } = opts;
  if (!(Number.isInteger(n) && n >= 2)) userError(`hybrid-ar needs n ≥ 2 pairs, got ${n}`);
  if (n > 1024) userError(`hybrid-ar is built for n ≤ 1024 (its RoPE base must stay a finite double), got ${n}`);
  const V = 2 * n;
  const formats = roleFormatsOption(opts.format, HYBRID_AR_DEFAULT_FORMAT);
  const { L, d, lambda, ropeBase } = hybridArSizes(n);
  const config = {
    width: d, layers: 1, vocabSize: V, base: "elman", nonlinearity: "relu", inputSize: d, heads: 1, norm: "rmsnorm", ffnSize: 1, ropeBase,
  };
  const t = zeroTensors("hybrid", config, architectureNamed as never);
  const CURP = 0, CURM = L, PREVP = 2 * L, PREVM = 3 * L, VALP = 4 * L, VALM = 5 * L, ANS = 6 * L;
  /** The first q/k row used: pair 0 turns by 1 rad per position and stays empty. */
  const QK = 2;
  const bit = (v: number, k: number) => (v >>> k) & 1;
  const emb = t["embedding.weight"];
  for (let j = 0; j < n; j++) for (let k = 0; k < L; k++) {
    emb.set(arKeyToken(n, j), bit(j, k) ? CURP + k : CURM + k, 1);
    emb.set(arValueToken(n, j), bit(j, k) ? VALP + k : VALM + k, 1);
  }
  const wih = t["rnn.weight_ih_l0"], whh = t["rnn.weight_hh_l0"];
  for (let k = 0; k < 2 * L; k++) {
    wih.set(CURP + k, CURP + k, 1).set(VALP + k, VALP + k, 1);
    whh.set(PREVP + k, CURP + k, 1);
  }
  for (const name of ["attn_layer.attn_norm.weight", "attn_layer.mlp_norm.weight", "final_norm.weight"]) for (let k = 0; k < d; k++) t[name].set1(k, 1);
  const wq = t["attn_layer.attn.wq.weight"], wk = t["attn_layer.attn.wk.weight"], wv = t["attn_layer.attn.wv.weight"];
  for (let k = 0; k < L; k++) {
    wq.set(QK + k, CURP + k, lambda).set(QK + k, CURM + k, -lambda);
    wk.set(QK + k, PREVP + k, 1).set(QK + k, PREVM + k, -1);
    wv.set(k, VALP + k, 1).set(k, VALM + k, -1);
    t["attn_layer.attn.wo.weight"].set(ANS + k, k, 1);
  }
  for (let j = 0; j < n; j++) for (let k = 0; k < L; k++) t["readout.weight"].set(arValueToken(n, j), ANS + k, bit(j, k) ? 1 : -1);
  return weightsConstruction("hybrid-ar", "hybrid", config, t, formats, opts.roundWeights ?? true);
}
