import { UserError } from "../util/errors.js";
import { dotRow } from "./_internals/dot.js";
import type { MixerArchitecture } from "./_internals/mixerArchitecture.js";
import { linear } from "./_internals/mixerPieces.js";

/**
 * Real diagonal linear recurrence (the twin's DiagonalRNNMixer, S4D/DSS-like). N = dState
 * (default width), u the normalised block input (also the x of D ⊙ x):
 *   λ_n = σ(decay_logit_n) (computed once);  h_n ← round(round(λ_n·h_n) + dot(in_proj[n], u))
 *   out_i = round(dot(out_proj[i], h) + round(D_i·u_i))
 * Memory per layer: h [N].
 */
export interface DiagonalRnnParams {
  readonly inProj: Float64Array;
  readonly lambda: Float64Array;
  readonly outProj: Float64Array;
  readonly D: Float64Array;
  readonly d: number;
  readonly N: number;
}

export const DIAGONAL_RNN: MixerArchitecture<DiagonalRnnParams, null> = {
  name: "diagonal-rnn",
  hasMlp: true,
  ownKeys: ["dState"],
  memoryFormula: "dState",

  resolve(c, given, source) {
    const N = given.dState ?? c.width;
    if (!Number.isInteger(N) || N < 1) throw new UserError(`${source}: dState must be a positive integer, got ${String(N)}`);
    return { ...c, dState: N };
  },

  shapes: (c) => [
    ["in_proj.weight", [c.dState, c.width]],
    ["decay_logit", [c.dState]],
    ["out_proj.weight", [c.width, c.dState]],
    ["D", [c.width]],
  ],

  initValue(name, shape, c, rng, index) {
    if (name === "decay_logit") {
      // λ spread over (0.5, 0.999), as the twin's torch.linspace
      const N = c.dState;
      const lam = N === 1 ? 0.5 : 0.5 + ((0.999 - 0.5) * index) / (N - 1);
      return Math.log(lam / (1 - lam));
    }
    if (name === "D") return 1;
    return rng.uniform(-1 / Math.sqrt(shape[1]), 1 / Math.sqrt(shape[1]));
  },

  prepare(t, c, f) {
    const lambda = new Float64Array(c.dState);
    for (let n = 0; n < c.dState; n++) lambda[n] = f.sigmoid(t["decay_logit"][n]);
    return { inProj: t["in_proj.weight"], lambda, outProj: t["out_proj.weight"], D: t["D"], d: c.width, N: c.dState };
  },

  scratch: () => null,
  memoryLength: (c) => c.dState,

  step(p, f, _s, mem, next, off, u, out) {
    const { d, N } = p;
    for (let n = 0; n < N; n++) {
      next[off + n] = f.add(f.mul(p.lambda[n], mem[off + n]), dotRow(f, p.inProj, n * d, u, 0, d));
    }
    linear(f, p.outProj, d, N, next, off, out, 0);
    for (let i = 0; i < d; i++) out[i] = f.add(out[i], f.mul(p.D[i], u[i]));
  },
};
