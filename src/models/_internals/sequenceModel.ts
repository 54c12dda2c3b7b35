import type { Format } from "../../numeric/format.js";
import { BitCursor, eliasGammaBits, readEliasGamma, scalarCodec } from "../../stream/codec.js";
import type { BitString, ModelInfo } from "../../stream/model.js";
import { UserError } from "../../util/errors.js";
import type { Backbone, ExactModel, Provenance } from "./descriptor.js";
import { linear } from "./linear.js";
import type { ModelOps } from "./modelOps.js";
import { applyNorm, type NormKind, type NormParams } from "./norm.js";
import type { NamedTensors } from "./params.js";
import { roleFormatsName, type RoleFormats } from "./roleFormats.js";

/**
 * A state: the backbone's segments plus `out`, the last position's final vector (after
 * final_norm), which the readout reads. `out` is part of the state because the logits after a
 * token depend on that token's own path through the layers, which no cache keeps.
 */
export interface SequenceState {
  readonly mem: readonly Float64Array[];
  readonly out: Float64Array;
}

export interface SequenceParts {
  readonly architecture: string;
  readonly name: string;
  readonly config: Readonly<Record<string, unknown>>;
  readonly formats: RoleFormats;
  readonly ops: ModelOps;
  readonly backbone: Backbone;
  /** final_norm after the backbone, or null (a hybrid that normalises before its attention). */
  readonly finalNorm: { readonly kind: NormKind; readonly params: NormParams; readonly eps: number } | null;
  readonly readoutWeight: Float64Array;
  readonly readoutBias: Float64Array | null;
  readonly vocabSize: number;
  readonly tensors: NamedTensors;
  readonly info: Readonly<Record<string, unknown>>;
  readonly provenance: Provenance;
}

/**
 * The StreamingModel shell of every non-RNN architecture: backbone → final_norm → readout.
 * Encoding: when the backbone grows, the Elias gamma code of (t + 1) first (t = tokens consumed,
 * self-delimiting, 2⌊log₂(t+1)⌋ + 1 bits); then every segment's scalars and `out`, each at the
 * state format's bit width. So stateBits(t) = [γ(t+1)] + (Σ segments(t) + width)·bits exactly.
 */
export class SequenceModel implements ExactModel<SequenceState> {
  readonly architecture: string;
  readonly name: string;
  readonly vocabSize: number;
  readonly format: Format;
  readonly formats: RoleFormats;
  readonly config: Readonly<Record<string, unknown>>;
  private readonly toState: (x: number) => number;

  constructor(private readonly p: SequenceParts) {
    this.architecture = p.architecture;
    this.name = p.name;
    this.vocabSize = p.vocabSize;
    this.format = p.formats.state;
    this.formats = p.formats;
    this.config = p.config;
    const s = p.formats.state;
    this.toState = s === p.formats.compute ? (x) => x : (x) => s.round(x);
  }

  init(): SequenceState {
    return { mem: this.p.backbone.init(), out: new Float64Array(this.p.backbone.width) };
  }

  step(state: SequenceState, token: number, _t: number): SequenceState {
    const { state: mem, hidden } = this.p.backbone.step(state.mem, token);
    const fin = this.p.finalNorm;
    const v = fin ? applyNorm(this.p.ops, fin.kind, fin.params, hidden, fin.eps) : hidden;
    const out = new Float64Array(v.length);
    for (let i = 0; i < v.length; i++) out[i] = this.toState(v[i]);
    return { mem, out };
  }

  /** logits[v] = round(dot(readout.weight[v], out) + readout.bias[v]) (no bias when readoutBias is false). */
  logits(state: SequenceState): Float64Array {
    return linear(this.p.ops, this.p.readoutWeight, this.vocabSize, this.p.backbone.width, state.out, 0, this.p.readoutBias ?? undefined);
  }

  encode(state: SequenceState): BitString {
    const out: string[] = [];
    if (this.p.backbone.grows) out.push(eliasGammaBits(this.p.backbone.position(state.mem) + 1));
    const one = scalarCodec(this.format);
    for (const seg of state.mem) for (let k = 0; k < seg.length; k++) one.write(seg[k], out);
    for (let k = 0; k < state.out.length; k++) one.write(state.out[k], out);
    return out.join("");
  }

  decode(bits: BitString): SequenceState {
    if (/[^01]/.test(bits)) throw new UserError(`${this.name}: a state is a string of 0/1`);
    const c = new BitCursor(bits);
    try {
      const t = this.p.backbone.grows ? readEliasGamma(c) - 1 : 0;
      if (t > bits.length) throw new RangeError("length prefix beyond the message");
      const one = scalarCodec(this.format);
      const mem = this.p.backbone.segmentLengths(t).map((n) => {
        const v = new Float64Array(n);
        for (let k = 0; k < n; k++) v[k] = one.read(c);
        return v;
      });
      const out = new Float64Array(this.p.backbone.width);
      for (let k = 0; k < out.length; k++) out[k] = one.read(c);
      if (!c.done()) throw new RangeError(`${bits.length - c.pos} trailing bits`);
      return { mem, out };
    } catch (e) {
      if (e instanceof RangeError) throw new UserError(`${this.name}: not an encoded state (${e.message})`);
      throw e;
    }
  }

  stateBits(t: number): number {
    const scalars = this.p.backbone.segmentLengths(t).reduce((a, b) => a + b, 0) + this.p.backbone.width;
    return (this.p.backbone.grows ? eliasGammaBits(t + 1).length : 0) + scalars * this.format.bits;
  }

  describe(): ModelInfo {
    const values = { ...this.p.backbone.formulaValues, width: this.p.backbone.width, bits: this.format.bits };
    const where = Object.entries(values).map(([k, v]) => `${k} = ${v}`).join(", ");
    const body = `(${this.p.backbone.scalarsFormula} + width)·bits`;
    const formula = this.p.backbone.grows
      ? `2⌊log₂(t+1)⌋ + 1 + ${body} with ${where}`
      : `${body} with ${where} = ${this.stateBits(0)}`;
    return {
      architecture: this.architecture,
      format: roleFormatsName(this.formats),
      stateBitsFormula: formula,
      params: { ...this.p.config, ...this.p.info, ...this.p.backbone.info, ...this.p.provenance },
    };
  }

  tensors(): NamedTensors {
    return this.p.tensors;
  }
}
