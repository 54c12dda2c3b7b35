import { UserError } from "../util/errors.js";
import { dotRow } from "./_internals/dot.js";
import { linear } from "./_internals/linear.js";
import type { MixerArchitecture, MixerConfig, MixerLayer, MixerTensors } from "./_internals/mixerArchitecture.js";
import { mixerDescriptor } from "./_internals/mixerDescriptor.js";
import type { ModelOps } from "./_internals/modelOps.js";

/**
 * Mamba (S6) selective scan, as the twin's MambaMixer (src/float/python/mixers.py). With
 * E = expand·width, N = dState, K = dConv, R = dtRank and u the normalised block input, per
 * token, every operation rounded to the compute format (σ_s = rounding to the state format):
 *   x_e = dot(in_proj[e], u), z_e = dot(in_proj[E + e], u)          (rows 0..E−1 are x, E..2E−1 z)
 *   c_e = round(Σ_{j<K} round(w[e, j]·win_j) + conv_bias_e), win = (window_e[0..K−2], x_e)
 *         (tap w[e, K−1] multiplies x_t: the twin's Conv1d pads K−1 on the left and keeps [..., :L])
 *   window_e ← (window_e[1..K−2], σ_s(x_e));  xc_e = silu(c_e);  (δ, B, C) = split(x_proj xc, [R, N, N])
 *   Δ_e = softplus(round(dot(dt_proj[e], δ) + dt_bias_e)),  A = round(−exp(A_log)) (computed once)
 *   h_en ← σ_s(round(round(exp(round(Δ_e·A_en))·h_en) + round(round(Δ_e·B_n)·xc_e)))
 *   y_e = round(Σ_n round(h_en·C_n) + round(D_e·xc_e))  (the new, stored h)
 *   out = out_proj(round(y_e·silu(z_e)))
 * Memory per layer: h [E, N] row-major, then the conv window [E, K−1] (oldest input first).
 */
export interface MambaParams {
  readonly inProj: Float64Array;
  readonly convW: Float64Array;
  readonly convB: Float64Array;
  readonly xProj: Float64Array;
  readonly dtW: Float64Array;
  readonly dtB: Float64Array;
  readonly A: Float64Array;
  readonly D: Float64Array;
  readonly outProj: Float64Array;
  readonly d: number;
  readonly E: number;
  readonly N: number;
  readonly K: number;
  readonly R: number;
}

function dims(c: MixerConfig): { E: number; N: number; K: number; R: number } {
  return { E: c.expand * c.width, N: c.dState, K: c.dConv, R: c.dtRank };
}

export class MambaMixer implements MixerLayer {
  readonly grows = false;
  private readonly length: number;

  constructor(private readonly p: MambaParams) {
    this.length = p.E * (p.N + p.K - 1);
  }

  stateLength(): number {
    return this.length;
  }

  init(): Float64Array {
    return new Float64Array(this.length);
  }

  step(f: ModelOps, mem: Float64Array, u: Float64Array, toState: (x: number) => number): { state: Float64Array; y: Float64Array } {
    const { p } = this;
    const { d, E, N, K, R } = p;
    const next = new Float64Array(this.length);
    const xz = linear(f, p.inProj, 2 * E, d, u);
    const xc = new Float64Array(E);
    const W = K - 1;
    for (let e = 0; e < E; e++) {
      const b = E * N + e * W;
      let acc = 0;
      for (let j = 0; j < W; j++) acc = f.add(acc, f.mul(p.convW[e * K + j], mem[b + j]));
      acc = f.add(acc, f.mul(p.convW[e * K + W], xz[e]));
      xc[e] = f.silu(f.add(acc, p.convB[e]));
      for (let j = 0; j + 1 < W; j++) next[b + j] = mem[b + j + 1];
      if (W > 0) next[b + W - 1] = toState(xz[e]);
    }
    const dbc = linear(f, p.xProj, R + 2 * N, E, xc);
    const g = new Float64Array(E);
    for (let e = 0; e < E; e++) {
      const delta = f.softplus(f.add(dotRow(f, p.dtW, e * R, dbc, 0, R), p.dtB[e]));
      const x = xc[e];
      const h = e * N;
      let y = 0;
      for (let n = 0; n < N; n++) {
        const decay = f.exp(f.mul(delta, p.A[h + n]));
        const hn = toState(f.add(f.mul(decay, mem[h + n]), f.mul(f.mul(delta, dbc[R + n]), x)));
        next[h + n] = hn;
        y = f.add(y, f.mul(hn, dbc[R + N + n]));
      }
      y = f.add(y, f.mul(p.D[e], x));
      g[e] = f.mul(y, f.silu(xz[E + e]));
    }
    return { state: next, y: linear(f, p.outProj, d, E, g) };
  }
}

const MIXER: MixerArchitecture = {
  name: "mamba",
  hasMlp: false,
  ownKeys: ["dState", "dConv", "expand", "dtRank"],
  inertKeys: ["heads", "ffnSize"],
  memoryFormula: "expand·width·(dState + dConv − 1)",
  formulaValues: (c) => ({ expand: c.expand, width: c.width, dState: c.dState, dConv: c.dConv }),

  resolve(c, given, source) {
    const whole = (key: keyof MixerConfig, v: number): number => {
      if (!Number.isInteger(v) || v < 1) throw new UserError(`${source}: ${key} must be a positive integer, got ${String(v)}`);
      return v;
    };
    return {
      ...c,
      dState: whole("dState", given.dState ?? 16),
      dConv: whole("dConv", given.dConv ?? 4),
      expand: whole("expand", given.expand ?? 2),
      dtRank: whole("dtRank", given.dtRank ?? Math.ceil(c.width / 16)),
    };
  },

  shapes(c) {
    const { E, N, K, R } = dims(c);
    return [
      ["in_proj.weight", [2 * E, c.width]],
      ["conv1d.weight", [E, 1, K]],
      ["conv1d.bias", [E]],
      ["x_proj.weight", [R + 2 * N, E]],
      ["dt_proj.weight", [E, R]],
      ["dt_proj.bias", [E]],
      ["A_log", [E, N]],
      ["D", [E]],
      ["out_proj.weight", [c.width, E]],
    ];
  },

  initRule(name, shape, c) {
    const { N, K } = dims(c);
    switch (name) {
      case "conv1d.bias":
        return { kind: "uniform", bound: 1 / Math.sqrt(K) }; // Conv1d: fan_in = K per group
      case "dt_proj.bias":
        // dt log-uniform in [1e−3, 1e−1] through the inverse softplus, as the twin
        return {
          kind: "custom",
          value: (_k, rng) => {
            const dt = Math.exp(rng.float() * (Math.log(0.1) - Math.log(1e-3)) + Math.log(1e-3));
            return dt + Math.log(-Math.expm1(-dt));
          },
        };
      case "A_log":
        return { kind: "custom", value: (k) => Math.log((k % N) + 1) };
      case "D":
        return { kind: "ones" };
      default:
        return { kind: "uniform", bound: 1 / Math.sqrt(shape[shape.length - 1]) };
    }
  },

  memoryLength(c) {
    const { E, N, K } = dims(c);
    return E * (N + K - 1);
  },

  build(t: MixerTensors, c, f) {
    const { E, N, K, R } = dims(c);
    const A = new Float64Array(E * N);
    for (let k = 0; k < A.length; k++) A[k] = f.neg(f.exp(t["A_log"][k]));
    return new MambaMixer({
      inProj: t["in_proj.weight"],
      convW: t["conv1d.weight"],
      convB: t["conv1d.bias"],
      xProj: t["x_proj.weight"],
      dtW: t["dt_proj.weight"],
      dtB: t["dt_proj.bias"],
      A,
      D: t["D"],
      outProj: t["out_proj.weight"],
      d: c.width,
      E,
      N,
      K,
      R,
    });
  },
};

/** Mamba (S6) blocks, without an MLP (the twin's `_mixer_block`). */
export const MAMBA = mixerDescriptor(MIXER);
