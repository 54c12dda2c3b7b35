import { UserError } from "../util/errors.js";
import { dotRow } from "./_internals/dot.js";
import { linear } from "./_internals/linear.js";
import type { MixerArchitecture, MixerLayer } from "./_internals/mixerArchitecture.js";
import { mixerDescriptor } from "./_internals/mixerDescriptor.js";
import type { ModelOps } from "./_internals/modelOps.js";

/**
 * Real diagonal linear recurrence (the twin's DiagonalRNNMixer, S4D/DSS-like). N = dState
 * (default width), u the normalised block input (also the x of D ⊙ x); σ_s rounds to the state format:
 *   λ_n = σ(decay_logit_n) (computed once);  h_n ← σ_s(round(round(λ_n·h_n) + dot(in_proj[n], u)))
 *   out_i = round(dot(out_proj[i], h) + round(D_i·u_i))   (the new, stored h)
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

export class DiagonalRnnMixer implements MixerLayer {
  readonly grows = false;

  constructor(private readonly p: DiagonalRnnParams) {}

  stateLength(): number {
    return this.p.N;
  }

  init(): Float64Array {
    return new Float64Array(this.p.N);
  }

  step(f: ModelOps, mem: Float64Array, u: Float64Array, toState: (x: number) => number): { state: Float64Array; y: Float64Array } {
    const { d, N } = this.p;
    const next = new Float64Array(N);
    for (let n = 0; n < N; n++) next[n] = toState(f.add(f.mul(this.p.lambda[n], mem[n]), dotRow(f, this.p.inProj, n * d, u, 0, d)));
    const y = linear(f, this.p.outProj, d, N, next);
    for (let i = 0; i < d; i++) y[i] = f.add(y[i], f.mul(this.p.D[i], u[i]));
    return { state: next, y };
  }
}

const MIXER: MixerArchitecture = {
  name: "diagonal-rnn",
  hasMlp: true,
  ownKeys: ["dState"],
  inertKeys: ["heads"],
  memoryFormula: "dState",
  formulaValues: (c) => ({ dState: c.dState }),

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

  initRule(name, shape, c) {
    if (name === "decay_logit") {
      // λ spread over [0.5, 0.999], as the twin's torch.linspace
      const N = c.dState;
      return {
        kind: "custom",
        value: (k) => {
          const lam = N === 1 ? 0.5 : 0.5 + ((0.999 - 0.5) * k) / (N - 1);
          return Math.log(lam / (1 - lam));
        },
      };
    }
    if (name === "D") return { kind: "ones" };
    return { kind: "uniform", bound: 1 / Math.sqrt(shape[shape.length - 1]) };
  },

  memoryLength: (c) => c.dState,

  build(t, c, f) {
    const lambda = new Float64Array(c.dState);
    for (let n = 0; n < c.dState; n++) lambda[n] = f.sigmoid(t["decay_logit"][n]);
    return new DiagonalRnnMixer({ inProj: t["in_proj.weight"], lambda, outProj: t["out_proj.weight"], D: t["D"], d: c.width, N: c.dState });
  },
};

/** Diagonal linear RNN blocks with a SwiGLU MLP. */
export const DIAGONAL_RNN = mixerDescriptor(MIXER);
