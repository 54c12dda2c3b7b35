import { linear } from "./linear.js";
import type { ModelOps } from "./modelOps.js";

/** `mlp.w_gate.weight` [F, d], `mlp.w_up.weight` [F, d], `mlp.w_down.weight` [d, F]; no biases. */
export interface SwiGluParams {
  readonly gate: Float64Array;
  readonly up: Float64Array;
  readonly down: Float64Array;
  readonly hidden: number;
  readonly width: number;
}

/** y = w_down(silu(w_gate x) ⊙ w_up x): g, u by `linear`, h_j = round(silu(g_j)·u_j), then w_down h. */
export function swiglu(f: ModelOps, p: SwiGluParams, x: Float64Array): Float64Array {
  const g = linear(f, p.gate, p.hidden, p.width, x);
  const u = linear(f, p.up, p.hidden, p.width, x);
  const h = new Float64Array(p.hidden);
  for (let j = 0; j < p.hidden; j++) h[j] = f.mul(f.silu(g[j]), u[j]);
  return linear(f, p.down, p.width, p.hidden, h);
}

export function swigluShapes(prefix: string, width: number, hidden: number): [string, number[]][] {
  return [
    [`${prefix}.w_gate.weight`, [hidden, width]],
    [`${prefix}.w_up.weight`, [hidden, width]],
    [`${prefix}.w_down.weight`, [width, hidden]],
  ];
}
