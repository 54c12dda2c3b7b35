import type { Format } from "../../numeric/format.js";
import { kernelOps, type KernelOps } from "./kernelOps.js";

/**
 * The operations the sequence mixers (mamba, linear attention, diagonal RNN, retnet) use: the
 * step kernels' fast KernelOps plus the format's own div/sqrt/exp/softplus/silu, rsqrt and elu.
 */
export interface MixerOps extends KernelOps {
  div(a: number, b: number): number;
  sqrt(a: number): number;
  neg(a: number): number;
  exp(a: number): number;
  softplus(a: number): number;
  silu(a: number): number;
  /** 1/√a */
  rsqrt(a: number): number;
  /** a > 0 ? a : expm1(a) (alpha 1) */
  elu(a: number): number;
}

/** The mixers' operations over a format. */
export function mixerOps(format: Format): MixerOps {
  const k = kernelOps(format);
  const one = format.round(1);
  const f = format as Format & Partial<Pick<MixerOps, "rsqrt" | "elu">>;
  return {
    add: (a, b) => k.add(a, b),
    sub: (a, b) => k.sub(a, b),
    mul: (a, b) => k.mul(a, b),
    tanh: (a) => k.tanh(a),
    sigmoid: (a) => k.sigmoid(a),
    round: (x) => k.round(x),
    div: (a, b) => format.div(a, b),
    sqrt: (a) => format.sqrt(a),
    neg: (a) => format.neg(a),
    exp: (a) => format.exp(a),
    softplus: (a) => format.softplus(a),
    silu: (a) => format.silu(a),
    rsqrt: typeof f.rsqrt === "function" ? (a) => f.rsqrt!(a) : (a) => format.div(one, format.sqrt(a)),
    elu:
      typeof f.elu === "function"
        ? (a) => f.elu!(a)
        : format.spec.kind === "host"
          ? (a) => (a > 0 ? a : Math.expm1(a))
          : (a) => (a > 0 ? a : format.sub(format.exp(a), one)),
  };
}
