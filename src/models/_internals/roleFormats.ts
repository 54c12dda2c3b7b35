import type { Format } from "../../numeric/format.js";
import { parseFormat } from "../../numeric/parseFormat.js";
import { UserError } from "../../util/errors.js";

/**
 * The number format of each role, as real models run: weights stored in one format, every
 * operation (accumulation, softmax, norms) rounded to the compute format, the state carried
 * between steps (hidden vectors, KV caches) rounded to the state format. M is counted at the
 * state format.
 */
export interface RoleFormats {
  readonly weights: Format;
  readonly compute: Format;
  readonly state: Format;
}

const ROLES = ["weights", "compute", "state"] as const;

/** One format for every role. */
export function sameFormat(format: Format): RoleFormats {
  return { weights: format, compute: format, state: format };
}

/**
 * `fp16` (every role) or `weights=bf16,compute=fp32,state=bf16` (all three, any order). The
 * weights and state formats must be subsets of the compute format, so that every operand of a
 * compute operation is a compute value (the kernels' exactness rests on it).
 */
export function parseRoleFormats(text: string): RoleFormats {
  if (!/^\s*(weights|compute|state)=/.test(text)) return sameFormat(parseFormat(text));
  const found: Partial<Record<(typeof ROLES)[number], Format>> = {};
  for (const part of text.split(",")) {
    const m = /^(weights|compute|state)=(.+)$/.exec(part.trim());
    if (!m) throw new UserError(`format '${text}': '${part}' is not weights=…, compute=… or state=…`);
    const role = m[1] as (typeof ROLES)[number];
    if (found[role]) throw new UserError(`format '${text}': ${role} given twice`);
    found[role] = parseFormat(m[2]);
  }
  for (const role of ROLES) {
    if (!found[role]) throw new UserError(`format '${text}': per-role formats need all of weights, compute and state (missing ${role})`);
  }
  return checkRoleFormats({ weights: found.weights!, compute: found.compute!, state: found.state! });
}

/** A construction's format option: a name or per-role text, role formats, one Format for every role, or the construction's default name. */
export function roleFormatsOption(format: string | RoleFormats | Format | undefined, defaultName: string): RoleFormats {
  if (format === undefined) return parseRoleFormats(defaultName);
  if (typeof format === "string") return parseRoleFormats(format);
  return "compute" in format ? format : sameFormat(format);
}

/** Checks that weights and state values are compute values (UserError otherwise). */
export function checkRoleFormats(f: RoleFormats): RoleFormats {
  for (const role of ["weights", "state"] as const) {
    if (!isSubformat(f[role], f.compute)) {
      throw new UserError(`the ${role} format ${f[role].name} has values the compute format ${f.compute.name} cannot hold; choose a compute format at least as wide`);
    }
  }
  return f;
}

/** The canonical text of role formats: one name when all agree. */
export function roleFormatsName(f: RoleFormats): string {
  if (f.weights.name === f.compute.name && f.state.name === f.compute.name) return f.compute.name;
  return `weights=${f.weights.name},compute=${f.compute.name},state=${f.state.name}`;
}

/**
 * Whether every finite value of `a` is a value of `b`. Checked on the values that bound a grid:
 * the extremes of the range and the finest and fullest values at both ends of the exponent
 * range (for fixed formats: ±max and the quantum). A grid whose extremes fit fits entirely.
 */
export function isSubformat(a: Format, b: Format): boolean {
  if (a.name === b.name) return true;
  if (b.spec.kind === "host") return a.spec.kind !== "host" && precisionOf(a) <= 53;
  if (a.spec.kind === "host") return false;
  const probes: number[] = [a.maxFinite, -a.maxFinite, a.minPositive, -a.minPositive];
  if (a.spec.kind === "fixed") {
    probes.push(-(2 ** (a.spec.intBits - 1)), a.maxFinite - a.minPositive);
  } else {
    const m = a.spec.mantBits;
    const minNormal = 2 ** (1 - a.spec.bias);
    probes.push(minNormal * (2 - 2 ** -m), minNormal - a.minPositive, minNormal);
  }
  return probes.every((x) => x === 0 || b.isValue(x));
}

function precisionOf(f: Format): number {
  return f.spec.kind === "fixed" ? f.spec.intBits + f.spec.fracBits : f.spec.kind === "float" ? f.spec.mantBits + 1 : 53;
}

/**
 * Runs a model computation; a RangeError a format raises under its own policy (an overflow with
 * `ovf=error`, a 0/0 in a fixed format that has no NaN) becomes a one-line UserError: the
 * user's weights and format caused it, not a bug.
 */
export function underFormatPolicy<T>(model: string, f: RoleFormats, run: () => T): T {
  try {
    return run();
  } catch (e) {
    if (e instanceof RangeError && [f.compute.name, f.state.name, f.weights.name].some((n) => e.message.startsWith(`${n}:`))) {
      throw new UserError(`${model}: ${e.message.split("\n")[0]}`);
    }
    throw e;
  }
}
