/**
 * Format names: the preset table (defined as PyTorch defines these dtypes), the defaults of
 * every flag, validation of specs, and the canonical name (flags shown only when not default).
 */
import { UserError } from "../../util/errors.js";
import type { FixedSpec, FloatSpec, FormatSpec, InfNanStyle, OverflowPolicy } from "../format.js";

export const ACCEPTED =
  "accepted: fp32 fp16 bf16 fp8e4m3fn fp8e5m2 fp64 (float presets take float flags), " +
  "fixed:I.F[:ovf=saturate|error] with I ≥ 1, F ≥ 0, 2 ≤ I+F ≤ 32, " +
  "float:E.M[:bias=N][:sub=on|off][:nan=ieee|fn][:ovf=inf|saturate|nan|error] with 2 ≤ E ≤ 11, 1 ≤ M ≤ 52";

export function formatError(what: string, detail: string): never {
  throw new UserError(`bad number format ${JSON.stringify(what)}: ${detail}; ${ACCEPTED}`);
}

export const defaultBias = (expBits: number): number => 2 ** (expBits - 1) - 1;
/** `fn` formats have no infinity; PyTorch casts their overflow to NaN. */
export const defaultFloatOverflow = (infNan: InfNanStyle): OverflowPolicy => (infNan === "ieee" ? "inf" : "nan");
export const DEFAULT_FIXED_OVERFLOW: OverflowPolicy = "saturate";

function ieee(expBits: number, mantBits: number): FloatSpec {
  return { kind: "float", expBits, mantBits, bias: defaultBias(expBits), subnormals: true, infNan: "ieee", overflow: "inf" };
}

/** The float presets; `fp64` (the host double) is separate. */
export const FLOAT_PRESETS: Readonly<Record<string, FloatSpec>> = {
  fp32: ieee(8, 23),
  fp16: ieee(5, 10),
  bf16: ieee(8, 7),
  fp8e5m2: ieee(5, 2),
  // torch.float8_e4m3fn: bias 7, no infinities, only S.1111.111 is NaN, max 448, subnormals
  fp8e4m3fn: { kind: "float", expBits: 4, mantBits: 3, bias: 7, subnormals: true, infNan: "fn", overflow: "nan" },
};

function sameFloat(a: FloatSpec, b: FloatSpec): boolean {
  return (
    a.expBits === b.expBits &&
    a.mantBits === b.mantBits &&
    a.bias === b.bias &&
    a.subnormals === b.subnormals &&
    a.infNan === b.infNan &&
    a.overflow === b.overflow
  );
}

/** Throws UserError unless the float spec is supported (and embeds in binary64). */
export function checkFloatSpec(s: FloatSpec, what: string): void {
  const int = (v: unknown): boolean => Number.isInteger(v);
  if (!int(s.expBits) || s.expBits < 2 || s.expBits > 11) formatError(what, `exponent bits E=${s.expBits} not in 2..11`);
  if (!int(s.mantBits) || s.mantBits < 1 || s.mantBits > 52) formatError(what, `mantissa bits M=${s.mantBits} not in 1..52`);
  if (s.infNan !== "ieee" && s.infNan !== "fn") formatError(what, `nan=${String(s.infNan)} is not ieee or fn`);
  if (!["inf", "saturate", "nan", "error"].includes(s.overflow)) formatError(what, `ovf=${String(s.overflow)} unknown`);
  if (s.infNan === "fn" && s.overflow === "inf") formatError(what, "ovf=inf needs infinities, which nan=fn formats lack");
  if (typeof s.subnormals !== "boolean") formatError(what, "sub must be on or off");
  const topField = s.infNan === "ieee" ? 2 ** s.expBits - 2 : 2 ** s.expBits - 1;
  const lo = topField - 1023;
  const hi = 1075 - s.mantBits;
  if (!int(s.bias) || s.bias < lo || s.bias > hi) {
    formatError(what, `bias=${s.bias} must be an integer in ${lo}..${hi} so that every value is a double`);
  }
}

export function checkFixedSpec(s: FixedSpec, what: string): void {
  const { intBits: I, fracBits: F } = s;
  if (!Number.isInteger(I) || !Number.isInteger(F) || I < 1 || F < 0 || I + F < 2 || I + F > 32) {
    formatError(what, `fixed:${I}.${F} needs I ≥ 1, F ≥ 0 and 2 ≤ I+F ≤ 32`);
  }
  if (s.overflow !== "saturate" && s.overflow !== "error") {
    formatError(what, `ovf=${String(s.overflow)} is not available for fixed point (saturate or error)`);
  }
}

export function floatName(s: FloatSpec): string {
  for (const [name, p] of Object.entries(FLOAT_PRESETS)) if (sameFloat(s, p)) return name;
  let name = `float:${s.expBits}.${s.mantBits}`;
  if (s.bias !== defaultBias(s.expBits)) name += `:bias=${s.bias}`;
  if (!s.subnormals) name += ":sub=off";
  if (s.infNan !== "ieee") name += `:nan=${s.infNan}`;
  if (s.overflow !== defaultFloatOverflow(s.infNan)) name += `:ovf=${s.overflow}`;
  return name;
}

export function fixedName(s: FixedSpec): string {
  const base = `fixed:${s.intBits}.${s.fracBits}`;
  return s.overflow === DEFAULT_FIXED_OVERFLOW ? base : `${base}:ovf=${s.overflow}`;
}

export function specName(s: FormatSpec): string {
  return s.kind === "host" ? "fp64" : s.kind === "fixed" ? fixedName(s) : floatName(s);
}
