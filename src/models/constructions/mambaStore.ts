/**
 * `mamba-store`: weights for the ordinary mamba architecture (L layers of width and E = 5
 * channels, dState 1, dConv 1, expand 1, dtRank 1) that hold n input bits exactly for every n
 * up to the capacity C (`--width`), on Index. docs/constructions.md has the weights and the
 * reason C/M stops at 1/5; in short:
 *
 * Δ, B and C see only the current token (dConv = 1 keeps the conv window empty, so it costs no
 * state), never the scan state h, so a write cannot depend on what its own layer holds. The
 * position therefore comes from counters in earlier layers, summed on one residual coordinate
 * P (the code): counter k (layer k + 1, no decay, −¼ per bit in the saturating state format
 * fixed:1.2) switches on once counter k − 1 is full, so each adds m − 1 = 3 new codes. Layer
 * k + 2 holds the 3 positions π of counter k's codes, one channel each: Δ_π is a softplus
 * threshold on δ = silu(−u_P), large (decay e^−Δ ≈ 0: overwrite with the current bit) while
 * t ≤ π and ≈ 0 (decay 1, no write: hold) after. A bit 1 writes ≤ −3, which the state format
 * saturates to −1; a bit 0 writes exactly 0 (silu(0) = 0). The query @j carries the code just
 * after position j: slots π ≤ j hold, later ones are cleared (a query writes nothing), and
 * the output gate silu(z_π) is open only from j on, so slot j alone reaches the answer
 * coordinate; the readout compares −h_j (scaled) with 1.
 *
 * Weights and compute fp32 by default. M = L·5·3 + ⌈log₂(V + 1)⌉, L = 1 + ⌈C/3⌉.
 */
import { parseRoleFormats, type RoleFormats } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import { architectureNamed } from "../architectures.js";
import { INDEX_BIT0, INDEX_BIT1, indexQueryToken } from "../../tasks/indexTask.js";
import { userError } from "../../util/errors.js";
import { weightsConstruction, zeroTensors } from "./_internals/recurrentWeights.js";

/** softplus argument (and output-gate z) at the nearest code on either side of a threshold. */
export const MAMBA_STORE_MARGIN = 24;
/** Residual coordinates: bit 0, bit 1, query marker, the code, the answer. */
const Z0 = 0, Z1 = 1, QM = 2, P = 3, O = 4;
const silu = (x: number): number => x / (1 + Math.exp(-x));
/** x ≥ 0 with silu(x) = y (y ≥ 0), by bisection. */
function siluInverse(y: number): number {
  let lo = 0, hi = Math.max(1, 2 * y + 2);
  for (let k = 0; k < 200; k++) {
    const mid = (lo + hi) / 2;
    if (silu(mid) < y) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}

/** Counter levels −¼, −½, −¾, −1: the state format fixed:1.2 (3 bits). */
export const MAMBA_STORE_LEVEL_BITS = 2;
const LEVELS = 2 ** MAMBA_STORE_LEVEL_BITS;
const PER_LAYER = LEVELS - 1;
const E = PER_LAYER + 2; // code channel 0, slots 1..PER_LAYER, counter E − 1

/** Layers and channels (= width) for capacity C: one counter layer, then 3 slots a layer. */
export function mambaStoreShape(capacity: number): { layers: number; channels: number } {
  return { layers: 1 + Math.ceil(capacity / PER_LAYER), channels: E };
}

export const MAMBA_STORE_DEFAULT_FORMAT = `weights=fp32,compute=fp32,state=fixed:1.${MAMBA_STORE_LEVEL_BITS}`;

/** The default format (the same at every capacity). */
export function mambaStoreDefaultFormat(_capacity?: number): string {
  return MAMBA_STORE_DEFAULT_FORMAT;
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
  const formats = typeof opts.format === "object" ? opts.format : parseRoleFormats(opts.format ?? MAMBA_STORE_DEFAULT_FORMAT);
  const s = 1 / LEVELS;
  const st = formats.state;
  // A full counter and a bit 1 rely on the state saturating at −1.
  let holds = st.round(-1 - s) === -1;
  for (let k = 0; k <= LEVELS; k++) holds &&= st.round(-k * s) === -k * s;
  if (!holds) userError(`mamba-store needs a state format that holds 0, −¼, −½, −¾, −1 and saturates below −1 (fixed:1.2); ${st.name} does not`);
  const { layers: L } = mambaStoreShape(C);
  const d = E;
  const config = { width: d, layers: L, vocabSize: V, dState: 1, dConv: 1, expand: 1, dtRank: 1 };
  const t = zeroTensors("mamba", config, architectureNamed as never);
  const eps = Math.fround(1e-5);
  const rmsOf = (p: number): number => Math.sqrt((1 + p * p) / d + eps);
  // The code of position π: the sum of the counters' levels after it, idx(π) = π + ⌊π / (m − 1)⌋ + 1,
  // times σ on the residual coordinate P (negative); δ is the code channel's silu(−u_P).
  const idx = (pi: number): number => pi + Math.floor(pi / PER_LAYER) + 1;
  const sigma = 1 / (idx(C) + 2);
  const deltaAt = (i: number): number => silu((sigma * i) / rmsOf(sigma * i));

  const emb = t["embedding.weight"];
  emb.set(INDEX_BIT0, Z0, 1).set(INDEX_BIT1, Z1, 1);
  for (let j = 0; indexQueryToken(j) < V; j++) emb.set(indexQueryToken(j), QM, 1).set(indexQueryToken(j), P, -sigma * (idx(j) + 1));
  for (let k = 0; k < L; k++) {
    t[`layers.${k}.norm.weight`].data.fill(1);
    t[`layers.${k}.mixer.conv1d.weight`].data.fill(1);
    t[`layers.${k}.mixer.A_log`].data.fill(0);
    t[`layers.${k}.mixer.A_log`].set1(E - 1, -100); // counters do not decay
  }
  t["final_norm.weight"].data.fill(1);
  const CNT = E - 1;

  // Layer 1: counter 0, on at every bit; its output on P is −σ per level.
  {
    const m = (n: string) => t[`layers.0.mixer.${n}`];
    const X = silu(1 / Math.sqrt(1 / d + eps));
    m("in_proj.weight").set(CNT, Z0, 1).set(CNT, Z1, 1).set(E + CNT, Z0, 1).set(E + CNT, Z1, 1);
    m("x_proj.weight").set(1, CNT, -s / (Math.LN2 * X * X)).set(2, CNT, 1);
    m("out_proj.weight").set(P, CNT, sigma / (s * X * X));
  }

  // A bit 1 at its own position writes ≥ 24·λ·δ(1)·silu(u₁) ≥ 3, which saturates to −1; no more, so fp16 does not overflow.
  const lambda = 0.125 / deltaAt(1);
  const rmsMax = rmsOf(sigma * (idx(C) + 2));
  const gateGain = (2 * MAMBA_STORE_MARGIN * rmsMax) / sigma;
  const answerScale = 2 / (deltaAt(1) * MAMBA_STORE_MARGIN);
  const counters = Math.ceil(C / PER_LAYER); // counter k lives in layer k + 1, k < counters
  for (let k = 1; k < L; k++) {
    const m = (n: string) => t[`layers.${k}.mixer.${n}`];
    const inp = m("in_proj.weight"), dt = m("dt_proj.weight"), db = m("dt_proj.bias"), out = m("out_proj.weight");
    inp.set(0, P, -1);
    m("x_proj.weight").set(0, 0, 1).set(1, 0, -lambda).set(2, 0, 1);
    db.data.fill(-40);
    // Slots: segment k − 1, positions (k − 1)(m − 1) … .
    for (let c = 1; c <= PER_LAYER; c++) {
      const pi = (k - 1) * PER_LAYER + (c - 1);
      if (pi >= C) continue;
      const i = idx(pi);
      inp.set(c, Z1, 1);
      inp.set(E + c, P, gateGain).set(E + c, QM, gateGain * (i + 1.5) * sigma);
      const lo = deltaAt(i), gap = deltaAt(i + 1) - lo;
      const G = (2 * MAMBA_STORE_MARGIN) / gap;
      dt.set1(c, -G);
      db.set1(c, G * (lo + gap / 2));
      out.set(O, c, answerScale);
    }
    // Counter k: on once counter k − 1 is full (code k·m), then −s per bit.
    if (k < counters) {
      const full = k * LEVELS;
      const dFull = deltaAt(full), dBefore = deltaAt(full - 1);
      const G = (2 * MAMBA_STORE_MARGIN) / (dFull - dBefore);
      dt.set1(CNT, G);
      db.set1(CNT, -G * (dBefore + dFull) / 2);
      const deltaOn = MAMBA_STORE_MARGIN; // softplus(G·(dFull − θ)) = 24
      const rms = rmsOf(sigma * full);
      const xc = s / (deltaOn * lambda * dFull);
      inp.set(CNT, Z0, siluInverse(xc) * rms).set(CNT, Z1, siluInverse(xc) * rms);
      inp.set(E + CNT, Z0, 1).set(E + CNT, Z1, 1);
      const gate = silu(1 / rms);
      out.set(P, CNT, sigma / (s * dFull * gate));
    }
  }
  t["readout.weight"].set(INDEX_BIT1, O, -1);
  t["readout.bias"].set1(INDEX_BIT0, 1);
  return weightsConstruction("mamba-store", "mamba", config, t, formats, opts.roundWeights ?? true);
}

/** Parses a --format for mamba-store (default: fp32 weights and compute, state fixed:1.2). */
export function mambaStoreFormats(text: string | undefined, _capacity?: number): RoleFormats {
  return parseRoleFormats(text ?? MAMBA_STORE_DEFAULT_FORMAT);
}
