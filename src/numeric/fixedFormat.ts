/** `fixedFormat`: a signed two's-complement fixed-point format `fixed:I.F`. */
import type { FixedSpec, Format, OverflowPolicy } from "./format.js";
import { FixedGrid } from "./_internals/fixedGrid.js";
import { checkFixedSpec, DEFAULT_FIXED_OVERFLOW, fixedName } from "./_internals/naming.js";

export interface FixedOptions {
  /** integer bits, sign included (≥ 1) */
  readonly intBits: number;
  readonly fracBits: number;
  /** `saturate` (default) or `error` */
  readonly overflow?: OverflowPolicy;
}

const cache = new Map<string, Format>();

export function fixedFormat(options: FixedOptions): Format {
  return buildFixedFormat(options, `fixed:${options.intBits}.${options.fracBits}`);
}

/** fixedFormat, with the user's text to quote in a UserError (used by parseFormat). */
export function buildFixedFormat(options: FixedOptions, source: string): Format {
  const spec: FixedSpec = {
    kind: "fixed",
    intBits: options.intBits,
    fracBits: options.fracBits,
    overflow: options.overflow ?? DEFAULT_FIXED_OVERFLOW,
  };
  checkFixedSpec(spec, source);
  const name = fixedName(spec);
  let f = cache.get(name);
  if (!f) cache.set(name, (f = new FixedGrid(name, spec)));
  return f;
}
