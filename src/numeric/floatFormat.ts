/** `floatFormat`: a binary floating-point format from its spec (unspecified flags take defaults). */
import type { FloatSpec, Format, InfNanStyle, OverflowPolicy } from "./format.js";
import { FloatGrid } from "./_internals/floatGrid.js";
import { checkFloatSpec, defaultBias, defaultFloatOverflow, floatName } from "./_internals/naming.js";

export interface FloatOptions {
  readonly expBits: number;
  readonly mantBits: number;
  /** default 2^(E−1) − 1 */
  readonly bias?: number;
  /** default true */
  readonly subnormals?: boolean;
  /** default `ieee` */
  readonly infNan?: InfNanStyle;
  /** default `inf` for ieee, `nan` for fn */
  readonly overflow?: OverflowPolicy;
}

const cache = new Map<string, Format>();

export function floatFormat(options: FloatOptions): Format {
  return buildFloatFormat(options, `float:${options.expBits}.${options.mantBits}`);
}

/** floatFormat, with the user's text to quote in a UserError (used by parseFormat). */
export function buildFloatFormat(options: FloatOptions, source: string): Format {
  const infNan = options.infNan ?? "ieee";
  const spec: FloatSpec = {
    kind: "float",
    expBits: options.expBits,
    mantBits: options.mantBits,
    bias: options.bias ?? defaultBias(options.expBits),
    subnormals: options.subnormals ?? true,
    infNan,
    overflow: options.overflow ?? defaultFloatOverflow(infNan),
  };
  checkFloatSpec(spec, source);
  const name = floatName(spec);
  let f = cache.get(name);
  if (!f) cache.set(name, (f = new FloatGrid(name, spec)));
  return f;
}
