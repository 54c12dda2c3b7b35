import type { KernelOps } from "./_internals/kernelOps.js";
import { buildSeeded, type RecurrentOptions } from "./_internals/build.js";
import { dotRow } from "./_internals/dot.js";
import type { RecurrentParams } from "./_internals/params.js";
import { RecurrentModel, type Architecture } from "./_internals/recurrentModel.js";

/**
 * Elman RNN (PyTorch nn.RNN). Per layer, every operation rounded to the format:
 *   pre[r] = round( round(dot(W_ih[r], x) + b_ih[r]) + round(dot(W_hh[r], h) + b_hh[r]) )
 *   h' = tanh(pre)   or, with nonlinearity 'relu', h' = max(pre, 0) (exact: no rounding)
 * State [h_l0, h_l1, …]; stateBits = layers·width·bits.
 */
const elmanKernel = (
  p: RecurrentParams,
  f: KernelOps,
  state: Float64Array,
  token: number,
  next: Float64Array,
): void => {
  const H = p.config.width;
  const relu = p.config.nonlinearity === "relu";
  let x = p.embedding;
  let xOff = token * p.config.inputSize;
  for (let k = 0; k < p.layers.length; k++) {
    const { wih, whh, bih, bhh, inSize } = p.layers[k];
    const hOff = H * k;
    for (let r = 0; r < H; r++) {
      const a = f.add(dotRow(f, wih, r * inSize, x, xOff, inSize), bih[r]);
      const b = f.add(dotRow(f, whh, r * H, state, hOff, H), bhh[r]);
      const pre = f.add(a, b);
      // relu keeps +0 for every pre ≤ 0 (and NaN stays NaN), as torch.relu does.
      next[hOff + r] = relu ? (pre > 0 ? pre : pre <= 0 ? 0 : pre) : f.tanh(pre);
    }
    x = next;
    xOff = hOff;
  }
};

export const ELMAN: Architecture = { name: "elman", kernel: elmanKernel, scratchSize: () => 0 };

/** A seeded Elman RNN over a number format (PyTorch-like init, rounded to the format). */
export function createElman(options: RecurrentOptions): RecurrentModel {
  return buildSeeded(ELMAN, options);
}
