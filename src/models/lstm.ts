import type { KernelOps } from "./_internals/kernelOps.js";
import { buildSeeded, type RecurrentOptions } from "./_internals/build.js";
import { dotRow, dotRowFloat64 } from "./_internals/dot.js";
import type { RecurrentParams } from "./_internals/params.js";
import { RecurrentModel, type Architecture } from "./_internals/recurrentModel.js";

/**
 * LSTM (PyTorch nn.LSTM), gate order (i, f, g, o). Per layer k, with x its input (embedding row
 * of the token for k = 0, layer k−1's new h above) and every operation rounded to the format:
 *   pre[r] = round( round(dot(W_ih[r], x) + b_ih[r]) + round(dot(W_hh[r], h) + b_hh[r]) )
 *   i = σ(pre_i), f = σ(pre_f), g = tanh(pre_g), o = σ(pre_o)
 *   c' = round( round(f·c) + round(i·g) ),   h' = round(o · tanh(c'))
 * State [h_l0, c_l0, h_l1, c_l1, …]; stateBits = 2·layers·width·bits. See docs/models.md.
 */
const lstmKernel = (
  p: RecurrentParams,
  f: KernelOps,
  state: Float64Array,
  token: number,
  next: Float64Array,
  pre: Float64Array,
): void => {
  const H = p.config.width;
  const G = 4 * H;
  let x = p.embedding;
  let xOff = token * p.config.inputSize;
  for (let k = 0; k < p.layers.length; k++) {
    const { wih, whh, bih, bhh, inSize } = p.layers[k];
    const hOff = 2 * H * k;
    const cOff = hOff + H;
    for (let r = 0; r < G; r++) {
      const a = f.add(dotRow(f, wih, r * inSize, x, xOff, inSize), bih[r]);
      const b = f.add(dotRow(f, whh, r * H, state, hOff, H), bhh[r]);
      pre[r] = f.add(a, b);
    }
    for (let j = 0; j < H; j++) {
      const i = f.sigmoid(pre[j]);
      const fg = f.sigmoid(pre[H + j]);
      const g = f.tanh(pre[2 * H + j]);
      const o = f.sigmoid(pre[3 * H + j]);
      const c = f.add(f.mul(fg, state[cOff + j]), f.mul(i, g));
      next[cOff + j] = c;
      next[hOff + j] = f.mul(o, f.tanh(c));
    }
    x = next;
    xOff = hOff;
  }
};

export const LSTM: Architecture = { name: "lstm", kernel: lstmKernel, scratchSize: (width) => 4 * width };

/** A seeded LSTM over a number format (PyTorch-like init, rounded to the format). */
export function createLstm(options: RecurrentOptions): RecurrentModel {
  return buildSeeded(LSTM, options);
}

let floatScratch = new Float64Array(0);

const sigmoid64 = (x: number): number => 1 / (1 + Math.exp(-x));

/**
 * The same LSTM step in plain double arithmetic (Math.tanh, 1/(1+exp(−x))), with the same code
 * structure and operation order as the format kernel: the benchmark's baseline, and the fp64
 * reference. Pure: returns a new state.
 */
export function lstmStepFloat64(params: RecurrentParams, state: Float64Array, token: number): Float64Array {
  const H = params.config.width;
  const G = 4 * H;
  if (floatScratch.length < G) floatScratch = new Float64Array(G);
  const pre = floatScratch;
  const next = new Float64Array(state.length);
  let x = params.embedding;
  let xOff = token * params.config.inputSize;
  for (let k = 0; k < params.layers.length; k++) {
    const { wih, whh, bih, bhh, inSize } = params.layers[k];
    const hOff = 2 * H * k;
    const cOff = hOff + H;
    for (let r = 0; r < G; r++) {
      const a = dotRowFloat64(wih, r * inSize, x, xOff, inSize) + bih[r];
      const b = dotRowFloat64(whh, r * H, state, hOff, H) + bhh[r];
      pre[r] = a + b;
    }
    for (let j = 0; j < H; j++) {
      const i = sigmoid64(pre[j]);
      const fg = sigmoid64(pre[H + j]);
      const g = Math.tanh(pre[2 * H + j]);
      const o = sigmoid64(pre[3 * H + j]);
      const c = fg * state[cOff + j] + i * g;
      next[cOff + j] = c;
      next[hOff + j] = o * Math.tanh(c);
    }
    x = next;
    xOff = hOff;
  }
  return next;
}
