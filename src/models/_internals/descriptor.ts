import type { Format } from "../../numeric/format.js";
import type { StreamingModel } from "../../stream/model.js";
import { UserError } from "../../util/errors.js";
import { Rng, deriveSeed } from "../../util/rng.js";
import { numel, type NamedTensors } from "./params.js";
import type { RoleFormats } from "./roleFormats.js";

/**
 * What every architecture file exports: one descriptor. The loader (weights file → validated
 * tensors → descriptor.build), the seeded-model factory and the CLI serve every architecture
 * through it, so adding one is its file plus one line in src/models/architectures.ts.
 */

/** Where the weights came from, shown by describe(). */
export type Provenance = Readonly<Record<string, unknown>>;

/** A model built by a descriptor: a streaming model that can also give back its weights. */
export interface ExactModel<S = unknown> extends StreamingModel<S> {
  readonly architecture: string;
  readonly formats: RoleFormats;
  /** The validated config (defaults filled in), as a weights file stores it (without `format`). */
  readonly config: Readonly<Record<string, unknown>>;
  /** Named tensors as in the PyTorch twin's state_dict (shared data: do not mutate). */
  tensors(): NamedTensors;
}

/**
 * A model seen from above, as a hybrid's base: token in, hidden vector (width scalars, compute
 * format) out, its state a list of flat vectors of state-format values (one per layer, say).
 */
export interface Backbone {
  /** Size of the hidden vector `step` returns. */
  readonly width: number;
  /** Whether some segment grows with the position. */
  readonly grows: boolean;
  /** Lengths of the state segments after t tokens. */
  segmentLengths(t: number): number[];
  /** Tokens consumed, read off a state (only for growing backbones; 0 otherwise). */
  position(state: readonly Float64Array[]): number;
  init(): Float64Array[];
  step(state: readonly Float64Array[], token: number): { state: Float64Array[]; hidden: Float64Array };
  /** The scalar count of the state-bit formula, symbolic (e.g. `2·layers·width·t`). */
  readonly scalarsFormula: string;
  /** The values of the formula's symbols (e.g. { layers: 1, width: 8 }). */
  readonly formulaValues: Readonly<Record<string, number>>;
  /** Facts for describe(). */
  readonly info: Readonly<Record<string, unknown>>;
}

export interface BuildContext {
  readonly formats: RoleFormats;
  readonly provenance: Provenance;
  /** Where the model came from, for messages. */
  readonly source: string;
  /** Another registered architecture (a hybrid's base). */
  readonly lookup: (name: string) => ArchitectureDescriptor | undefined;
}

/** How a seeded model draws one tensor. */
export type InitRule =
  | { readonly kind: "normal" }
  | { readonly kind: "uniform"; readonly bound: number }
  | { readonly kind: "ones" }
  | { readonly kind: "zeros" };

export interface ArchitectureDescriptor<C extends Record<string, unknown> = Record<string, unknown>> {
  readonly name: string;
  /** The format of a seeded model when the user names none. */
  readonly defaultFormat: string;
  /**
   * Validates a config strictly (unknown keys are errors, one line naming `source`), fills in
   * the defaults and checks cross-field constraints (heads divide width, …).
   */
  parseConfig(raw: unknown, source: string, lookup: BuildContext["lookup"]): C;
  /** Tensor names and shapes, in state_dict order. */
  shapes(config: C, lookup: BuildContext["lookup"]): [string, number[]][];
  /** How a seeded model initialises tensor `name`. */
  initRule(name: string, shape: readonly number[], config: C): InitRule;
  /** The model over checked tensors (every name present, shapes right, rounded to formats.weights). */
  build(config: C, tensors: NamedTensors, ctx: BuildContext): ExactModel;
  /** The model as a hybrid's base; absent where an architecture cannot be one. */
  backbone?(config: C, tensors: NamedTensors, ctx: BuildContext): Backbone;
}

/**
 * Seeded tensors, PyTorch-like: each tensor draws from its own seed deriveSeed(seed, name), and
 * each row of embedding.weight and readout.weight from deriveSeed(that, row), so changing
 * vocabSize leaves every other tensor and row as it was. Values are clamped to ±maxFinite, then
 * rounded to `format`.
 */
export function seededTensors(
  shapes: readonly [string, number[]][],
  rule: (name: string, shape: readonly number[]) => InitRule,
  format: Format,
  seed: number,
): NamedTensors {
  const tensors: NamedTensors = {};
  for (const [name, shape] of shapes) {
    const data = new Float64Array(numel(shape));
    const r = rule(name, shape);
    const tensorSeed = deriveSeed(seed, name);
    const draw =
      r.kind === "normal" ? (g: Rng) => g.normal() : r.kind === "uniform" ? (g: Rng) => g.uniform(-r.bound, r.bound) : null;
    if (draw === null) data.fill(format.round(r.kind === "ones" ? 1 : 0));
    else if (name === "embedding.weight" || name === "readout.weight") {
      const cols = shape[1];
      for (let row = 0; row < shape[0]; row++) {
        const rng = new Rng(deriveSeed(tensorSeed, String(row)));
        for (let c = 0; c < cols; c++) data[row * cols + c] = roundClamped(format, draw(rng));
      }
    } else {
      const rng = new Rng(tensorSeed);
      for (let k = 0; k < data.length; k++) data[k] = roundClamped(format, draw(rng));
    }
    tensors[name] = { shape, data };
  }
  return tensors;
}

/** Clamp to the finite range, then round: init and loading never depend on the overflow policy. */
export function roundClamped(format: Format, x: number): number {
  const m = format.maxFinite;
  return format.round(x > m ? m : x < -m ? -m : x);
}

/** What loading did to the stored values. */
export interface WeightsSummary {
  readonly source: string;
  /** Scalars loaded. */
  readonly values: number;
  /** Scalars that rounding to the weights format changed (clamped ones included). */
  readonly rounded: number;
  /** Scalars beyond ±maxFinite, clamped before rounding. */
  readonly clamped: number;
  /** The format named in the file's config, if any. */
  readonly savedFormat?: string;
}

/**
 * Checks stored tensors against the wanted names and shapes (no extra, none missing, finite),
 * and rounds every value to `format` (clamped to ±maxFinite first).
 */
export function checkTensors(
  wanted: readonly [string, number[]][],
  tensors: NamedTensors,
  format: Format,
  source: string,
  architecture: string,
): { tensors: NamedTensors; values: number; rounded: number; clamped: number } {
  const names = new Set(wanted.map(([n]) => n));
  const extra = Object.keys(tensors).filter((n) => !names.has(n));
  if (extra.length) throw new UserError(`${source}: unexpected tensor${extra.length > 1 ? "s" : ""} ${extra.slice(0, 4).map((n) => `'${n}'`).join(", ")}${extra.length > 4 ? " …" : ""} for ${architecture}`);
  let values = 0;
  let rounded = 0;
  let clamped = 0;
  const checked: NamedTensors = {};
  for (const [name, shape] of wanted) {
    const t = tensors[name];
    if (!t) throw new UserError(`${source}: missing tensor '${name}' (shape [${shape.join(", ")}])`);
    if (t.shape.length !== shape.length || t.shape.some((d, k) => d !== shape[k])) {
      throw new UserError(`${source}: tensor '${name}' has shape [${t.shape.join(", ")}], expected [${shape.join(", ")}]`);
    }
    const data = new Float64Array(t.data.length);
    for (let k = 0; k < data.length; k++) {
      const x = t.data[k];
      if (!Number.isFinite(x)) throw new UserError(`${source}: tensor '${name}' holds ${x} at index ${k}`);
      if (Math.abs(x) > format.maxFinite) clamped++;
      data[k] = roundClamped(format, x);
      if (data[k] !== x) rounded++;
    }
    values += data.length;
    checked[name] = { shape, data };
  }
  return { tensors: checked, values, rounded, clamped };
}
