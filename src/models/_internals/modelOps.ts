import type { Format } from "../../numeric/format.js";
import { kernelOps, type KernelOps } from "./kernelOps.js";

/**
 * The operations the non-recurrent pieces (norms, attention, SwiGLU) call, all correctly
 * rounded to the compute format: KernelOps plus division, square root, exp, silu, softplus,
 * negation and the reciprocal square root.
 */
export interface ModelOps extends KernelOps {
  div(a: number, b: number): number;
  sqrt(a: number): number;
  neg(a: number): number;
  exp(a: number): number;
  log(a: number): number;
  silu(a: number): number;
  softplus(a: number): number;
  rsqrt(a: number): number;
}

/** ModelOps of a format: the fast kernel ops where they exist, the format's own methods for the rest. */
export function modelOps(format: Format): ModelOps {
  const k = kernelOps(format) as KernelOps & Partial<ModelOps>;
  const f = format as Format & Partial<Pick<ModelOps, "rsqrt">>;
  const pick = <K extends keyof ModelOps>(name: K): ModelOps[K] =>
    (typeof k[name] === "function" ? (k[name] as Function).bind(k) : (f as unknown as Record<string, Function>)[name]?.bind(f)) as ModelOps[K];
  return {
    add: k.add.bind(k),
    sub: k.sub.bind(k),
    mul: k.mul.bind(k),
    tanh: k.tanh.bind(k),
    sigmoid: k.sigmoid.bind(k),
    round: k.round.bind(k),
    div: pick("div"),
    sqrt: pick("sqrt"),
    neg: pick("neg"),
    exp: pick("exp"),
    log: pick("log"),
    silu: pick("silu"),
    softplus: pick("softplus"),
    rsqrt: pick("rsqrt") ?? rsqrtByDivision(format),
  };
}

/**
 * Until the numeric primitives provide a correctly rounded rsqrt: round(1/round(√a)), two
 * roundings. Replaced by format.rsqrt wherever the format has it.
 */
function rsqrtByDivision(format: Format): (a: number) => number {
  return (a) => format.div(1, format.sqrt(a));
}
