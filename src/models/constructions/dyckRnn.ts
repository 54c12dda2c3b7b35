/**
 * `dyck-rnn`: the 8-state Dyck-(2,2) recogniser (7 live states and one reject) as weights of
 * the ordinary gru architecture, width 3 (docs/constructions.md has the table, the argument and
 * the proof that no single-layer Elman cell can do it).
 *
 * State: the 8 automaton states coded in {0,1}³ (DYCK_RNN_CODES; the empty stack ε is the
 * all-zero state, PyTorch's h0). The state format holds 0 and 1 (fixed:2.0: 2 bits), so
 * M = 3·2 = 6 bits at every length. The code was found by an exhaustive search over all 7!
 * assignments of the other states to the 7 non-zero codes (scripts/search-dyck-gru.mjs): up to
 * permuting units and mirroring ( ↔ [, it is the only one with small integer gates.
 *
 * Each unit u computes, per token t, z = [w_z·h + c_z(t) > 0], r = [w_r·h + c_r(t) > 0],
 * n = sign(a(t) + r·(w_n·h + b_n)), h'_u = z ? h_u : n, with w_z, w_r, w_n, b_n shared by all
 * tokens (rows of W_hz, W_hr, W_hn and b_hn, times the gain Γ) and c_z, c_r, a the token's
 * columns of W_iz, W_ir, W_in (times Γ). Every z/r argument is a half-integer and every n
 * argument an integer ≥ 0, so with Γ = 20 the gates are within 5·10⁻⁵ of 0 or 1 and rounding
 * the state to fixed:2.0 removes the remainders.
 */
import { parseRoleFormats, type RoleFormats } from "../_internals/roleFormats.js";
import type { ExactModel } from "../_internals/descriptor.js";
import { DYCK_CLOSE_ROUND, DYCK_CLOSE_SQUARE, DYCK_NO, DYCK_OPEN_ROUND, DYCK_OPEN_SQUARE, DYCK_YES } from "../../tasks/dyck.js";
import { userError } from "../../util/errors.js";
import { TensorBuilder, weightsConstruction } from "./_internals/recurrentWeights.js";

export const DYCK_RNN_DEFAULT_FORMAT = "weights=fp32,compute=fp32,state=fixed:2.0";
export const DYCK_RNN_GAIN = 20;
export const DYCK_RNN_WIDTH = 3;
export type DyckState = "ε" | "(" | "[" | "((" | "([" | "[(" | "[[" | "R";
/** Each automaton state's code, unit 0 first. */
export const DYCK_RNN_CODES: Readonly<Record<DyckState, readonly [number, number, number]>> = {
  "ε": [0, 0, 0],
  "(": [1, 0, 0],
  "[": [1, 1, 0],
  "((": [0, 0, 1],
  "([": [1, 0, 1],
  "[(": [0, 1, 0],
  "[[": [0, 1, 1],
  R: [1, 1, 1],
};
const VOCAB = 6;
const E = 4;
const TOKENS = { "(": DYCK_OPEN_ROUND, ")": DYCK_CLOSE_ROUND, "[": DYCK_OPEN_SQUARE, "]": DYCK_CLOSE_SQUARE } as const;
type Tok = keyof typeof TOKENS;

/** One unit's gates (before the gain): shared weights over h, per-token constants. */
export interface DyckUnitGates {
  readonly wz: readonly number[];
  readonly wr: readonly number[];
  readonly wn: readonly number[];
  readonly bn: number;
  readonly cz: Readonly<Record<Tok, number>>;
  readonly cr: Readonly<Record<Tok, number>>;
  readonly a: Readonly<Record<Tok, number>>;
}

/** The gates of each unit, checked case by case in docs/constructions.md. */
export const DYCK_RNN_GATES: readonly DyckUnitGates[] = [
  {
    wz: [1, -1, 0], wr: [0, -1, 0], wn: [-1, 0, 1], bn: 0,
    cz: { "(": -1.5, ")": -1.5, "[": -0.5, "]": -0.5 },
    cr: { "(": 1.5, ")": 0.5, "[": 1.5, "]": 1.5 },
    a: { "(": 1, ")": 1, "[": 1, "]": 1 },
  },
  {
    wz: [-1, 0, 1], wr: [1, 1, 1], wn: [0, 1, 1], bn: -2,
    cz: { "(": -1.5, ")": -0.5, "[": -1.5, "]": -1.5 },
    cr: { "(": 0.5, ")": -0.5, "[": -0.5, "]": -1.5 },
    a: { "(": 2, ")": 2, "[": 2, "]": 1 },
  },
  {
    wz: [-1, -1, 1], wr: [-1, -1, -1], wn: [-1, -1, -1], bn: 0,
    cz: { "(": 0.5, ")": -1.5, "[": 0.5, "]": -0.5 },
    cr: { "(": 2.5, ")": 1.5, "[": 3.5, "]": 2.5 },
    a: { "(": 2, ")": 1, "[": 4, "]": 2 },
  },
];

export interface DyckRnnOptions {
  readonly format?: string | RoleFormats;
  /** Round the weights to the weights format (precision search) instead of requiring them exact. */
  readonly roundWeights?: boolean;
  /** Gain Γ (default 20). */
  readonly gain?: number;
}

export function dyckRnn(opts: DyckRnnOptions = {}): ExactModel {
  const formats = typeof opts.format === "object" ? opts.format : parseRoleFormats(opts.format ?? DYCK_RNN_DEFAULT_FORMAT);
  if (!opts.roundWeights && (formats.state.round(1) !== 1 || formats.state.round(0) !== 0)) userError(`dyck-rnn needs a state format that holds 0 and 1; ${formats.state.name} does not`);
  const G = opts.gain ?? DYCK_RNN_GAIN;
  const H = DYCK_RNN_WIDTH;
  const emb = new TensorBuilder([VOCAB, E]);
  for (const t of Object.values(TOKENS)) emb.set(t, t, 1);
  const wih = new TensorBuilder([3 * H, E]);
  const whh = new TensorBuilder([3 * H, H]);
  const bih = new TensorBuilder([3 * H]);
  const bhh = new TensorBuilder([3 * H]);
  // PyTorch's row blocks: r (0..H−1), z (H..2H−1), n (2H..3H−1).
  const R0 = 0, Z0 = H, N0 = 2 * H;
  DYCK_RNN_GATES.forEach((g, j) => {
    for (let k = 0; k < H; k++) {
      whh.set(R0 + j, k, G * g.wr[k]);
      whh.set(Z0 + j, k, G * g.wz[k]);
      whh.set(N0 + j, k, G * g.wn[k]);
    }
    bhh.set1(N0 + j, G * g.bn);
    for (const [t, id] of Object.entries(TOKENS) as [Tok, number][]) {
      wih.set(R0 + j, id, G * g.cr[t]);
      wih.set(Z0 + j, id, G * g.cz[t]);
      wih.set(N0 + j, id, G * g.a[t]);
    }
  });
  // Accept iff no unit is on (ε is the only all-zero code): "1" gets ½, "0" gets Σ_u h_u.
  const ro = new TensorBuilder([VOCAB, H]);
  const rb = new TensorBuilder([VOCAB]);
  for (let k = 0; k < H; k++) ro.set(DYCK_NO, k, 1);
  rb.set1(DYCK_YES, 0.5);
  return weightsConstruction(
    "dyck-rnn",
    "gru",
    { width: H, layers: 1, vocabSize: VOCAB, inputSize: E },
    { "embedding.weight": emb, "rnn.weight_ih_l0": wih, "rnn.weight_hh_l0": whh, "rnn.bias_ih_l0": bih, "rnn.bias_hh_l0": bhh, "readout.weight": ro, "readout.bias": rb },
    formats,
    opts.roundWeights ?? false,
  );
}
