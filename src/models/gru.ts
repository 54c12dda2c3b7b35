import type { KernelOps } from "./_internals/kernelOps.js";
import { buildSeeded, type RecurrentOptions } from "./_internals/build.js";
import { dotRow } from "./_internals/dot.js";
import type { RecurrentParams } from "./_internals/params.js";
import { RecurrentModel, type Architecture } from "./_internals/recurrentModel.js";

/**
 * GRU (PyTorch nn.GRU), gate order (r, z, n). Per layer, every operation rounded to the format:
 *   gi[q] = round(dot(W_ih[q], x) + b_ih[q]),  gh[q] = round(dot(W_hh[q], h) + b_hh[q])
 *   r = σ(round(gi_r + gh_r)),  z = σ(round(gi_z + gh_z))
 *   n = tanh( round(gi_n + round(r·gh_n)) )
 *   h' = round( round(round(1 − z)·n) + round(z·h) )
 * The constant 1 is format.round(1). State [h_l0, h_l1, …]; stateBits = layers·width·bits.
 */
const gruKernel = (
  p: RecurrentParams,
  f: KernelOps,
  state: Float64Array,
  token: number,
  next: Float64Array,
  scratch: Float64Array,
): void => {
  const H = p.config.width;
  const G = 3 * H;
  const one = f.round(1);
  let x = p.embedding;
  let xOff = token * p.config.inputSize;
  for (let k = 0; k < p.layers.length; k++) {
    const { wih, whh, bih, bhh, inSize } = p.layers[k];
    const hOff = H * k;
    for (let q = 0; q < G; q++) {
      scratch[q] = f.add(dotRow(f, wih, q * inSize, x, xOff, inSize), bih[q]);
      scratch[G + q] = f.add(dotRow(f, whh, q * H, state, hOff, H), bhh[q]);
    }
    for (let j = 0; j < H; j++) {
      const r = f.sigmoid(f.add(scratch[j], scratch[G + j]));
      const z = f.sigmoid(f.add(scratch[H + j], scratch[G + H + j]));
      const n = f.tanh(f.add(scratch[2 * H + j], f.mul(r, scratch[G + 2 * H + j])));
      next[hOff + j] = f.add(f.mul(f.sub(one, z), n), f.mul(z, state[hOff + j]));
    }
    x = next;
    xOff = hOff;
  }
};

export const GRU: Architecture = { name: "gru", kernel: gruKernel, scratchSize: (width) => 6 * width };

/** A seeded GRU over a number format (PyTorch-like init, rounded to the format). */
export function createGru(options: RecurrentOptions): RecurrentModel {
  return buildSeeded(GRU, options);
}
