/**
 * `dyck-rnn`: the 8-state Dyck-(2,2) recogniser (7 live states and one reject) as weights of
 * the ordinary gru architecture (docs/constructions.md has the derivation and the proof that no
 * single-layer Elman cell can do it).
 *
 * State: one unit per non-empty automaton state, in the order ( [ (( ([ [( [[ R; the empty
 * stack ε is the all-zero state (PyTorch's h0), so after every prefix exactly one unit is 1 or
 * none is. The state format holds 0 and 1 (fixed:2.0: 2 bits), so M = 7·2 = 14 bits at every
 * length. Weights and compute are fp32 by default; every gate is a threshold with gain Γ = 20
 * (z, r) and Γ_n = 20 (n), and rounding the state to fixed:2.0 removes the σ/tanh remainders.
 *
 * Each unit u computes, per token t, z = [c_z(t) + L_z(h) > 0], r = [c_r(t) + L_r(h) > 0],
 * n = sign(a(t) + r·L_n(h)), h'_u = z ? h_u : n, with L_z, L_r, L_n linear forms of h shared by
 * all tokens (W_hz, W_hr, W_hn and b_hn) and c_z, c_r, a the token's columns of W_iz, W_ir, W_in.
 */
import { parseRoleFormats, type RoleFormats } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import { DYCK_CLOSE_ROUND, DYCK_CLOSE_SQUARE, DYCK_NO, DYCK_OPEN_ROUND, DYCK_OPEN_SQUARE, DYCK_YES } from "../../tasks/dyck.js";
import { userError } from "../../util/errors.js";
import { TensorBuilder, weightsConstruction } from "./_internals/recurrentWeights.js";

export const DYCK_RNN_DEFAULT_FORMAT = "weights=fp32,compute=fp32,state=fixed:2.0";
export const DYCK_RNN_GAIN = 20;
export const DYCK_RNN_UNITS = ["(", "[", "((", "([", "[(", "[[", "R"] as const;
const U = Object.fromEntries(DYCK_RNN_UNITS.map((s, k) => [s, k])) as Record<(typeof DYCK_RNN_UNITS)[number], number>;
const WIDTH = DYCK_RNN_UNITS.length;
const VOCAB = 6;
const TOKENS = { "(": DYCK_OPEN_ROUND, ")": DYCK_CLOSE_ROUND, "[": DYCK_OPEN_SQUARE, "]": DYCK_CLOSE_SQUARE } as const;
type Tok = keyof typeof TOKENS;
/** A token's column when it should force a gate shut (every L here is within ±3). */
const OFF = -4;

/** One unit's gates: the three linear forms and the per-token constants. */
interface UnitGates {
  /** L_z, L_r as weights over units; L_n as weights plus a bias. */
  lz: Partial<Record<(typeof DYCK_RNN_UNITS)[number], number>>;
  lr: Partial<Record<(typeof DYCK_RNN_UNITS)[number], number>>;
  ln: Partial<Record<(typeof DYCK_RNN_UNITS)[number], number>>;
  lnBias: number;
  cz: Record<Tok, number>;
  cr: Record<Tok, number>;
  a: Record<Tok, number>;
}

const all = (v: number): Record<Tok, number> => ({ "(": v, ")": v, "[": v, "]": v });
const allBut = (u: (typeof DYCK_RNN_UNITS)[number]) => Object.fromEntries(DYCK_RNN_UNITS.filter((k) => k !== u).map((k) => [k, 1]));

/** The unit of a state reached from one predecessor p by one token t (depth-2 states). */
const pushUnit = (p: "(" | "[", t: "(" | "["): UnitGates => ({
  lz: {}, lr: { [p]: 1 }, ln: {}, lnBias: 1,
  cz: all(OFF), cr: { ...all(OFF), [t]: -0.5 }, a: all(0),
});

/** The gates of every unit, derived in docs/constructions.md. */
export const DYCK_RNN_GATES: Record<(typeof DYCK_RNN_UNITS)[number], UnitGates> = {
  // "(" is reached from ε by "(", from "((" by ")", from "([" by "]".
  "(": {
    lz: allBut("("), lr: { "((": 2, "(": -1 }, ln: { "([": 1 }, lnBias: 1,
    cz: { ...all(OFF), "(": -0.5 }, cr: { "(": 0.5, ")": -1, "]": 3, "[": OFF }, a: { "(": 0, ")": 0, "]": -1, "[": 0 },
  },
  // The mirror image: ( ↔ [, ) ↔ ], (( ↔ [[, ([ ↔ [(.
  "[": {
    lz: allBut("["), lr: { "[[": 2, "[": -1 }, ln: { "[(": 1 }, lnBias: 1,
    cz: { ...all(OFF), "[": -0.5 }, cr: { "[": 0.5, "]": -1, ")": 3, "(": OFF }, a: { "[": 0, "]": 0, ")": -1, "(": 0 },
  },
  "((": pushUnit("(", "("),
  "([": pushUnit("(", "["),
  "[(": pushUnit("[", "("),
  "[[": pushUnit("[", "["),
  // Reject: opening at depth 2, closing the wrong type or an empty stack; then it stays.
  R: {
    lz: { R: 2, "(": 1, "((": 1, "[(": 1 }, lr: { "[": -1, "([": -1, "[[": -1 }, ln: { "((": 1, "([": 1, "[(": 1, "[[": 1 }, lnBias: 1,
    cz: { "(": -1.5, "[": -1.5, "]": -1.5, ")": -0.5 }, cr: { "(": 2, "[": 2, ")": -2, "]": 0.5 }, a: { "(": -1, "[": -1, ")": 1, "]": 0 },
  },
};

export interface DyckRnnOptions {
  readonly format?: string | RoleFormats;
  /** Round the weights to the weights format (precision search) instead of requiring them exact. */
  readonly roundWeights?: boolean;
  /** Gains (default Γ = Γ_n = 20). */
  readonly gain?: number;
}

export function dyckRnn(opts: DyckRnnOptions = {}): ExactModel {
  const formats = typeof opts.format === "object" ? opts.format : parseRoleFormats(opts.format ?? DYCK_RNN_DEFAULT_FORMAT);
  if (!opts.roundWeights && (formats.state.round(1) !== 1 || formats.state.round(0) !== 0)) userError(`dyck-rnn needs a state format that holds 0 and 1; ${formats.state.name} does not`);
  const G = opts.gain ?? DYCK_RNN_GAIN;
  const E = 4;
  const emb = new TensorBuilder([VOCAB, E]);
  for (const t of Object.values(TOKENS)) emb.set(t, t, 1);
  const wih = new TensorBuilder([3 * WIDTH, E]);
  const whh = new TensorBuilder([3 * WIDTH, WIDTH]);
  const bih = new TensorBuilder([3 * WIDTH]);
  const bhh = new TensorBuilder([3 * WIDTH]);
  // PyTorch's row blocks: r (0..H−1), z (H..2H−1), n (2H..3H−1).
  const R0 = 0, Z0 = WIDTH, N0 = 2 * WIDTH;
  for (const unit of DYCK_RNN_UNITS) {
    const j = U[unit];
    const g = DYCK_RNN_GATES[unit];
    for (const [k, w] of Object.entries(g.lr)) whh.set(R0 + j, U[k as keyof typeof U], G * (w as number));
    for (const [k, w] of Object.entries(g.lz)) whh.set(Z0 + j, U[k as keyof typeof U], G * (w as number));
    for (const [k, w] of Object.entries(g.ln)) whh.set(N0 + j, U[k as keyof typeof U], G * (w as number));
    bhh.set1(N0 + j, G * g.lnBias);
    for (const [t, id] of Object.entries(TOKENS) as [Tok, number][]) {
      wih.set(R0 + j, id, G * g.cr[t]);
      wih.set(Z0 + j, id, G * g.cz[t]);
      wih.set(N0 + j, id, G * g.a[t]);
    }
  }
  // Accept iff no unit is on: "1" gets ½, "0" gets the number of units on.
  const ro = new TensorBuilder([VOCAB, WIDTH]);
  const rb = new TensorBuilder([VOCAB]);
  for (let k = 0; k < WIDTH; k++) ro.set(DYCK_NO, k, 1);
  rb.set1(DYCK_YES, 0.5);
  return weightsConstruction(
    "dyck-rnn",
    "gru",
    { width: WIDTH, layers: 1, vocabSize: VOCAB, inputSize: E },
    { "embedding.weight": emb, "rnn.weight_ih_l0": wih, "rnn.weight_hh_l0": whh, "rnn.bias_ih_l0": bih, "rnn.bias_hh_l0": bhh, "readout.weight": ro, "readout.bias": rb },
    formats,
    opts.roundWeights ?? false,
  );
}
