import { addVectors } from "./linear.js";
import type { ModelOps } from "./modelOps.js";
import { applyNorm, normShapes, type NormKind, type NormParams } from "./norm.js";
import { swiglu, swigluShapes, type SwiGluParams } from "./swiglu.js";
import type { NamedTensors } from "./params.js";

/**
 * A sequence mixer inside a pre-norm residual block (attention, mamba, retention, …). Its state
 * is one flat vector of state-format values; its length may grow with the position (a KV cache).
 */
export interface Mixer {
  /** Scalars of its state after `t` tokens. */
  stateLength(t: number): number;
  /** Whether stateLength depends on t (then the model's encoding starts with a length prefix). */
  readonly grows: boolean;
  /** Its state before any token. */
  init(): Float64Array;
  /** Tokens consumed, read off its state (growing mixers only: a KV cache's length). */
  position?(state: Float64Array): number;
  /**
   * The mixer at one position: reads `state` (never writes it), returns the next state and
   * its output y for the normalised input xn. `toState` rounds a compute value to the state
   * format; every scalar the next state holds must pass through it.
   */
  step(f: ModelOps, state: Float64Array, xn: Float64Array, toState: (x: number) => number): { state: Float64Array; y: Float64Array };
  /** Optional, together with respond: step's next state alone. */
  advance?(f: ModelOps, state: Float64Array, xn: Float64Array, toState: (x: number) => number): Float64Array;
  /** Optional, together with advance: step's y, from the state advance returned and the same xn. */
  respond?(f: ModelOps, next: Float64Array, xn: Float64Array): Float64Array;
}

/** The norms and MLP of one block (the mixer's weights live in the mixer). */
export interface BlockParams {
  readonly norm: NormKind;
  /** The norm before the mixer (`attn_norm` in the transformer, `norm` in the mixer twins). */
  readonly mixerNorm: NormParams;
  /** `mlp_norm` and `mlp`, absent in blocks without an MLP (mamba). */
  readonly mlp?: { readonly norm: NormParams; readonly ffn: SwiGluParams };
}

/**
 * The pre-norm residual block of src/float/python/blocks.py:
 *   h = round(x + mixer(norm₁(x)))  elementwise;   y = round(h + mlp(mlp_norm(h)))  (if there is an MLP).
 */
export function blockStep(
  f: ModelOps,
  p: BlockParams,
  mixer: Mixer,
  state: Float64Array,
  x: Float64Array,
  eps: number,
  toState: (x: number) => number,
): { state: Float64Array; y: Float64Array } {
  const m = mixer.step(f, state, applyNorm(f, p.norm, p.mixerNorm, x, eps), toState);
  return { state: m.state, y: blockOutput(f, p, x, m.y, eps) };
}

/**
 * blockStep with y computed when first read, for a block whose output may never be read (the
 * last block of a stack: its y feeds only the logits at this position). Only for a mixer with
 * advance/respond and ops that never raise (KernelOps.neverRaises); otherwise it is blockStep.
 */
export function blockStepDeferred(
  f: ModelOps,
  p: BlockParams,
  mixer: Mixer,
  state: Float64Array,
  x: Float64Array,
  eps: number,
  toState: (x: number) => number,
): { readonly state: Float64Array; readonly y: Float64Array } {
  const { advance, respond } = mixer;
  if (advance === undefined || respond === undefined || f.neverRaises !== true) return blockStep(f, p, mixer, state, x, eps, toState);
  const xn = applyNorm(f, p.norm, p.mixerNorm, x, eps);
  const next = advance.call(mixer, f, state, xn, toState);
  let y: Float64Array | null = null;
  return {
    state: next,
    get y() {
      return (y ??= blockOutput(f, p, x, respond.call(mixer, f, next, xn), eps));
    },
  };
}

/** round(x + mixer output), then the MLP's residual when the block has one. */
function blockOutput(f: ModelOps, p: BlockParams, x: Float64Array, my: Float64Array, eps: number): Float64Array {
  let h = addVectors(f, x, my);
  if (p.mlp) h = addVectors(f, h, swiglu(f, p.mlp.ffn, applyNorm(f, p.norm, p.mlp.norm, h, eps)));
  return h;
}

/** Names of a block's norm and MLP tensors under `prefix` (the mixer adds its own). */
export interface BlockNames {
  readonly mixerNorm: string;
  /** ffnSize, or 0 for no MLP. */
  readonly ffnSize: number;
}

export function blockShapes(prefix: string, norm: NormKind, width: number, names: BlockNames): {
  mixerNorm: [string, number[]][];
  mlp: [string, number[]][];
} {
  return {
    mixerNorm: normShapes(`${prefix}.${names.mixerNorm}`, norm, width),
    mlp: names.ffnSize > 0 ? [...normShapes(`${prefix}.mlp_norm`, norm, width), ...swigluShapes(`${prefix}.mlp`, width, names.ffnSize)] : [],
  };
}

/** A norm's params from checked tensors. */
export function normFrom(tensors: NamedTensors, prefix: string, norm: NormKind): NormParams {
  return norm === "layernorm"
    ? { weight: tensors[`${prefix}.weight`].data, bias: tensors[`${prefix}.bias`].data }
    : { weight: tensors[`${prefix}.weight`].data };
}

/** A block's params from checked tensors (see blockShapes for the names). */
export function blockFrom(tensors: NamedTensors, prefix: string, norm: NormKind, width: number, names: BlockNames): BlockParams {
  const mixerNorm = normFrom(tensors, `${prefix}.${names.mixerNorm}`, norm);
  if (names.ffnSize === 0) return { norm, mixerNorm };
  return {
    norm,
    mixerNorm,
    mlp: {
      norm: normFrom(tensors, `${prefix}.mlp_norm`, norm),
      ffn: {
        gate: tensors[`${prefix}.mlp.w_gate.weight`].data,
        up: tensors[`${prefix}.mlp.w_up.weight`].data,
        down: tensors[`${prefix}.mlp.w_down.weight`].data,
        hidden: names.ffnSize,
        width,
      },
    },
  };
}
