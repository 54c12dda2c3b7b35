/**
 * `parseFormat`: a format from its name. Grammar (docs/formats.md):
 *   preset[:flag]*  |  fixed:I.F[:ovf=…]  |  float:E.M[:bias=N][:sub=on|off][:nan=ieee|fn][:ovf=…]
 * Flags may come in any order, each at most once; the canonical name lists only non-default
 * flags in the order bias, sub, nan, ovf, and a spec equal to a preset is named by the preset.
 */
import type { FixedSpec, FloatSpec, Format, FormatSpec, OverflowPolicy } from "./format.js";
import { buildFixedFormat, fixedFormat } from "./fixedFormat.js";
import { buildFloatFormat, floatFormat } from "./floatFormat.js";
import { hostFormat } from "./hostFormat.js";
import { DEFAULT_FIXED_OVERFLOW, defaultBias, defaultFloatOverflow, FLOAT_PRESETS, formatError } from "./_internals/naming.js";

export type PresetName = "fp32" | "fp16" | "bf16" | "fp8e4m3fn" | "fp8e5m2" | "fp64";

/** The preset formats by name. */
export const PRESETS: Readonly<Record<PresetName, Format>> = {
  fp32: floatFormat(FLOAT_PRESETS.fp32),
  fp16: floatFormat(FLOAT_PRESETS.fp16),
  bf16: floatFormat(FLOAT_PRESETS.bf16),
  fp8e4m3fn: floatFormat(FLOAT_PRESETS.fp8e4m3fn),
  fp8e5m2: floatFormat(FLOAT_PRESETS.fp8e5m2),
  fp64: hostFormat(),
};

const OVERFLOWS: readonly OverflowPolicy[] = ["saturate", "inf", "nan", "error"];

function parseFlags(name: string, parts: readonly string[], allowed: readonly string[]): Map<string, string> {
  const flags = new Map<string, string>();
  for (const part of parts) {
    const m = /^([a-z]+)=([^=]+)$/.exec(part);
    if (!m) formatError(name, `"${part}" is not a key=value flag`);
    const [, key, value] = m;
    if (!allowed.includes(key)) formatError(name, `unknown flag "${key}" (here: ${allowed.join(", ")})`);
    if (flags.has(key)) formatError(name, `flag "${key}" given twice`);
    flags.set(key, value);
  }
  return flags;
}

function parseOverflow(name: string, v: string | undefined): OverflowPolicy | undefined {
  if (v === undefined) return undefined;
  if (!(OVERFLOWS as readonly string[]).includes(v)) formatError(name, `ovf=${v} is not one of ${OVERFLOWS.join("|")}`);
  return v as OverflowPolicy;
}

function parseFloatFlags(name: string, base: Omit<FloatSpec, "kind" | "overflow"> & { overflow?: OverflowPolicy }, parts: readonly string[]): Format {
  const flags = parseFlags(name, parts, ["bias", "sub", "nan", "ovf"]);
  let { bias, subnormals, infNan } = base;
  const b = flags.get("bias");
  if (b !== undefined) {
    if (!/^-?\d{1,5}$/.test(b)) formatError(name, `bias=${b} is not an integer`);
    bias = Number(b);
  }
  const sub = flags.get("sub");
  if (sub !== undefined) {
    if (sub !== "on" && sub !== "off") formatError(name, `sub=${sub} is not on or off`);
    subnormals = sub === "on";
  }
  const nan = flags.get("nan");
  if (nan !== undefined) {
    if (nan !== "ieee" && nan !== "fn") formatError(name, `nan=${nan} is not ieee or fn`);
    infNan = nan;
  }
  // an explicit ovf wins; otherwise a preset keeps its policy unless nan= changed the style
  let overflow = parseOverflow(name, flags.get("ovf"));
  if (overflow === undefined) overflow = nan === undefined && base.overflow ? base.overflow : defaultFloatOverflow(infNan);
  return buildFloatFormat({ expBits: base.expBits, mantBits: base.mantBits, bias, subnormals, infNan, overflow }, name);
}

/** Parse a format name; throws UserError (one line, listing what is accepted) when malformed. */
export function parseFormat(name: string): Format {
  if (typeof name !== "string" || name.length === 0) formatError(String(name), "empty name");
  const parts = name.split(":");
  const head = parts[0];
  if (head === "fp64") {
    if (parts.length > 1) formatError(name, "fp64 is the host double and takes no flags");
    return hostFormat();
  }
  const preset = FLOAT_PRESETS[head];
  if (preset) return parseFloatFlags(name, preset, parts.slice(1));
  if (head !== "fixed" && head !== "float") formatError(name, `unknown format "${head}"`);
  const m = /^(\d{1,3})\.(\d{1,3})$/.exec(parts[1] ?? "");
  if (!m) formatError(name, `${head}: needs two integers like ${head}:${head === "fixed" ? "2.6" : "5.10"}`);
  const a = Number(m[1]);
  const b = Number(m[2]);
  if (head === "fixed") {
    const flags = parseFlags(name, parts.slice(2), ["ovf"]);
    const overflow = parseOverflow(name, flags.get("ovf")) ?? DEFAULT_FIXED_OVERFLOW;
    const spec: FixedSpec = { kind: "fixed", intBits: a, fracBits: b, overflow };
    return buildFixedFormat(spec, name);
  }
  if (a < 2 || a > 11) formatError(name, `exponent bits E=${a} not in 2..11`);
  return parseFloatFlags(name, { expBits: a, mantBits: b, bias: defaultBias(a), subnormals: true, infNan: "ieee" }, parts.slice(2));
}

/** The format a spec describes (the inverse of `format.spec`). */
export function formatFromSpec(spec: FormatSpec): Format {
  if (spec.kind === "host") return hostFormat();
  if (spec.kind === "fixed") return fixedFormat(spec);
  return floatFormat(spec);
}
