import { UserError } from "../../util/errors.js";
import { blockStep, blockStepDeferred, type BlockParams, type Mixer } from "./block.js";
import type { Backbone } from "./descriptor.js";
import type { ModelOps } from "./modelOps.js";
import type { SinusoidalPositions } from "./positions.js";

/** Additive positions on the embedding: a learned table [maxLen, d] or the sinusoidal one. */
export type AddedPositions =
  | { readonly kind: "learned"; readonly table: Float64Array; readonly maxLen: number }
  | { readonly kind: "sinusoidal"; readonly table: SinusoidalPositions; readonly maxLen: number };

export interface StackParts {
  readonly name: string;
  readonly width: number;
  readonly vocabSize: number;
  /** embedding.weight [V, d] */
  readonly embedding: Float64Array;
  readonly positions: AddedPositions | null;
  readonly blocks: readonly { readonly params: BlockParams; readonly mixer: Mixer }[];
  readonly eps: number;
  readonly ops: ModelOps;
  readonly toState: (x: number) => number;
  readonly scalarsFormula: string;
  readonly formulaValues: Readonly<Record<string, number>>;
  readonly info: Readonly<Record<string, unknown>>;
}

/**
 * The residual stack of the transformer and the mixer twins as a Backbone: x₀ = E[token]
 * (+ round(E[token] + P[p]) with added positions, p = tokens consumed so far), then each
 * pre-norm block in turn; its hidden output is the last block's y (before final_norm). One state
 * segment per block: that block's mixer state.
 */
export class StackBackbone implements Backbone {
  readonly width: number;
  readonly grows: boolean;
  readonly scalarsFormula: string;
  readonly formulaValues: Readonly<Record<string, number>>;
  readonly info: Readonly<Record<string, unknown>>;
  private readonly growing: number;

  constructor(private readonly s: StackParts) {
    this.width = s.width;
    this.growing = s.blocks.findIndex((b) => b.mixer.grows);
    this.grows = this.growing >= 0;
    this.scalarsFormula = s.scalarsFormula;
    this.formulaValues = s.formulaValues;
    this.info = s.info;
  }

  segmentLengths(t: number): number[] {
    return this.s.blocks.map((b) => b.mixer.stateLength(t));
  }

  position(state: readonly Float64Array[]): number {
    return this.grows ? this.s.blocks[this.growing].mixer.position!(state[this.growing]) : 0;
  }

  init(): Float64Array[] {
    return this.s.blocks.map((b) => b.mixer.init());
  }

  /** The blocks, in order (the partition-order evaluation of a 1-layer transformer reads them). */
  get blocks(): StackParts["blocks"] {
    return this.s.blocks;
  }

  /** x₀ of `token` at position p: its embedding row, plus the added position p's row. */
  embed(token: number, p: number): Float64Array {
    const { width: d, ops: f } = this.s;
    const x = this.s.embedding.slice(token * d, (token + 1) * d);
    const pos = this.s.positions;
    if (pos) {
      if (p >= pos.maxLen) {
        throw new UserError(`${this.s.name}: position ${p} is past the ${pos.kind} positions' maxLen ${pos.maxLen}; the sequence is too long for this model`);
      }
      const row = pos.kind === "learned" ? pos.table.subarray(p * d, (p + 1) * d) : pos.table.row(p);
      for (let i = 0; i < d; i++) x[i] = f.add(x[i], row[i]);
    }
    return x;
  }

  /** Operations, norm ε and state rounding the blocks run with. */
  get runtime(): { ops: ModelOps; eps: number; toState: (x: number) => number } {
    return { ops: this.s.ops, eps: this.s.eps, toState: this.s.toState };
  }

  step(state: readonly Float64Array[], token: number): { state: Float64Array[]; hidden: Float64Array } {
    const { ops: f } = this.s;
    if (!Number.isInteger(token) || token < 0 || token >= this.s.vocabSize) {
      throw new UserError(`${this.s.name}: token ${token} is outside the vocabulary 0..${this.s.vocabSize - 1}`);
    }
    let x = this.embed(token, this.position(state));
    const next: Float64Array[] = [];
    const last = this.s.blocks.length - 1;
    for (let k = 0; k < last; k++) {
      const b = this.s.blocks[k];
      const r = blockStep(f, b.params, b.mixer, state[k], x, this.s.eps, this.s.toState);
      next.push(r.state);
      x = r.y;
    }
    if (last < 0) return { state: next, hidden: x };
    // The last block's output is the hidden vector, read only where logits are.
    const b = this.s.blocks[last];
    const r = blockStepDeferred(f, b.params, b.mixer, state[last], x, this.s.eps, this.s.toState);
    next.push(r.state);
    return {
      state: next,
      get hidden() {
        return r.y;
      },
    };
  }
}
