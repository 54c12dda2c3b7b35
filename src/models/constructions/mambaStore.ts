/**
 * `mamba-store`: weights for the ordinary mamba architecture (2 layers, dState 1, dConv 1,
 * expand 1, dtRank 1) that hold n input bits exactly for every n up to the capacity C
 * (`--width`), on Index. docs/constructions.md has the weights and the reason C/M stops where
 * it does; in short:
 *
 * Δ, B and C see only the current token (dConv = 1 keeps the conv window empty, so it costs no
 * state), never the scan state h: a write cannot depend on what a layer already holds. Layer 1
 * is therefore a counter (channel P: no decay, each bit adds −s with s = 2^−F, F = ⌈log₂ C⌉),
 * which it writes to the residual; layer 2 holds bit e in channel e: its Δ_e is a softplus
 * threshold on the counter, large (decay e^−Δ ≈ 0: overwrite with the current bit) while
 * t ≤ e and ≈ 0 (decay 1, no write: hold) after, so slot e keeps x_e. A bit 1 writes ≤ −24,
 * which the state format saturates to −1; a bit 0 writes exactly 0 (silu(0) = 0). The query
 * @j opens only channel j's output gate (z_j = u_j, silu(0) = 0 elsewhere) and pushes the
 * counter code past every threshold, so nothing is written; the readout compares −h_j with 1.
 *
 * State format fixed:1.F (the counter needs C distinct levels below 0), weights and compute
 * fp32 by default. M = 2·(C + 3)·(1 + F) + ⌈log₂(V + 1)⌉.
 */
import { parseRoleFormats, type RoleFormats } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import { architectureNamed } from "../architectures.js";
import { INDEX_BIT0, INDEX_BIT1, indexQueryToken } from "../../tasks/indexTask.js";
import { userError } from "../../util/errors.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

/** softplus argument at the nearest counter level on either side of a store threshold. */
export const MAMBA_STORE_MARGIN = 24;

const silu = (x: number): number => x / (1 + Math.exp(-x));

/** Fraction bits of the counter: the least F ≥ 1 with 2^F ≥ C. */
export function mambaStoreFractionBits(capacity: number): number {
  return Math.max(1, Math.ceil(Math.log2(capacity)));
}

export function mambaStoreDefaultFormat(capacity: number): string {
  return `weights=fp32,compute=fp32,state=fixed:1.${mambaStoreFractionBits(capacity)}`;
}

export interface MambaStoreOptions {
  /** The capacity C: n ≤ C bits are held exactly. */
  readonly width: number;
  readonly vocabSize: number;
  readonly format?: string | RoleFormats;
  /** Round the weights to the weights format (they are computed in double). Default true. */
  readonly roundWeights?: boolean;
}

export function mambaStore(opts: MambaStoreOptions): ExactModel {
  const { width: C, vocabSize: V } = opts;
  if (!(Number.isInteger(C) && C >= 1)) userError(`--width must be a whole number ≥ 1 (got ${C})`);
  const formats = typeof opts.format === "object" ? opts.format : parseRoleFormats(opts.format ?? mambaStoreDefaultFormat(C));
  const F = mambaStoreFractionBits(C);
  const s = 2 ** -F;
  const levels = 2 ** F;
  const st = formats.state;
  for (let k = 0; k <= levels; k++) {
    if (st.round(-k * s) !== -k * s) userError(`mamba-store with capacity ${C} needs a state format that holds 0, −1 and every multiple of 2^−${F} between; ${st.name} does not`);
  }
  const d = C + 3;
  const Z0 = C, Z1 = C + 1, P = C + 2; // residual dims: query one-hot 0..C−1, bit 0, bit 1, counter / answer
  const config = { width: d, layers: 2, vocabSize: V, dState: 1, dConv: 1, expand: 1, dtRank: 1 };
  const t = zeroTensors("mamba", config, architectureNamed as never);
  const E = d;
  const eps = Math.fround(1e-5);
  const oneHotScale = 1 / Math.sqrt(1 / d + eps); // u of a one-hot residual after RMSNorm (weight 1)

  const emb = t["embedding.weight"];
  emb.set(INDEX_BIT0, Z0, 1).set(INDEX_BIT1, Z1, 1);
  for (let j = 0; indexQueryToken(j) < V; j++) emb.set(indexQueryToken(j), Math.min(j, C - 1), 1);
  for (const name of ["layers.0.norm.weight", "layers.1.norm.weight", "final_norm.weight"]) for (let k = 0; k < d; k++) t[name].set1(k, 1);
  for (const k of [0, 1]) for (let e = 0; e < E; e++) t[`layers.${k}.mixer.conv1d.weight`].set1(e, 1);

  // Layer 1: the counter on channel P; its residual output is ≈ h (−s per bit).
  {
    const m = (n: string) => t[`layers.0.mixer.${n}`];
    const X = silu(oneHotScale); // xc_P and silu(z_P) at a bit token
    m("in_proj.weight").set(P, Z0, 1).set(P, Z1, 1).set(E + P, Z0, 1).set(E + P, Z1, 1);
    m("x_proj.weight").set(1, P, -s / (Math.LN2 * X * X)).set(2, P, 1); // B, C; δ = 0 so Δ = ln 2
    m("A_log").set1(P, -100); // A rounds to (almost) 0: no decay
    m("out_proj.weight").set(P, P, 1 / (X * X));
  }

  // Layer 2: store channels 0..C−1, the always-on channel Z0 (B), the counter code on channel P (δ and C).
  {
    const m = (n: string) => t[`layers.1.mixer.${n}`];
    const inp = m("in_proj.weight");
    const queryGain = 2;
    inp.set(P, P, -1);
    for (let j = 0; j < C; j++) inp.set(P, j, queryGain);
    inp.set(Z0, Z0, 1).set(Z0, Z1, 1);
    for (let e = 0; e < C; e++) inp.set(e, Z1, 1).set(E + e, e, 1);
    m("x_proj.weight").set(0, P, 1).set(1, Z0, -1).set(2, P, 1);
    // δ at the t-th bit (0-based): the counter level p = −min(t + 1, 2^F)·s through RMSNorm and silu.
    const delta = (t: number): number => {
      const p = -Math.min(t + 1, levels) * s;
      return silu(-p / Math.sqrt((1 + p * p) / d + eps));
    };
    const dt = m("dt_proj.weight"), db = m("dt_proj.bias");
    for (let e = 0; e < C; e++) {
      const lo = delta(e);
      const gap = delta(e + 1) > lo ? delta(e + 1) - lo : lo - delta(e - 1);
      const G = (2 * MAMBA_STORE_MARGIN) / gap;
      dt.set1(e, -G);
      db.set1(e, G * (lo + gap / 2));
    }
    for (const e of [Z0, Z1, P]) db.set1(e, -40); // Δ ≈ 0: these channels hold nothing
    const query = silu(queryGain * oneHotScale); // δ and C at a query
    for (let e = 0; e < C; e++) m("out_proj.weight").set(P, e, 1 / (query * silu(oneHotScale)));
  }
  t["readout.weight"].set(INDEX_BIT1, P, -1);
  t["readout.bias"].set1(INDEX_BIT0, 1);
  return weightsConstruction("mamba-store", "mamba", config, t, formats, opts.roundWeights ?? true);
}

/** Parses a --format for mamba-store (default: fp32 weights and compute, state fixed:1.F). */
export function mambaStoreFormats(text: string | undefined, capacity: number): RoleFormats {
  return parseRoleFormats(text ?? mambaStoreDefaultFormat(capacity));
}
