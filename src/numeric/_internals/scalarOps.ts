/**
 * The scalar operations of a Format that step kernels call (src/models/_internals/kernelOps.ts
 * names this shape KernelOps), and the lazily filled per-code tables of unary functions that
 * the specialised kernels of small formats share.
 */
import type { Format } from "../format.js";

export type UnaryName =
  | "sqrt"
  | "rsqrt"
  | "exp"
  | "expm1"
  | "log"
  | "tanh"
  | "sigmoid"
  | "softplus"
  | "silu"
  | "elu"
  | "sin"
  | "cos";

export const UNARY_NAMES: readonly UnaryName[] = ["sqrt", "rsqrt", "exp", "expm1", "log", "tanh", "sigmoid", "softplus", "silu", "elu", "sin", "cos"];

export type ScalarOps = Pick<Format, "add" | "sub" | "mul" | "div" | "neg" | "round" | UnaryName>;

/**
 * f(x) for every value x of a format, stored at index(x) in a table of `size` entries; entries
 * no value maps to hold `empty`, and a value where the format throws holds `empty` too (the
 * caller then calls the format, which throws again).
 */
export function fillTable(
  format: Format,
  fn: UnaryName,
  size: number,
  index: (x: number) => number,
  empty: number,
  table: Float64Array | Float32Array,
): void {
  table.fill(empty);
  for (let code = 0; code < 2 ** format.bits; code++) {
    const x = format.decode(code);
    if (x !== x) continue; // NaN operands miss every table (their lookups fall back)
    const k = index(x);
    if (!(k >= 0 && k < size)) throw new Error(`internal: ${format.name} value ${x} has no table slot`);
    let y: number;
    try {
      y = format[fn](x);
    } catch (e) {
      if (!(e instanceof RangeError)) throw e;
      y = empty;
    }
    table[k] = y;
  }
}
