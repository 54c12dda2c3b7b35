import type { Format } from "../../numeric/format.js";
import type { KernelOps } from "./kernelOps.js";

/**
 * Position signals. Both are computed once per position in plain double arithmetic (fp64),
 * exactly as src/float/python/blocks.py builds them in float64, then rounded to the compute
 * format: they are constants of the model, not operations of the step. (A trained file's tied
 * sinusoidal *token* embeddings are weights and are read from the file, never recomputed.)
 */

/** S[p, 2k] = sin(p·10000^(−2k/d)), S[p, 2k+1] = cos(p·10000^(−2k/d)) in fp64, row p only. */
export function sinusoidalRow(p: number, width: number): Float64Array {
  const row = new Float64Array(width);
  for (let k = 0; 2 * k < width; k++) {
    const freq = Math.pow(10000, -(2 * k) / width);
    const ang = p * freq;
    row[2 * k] = Math.sin(ang);
    if (2 * k + 1 < width) row[2 * k + 1] = Math.cos(ang);
  }
  return row;
}

/** Rows 0..rows−1 of the sinusoidal table in fp64, flat [rows, width]. */
export function sinusoidalTable(rows: number, width: number): Float64Array {
  const out = new Float64Array(rows * width);
  for (let p = 0; p < rows; p++) out.set(sinusoidalRow(p, width), p * width);
  return out;
}

/** Sinusoidal positions rounded to a format, one row per position, built on first use. */
export class SinusoidalPositions {
  private readonly rows: Float64Array[] = [];
  constructor(
    private readonly width: number,
    private readonly format: Format,
  ) {}
  row(p: number): Float64Array {
    let r = this.rows[p];
    if (!r) {
      r = sinusoidalRow(p, this.width).map((v) => this.format.round(v));
      this.rows[p] = r;
    }
    return r;
  }
}

/**
 * RoPE on interleaved pairs (x_{2i}, x_{2i+1}) of a head vector of size d_h, angle p·θ_i with
 * θ_i = base^(−2i/d_h) (base = ropeBase, default 10000): cos and sin of the fp64 angle, each
 * rounded to the compute format, built per position on first use.
 */
export class RopeAngles {
  private readonly cos: Float64Array[] = [];
  private readonly sin: Float64Array[] = [];
  constructor(
    private readonly headDim: number,
    private readonly base: number,
    private readonly format: Format,
  ) {}

  private build(p: number): void {
    const half = this.headDim >> 1;
    const c = new Float64Array(half);
    const s = new Float64Array(half);
    for (let i = 0; i < half; i++) {
      const theta = Math.pow(this.base, -(2 * i) / this.headDim);
      const ang = p * theta;
      c[i] = this.format.round(Math.cos(ang));
      s[i] = this.format.round(Math.sin(ang));
    }
    this.cos[p] = c;
    this.sin[p] = s;
  }

  /**
   * Rotates x[off .. off+d_h) in place: (a, b) ↦ (round(round(a·cos) − round(b·sin)),
   * round(round(a·sin) + round(b·cos))).
   */
  rotate(f: KernelOps, x: Float64Array, off: number, p: number): void {
    if (!this.cos[p]) this.build(p);
    const c = this.cos[p];
    const s = this.sin[p];
    for (let i = 0; i < c.length; i++) {
      const a = x[off + 2 * i];
      const b = x[off + 2 * i + 1];
      x[off + 2 * i] = f.sub(f.mul(a, c[i]), f.mul(b, s[i]));
      x[off + 2 * i + 1] = f.add(f.mul(a, s[i]), f.mul(b, c[i]));
    }
  }
}

export const DEFAULT_ROPE_BASE = 10000;
