/**
 * `mamba-store`: weights for the ordinary mamba architecture (L layers of E channels, dState 1,
 * dConv 1, expand 1, dtRank 1) that hold n input bits exactly for every n up to the capacity C
 * (`--width`), on Index. docs/constructions.md has the weights and the reason C/M stops where
 * it does; in short:
 *
 * Δ, B and C see only the current token (dConv = 1 keeps the conv window empty, so it costs no
 * state), never the scan state h: a write cannot depend on what a layer already holds. Layer 1
 * is therefore a counter (no decay, each bit adds −s, s = 2^−F, F = ⌈log₂ C⌉) that it writes to
 * the residual; each later layer holds E − 1 bits, position π in its own channel: Δ_π is a
 * softplus threshold on the counter code δ (channel 0), large (decay e^−Δ ≈ 0: overwrite with
 * the current bit) while t ≤ π and ≈ 0 (decay 1, no write: hold) after, so the slot keeps x_π.
 * A bit 1 writes ≤ −24, which the state format saturates to −1; a bit 0 writes exactly 0
 * (silu(0) = 0). The query @j carries the code of position j + 1: slots π ≤ j hold, later ones
 * are cleared (there is no bit to write), and the output gate silu(z_π) is open only for π ≥ j,
 * so slot j alone reaches the answer coordinate; the readout compares −h_j (scaled) with 1.
 *
 * State format fixed:1.F (the counter needs C distinct levels below 0), weights and compute
 * fp32 by default. M = L·E·(1 + F) + ⌈log₂(V + 1)⌉ with (L − 1)(E − 1) ≥ C, L and E chosen
 * to make M least.
 */
import { parseRoleFormats, type RoleFormats } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import { architectureNamed } from "../architectures.js";
import { INDEX_BIT0, INDEX_BIT1, indexQueryToken } from "../../tasks/indexTask.js";
import { userError } from "../../util/errors.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

/** softplus argument (and output-gate z) at the nearest code on either side of a threshold. */
export const MAMBA_STORE_MARGIN = 24;
/** Residual coordinates: bit 0, bit 1, query marker, counter code, answer. */
const Z0 = 0, Z1 = 1, QM = 2, P = 3, O = 4;
const MIN_WIDTH = 5;

const silu = (x: number): number => x / (1 + Math.exp(-x));

/** Fraction bits of the counter: the least F ≥ 1 with 2^F ≥ C. */
export function mambaStoreFractionBits(capacity: number): number {
  return Math.max(1, Math.ceil(Math.log2(capacity)));
}

/** Layers L and channels E (= width) with (L − 1)(E − 1) ≥ C and L·E least (fewer layers on a tie). */
export function mambaStoreShape(capacity: number): { layers: number; channels: number } {
  let best = { layers: 2, channels: Math.max(MIN_WIDTH, capacity + 1) };
  for (let E = MIN_WIDTH; E <= capacity + 1; E++) {
    const L = 1 + Math.ceil(capacity / (E - 1));
    if (L * E < best.layers * best.channels || (L * E === best.layers * best.channels && L < best.layers)) best = { layers: L, channels: E };
  }
  return best;
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
  const { layers: L, channels: E } = mambaStoreShape(C);
  const d = E;
  const config = { width: d, layers: L, vocabSize: V, dState: 1, dConv: 1, expand: 1, dtRank: 1 };
  const t = zeroTensors("mamba", config, architectureNamed as never);
  const eps = Math.fround(1e-5);
  const rmsOf = (p: number, extra = 0): number => Math.sqrt((1 + p * p + extra) / d + eps);
  // The code δ of position t (0-based) as every store layer computes it: channel 0's silu of −u_P.
  const code = (t: number): number => (t + 1) * s;
  const delta = (t: number): number => silu(code(t) / rmsOf(code(t)));

  const emb = t["embedding.weight"];
  emb.set(INDEX_BIT0, Z0, 1).set(INDEX_BIT1, Z1, 1);
  for (let j = 0; indexQueryToken(j) < V; j++) emb.set(indexQueryToken(j), QM, 1).set(indexQueryToken(j), P, -code(j + 1));
  for (let k = 0; k < L; k++) {
    t[`layers.${k}.norm.weight`].data.fill(1);
    t[`layers.${k}.mixer.conv1d.weight`].data.fill(1);
  }
  t["final_norm.weight"].data.fill(1);

  // Layer 1: the counter on channel 0; its residual output on P is ≈ h (−s per bit).
  {
    const m = (n: string) => t[`layers.0.mixer.${n}`];
    const X = silu(1 / Math.sqrt(1 / d + eps)); // xc_0 and silu(z_0) at a bit token
    m("in_proj.weight").set(0, Z0, 1).set(0, Z1, 1).set(E, Z0, 1).set(E, Z1, 1);
    m("x_proj.weight").set(1, 0, -s / (Math.LN2 * X * X)).set(2, 0, 1); // B, C; δ = 0 so Δ = ln 2
    m("A_log").data.fill(-100); // A rounds to (almost) 0: no decay
    m("out_proj.weight").set(P, 0, 1 / (X * X));
  }

  // Layers 2..L: channel 0 carries the code (δ, B, C); channels 1..E−1 hold positions π.
  const lambda = 4 / delta(0);
  const rmsMax = rmsOf(code(C + 1));
  const gateGain = (2 * MAMBA_STORE_MARGIN * rmsMax) / s;
  // |v| ≥ 2 at the answer coordinate: C ≥ δ(1), silu(z) ≥ 24.
  const answerScale = 2 / (delta(1) * MAMBA_STORE_MARGIN);
  for (let k = 1; k < L; k++) {
    const m = (n: string) => t[`layers.${k}.mixer.${n}`];
    const inp = m("in_proj.weight"), dt = m("dt_proj.weight"), db = m("dt_proj.bias"), out = m("out_proj.weight");
    inp.set(0, P, -1);
    m("x_proj.weight").set(0, 0, 1).set(1, 0, -lambda).set(2, 0, 1);
    db.data.fill(-40); // Δ ≈ 0: channels that hold no position keep 0
    for (let c = 1; c < E; c++) {
      const pi = (k - 1) * (E - 1) + (c - 1);
      if (pi >= C) continue;
      inp.set(c, Z1, 1);
      inp.set(E + c, P, gateGain).set(E + c, QM, gateGain * (pi + 2.5) * s);
      const lo = delta(pi), gap = delta(pi + 1) - lo;
      const G = (2 * MAMBA_STORE_MARGIN) / gap;
      dt.set1(c, -G);
      db.set1(c, G * (lo + gap / 2));
      out.set(O, c, answerScale);
    }
  }
  t["readout.weight"].set(INDEX_BIT1, O, -1);
  t["readout.bias"].set1(INDEX_BIT0, 1);
  return weightsConstruction("mamba-store", "mamba", config, t, formats, opts.roundWeights ?? true);
}

/** Parses a --format for mamba-store (default: fp32 weights and compute, state fixed:1.F). */
export function mambaStoreFormats(text: string | undefined, capacity: number): RoleFormats {
  return parseRoleFormats(text ?? mambaStoreDefaultFormat(capacity));
}
