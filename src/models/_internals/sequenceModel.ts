import type { Format } from "../../numeric/format.js";
import { BitCursor, eliasGammaBits, putEliasGamma, scalarCodes, StringSink, type BitSink, type BitSource } from "../../stream/codec.js";
import type { BitString, ModelInfo } from "../../stream/model.js";
import { UserError } from "../../util/errors.js";
import type { Backbone, ExactModel, Provenance } from "./descriptor.js";
import { linear, linearRows } from "./linear.js";
import type { ModelOps } from "./modelOps.js";
import { applyNorm, type NormKind, type NormParams } from "./norm.js";
import type { NamedTensors } from "./params.js";
import { roleFormatsName, underFormatPolicy, type RoleFormats } from "./roleFormats.js";

/**
 * A state: the backbone's segments after every token but the last, and the last token itself,
 * not yet folded in (−1 before the first token), as the mixer models keep theirs. The logits
 * after a token depend on that token's own path through the layers (the residual stream, q_t),
 * which no cache holds; memory + last token fixes them, at ⌈log₂(V + 1)⌉ bits.
 */
export interface SequenceState {
  readonly mem: readonly Float64Array[];
  readonly pending: number;
}

/** Bits of the last-token field: 0 (none) and 1..V (token + 1). */
export function pendingBits(vocabSize: number): number {
  return Math.ceil(Math.log2(vocabSize + 1));
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
 * The StreamingModel shell of the transformer and the hybrid: backbone → final_norm → readout.
 * After t tokens the backbone has folded in c = max(t − 1, 0) of them. Encoding: when the
 * backbone grows, the Elias gamma code of (c + 1) first (self-delimiting, 2⌊log₂(c+1)⌋ + 1
 * bits); then every segment's scalars at the state format's bit width; then the last token + 1
 * in ⌈log₂(V + 1)⌉ bits. stateBits(t) is exactly that length.
 */
export class SequenceModel implements ExactModel<SequenceState> {
  readonly architecture: string;
  readonly name: string;
  readonly vocabSize: number;
  readonly format: Format;
  readonly formats: RoleFormats;
  readonly config: Readonly<Record<string, unknown>>;
  private readonly toState: (x: number) => number;
  private readonly tokenBits: number;
  private readonly codes: ReturnType<typeof scalarCodes>;
  /**
   * The backbone step of a state's last token, for the last few states folded (most recent
   * first): a census steps one state with both bits, Bob steps one state with every query and
   * reads out each result, and generation reads out a state and then steps it. States are
   * immutable, so this is a cache keyed by identity, never a change of result. (A WeakMap here
   * kept every folded KV cache alive until the next GC noticed its key was dead.)
   */
  private readonly foldKeys: (SequenceState | null)[] = [null, null, null, null];
  private readonly foldValues: ({ state: Float64Array[]; hidden: Float64Array } | null)[] = [null, null, null, null];

  constructor(private readonly p: SequenceParts) {
    this.architecture = p.architecture;
    this.name = p.name;
    this.vocabSize = p.vocabSize;
    this.format = p.formats.state;
    this.formats = p.formats;
    this.config = p.config;
    const s = p.formats.state;
    this.toState = s === p.formats.compute ? (x) => x : (x) => s.round(x);
    this.tokenBits = pendingBits(p.vocabSize);
    this.codes = scalarCodes(p.formats.state);
  }

  init(): SequenceState {
    return { mem: this.p.backbone.init(), pending: -1 };
  }

  step(state: SequenceState, token: number, _t: number): SequenceState {
    if (!Number.isInteger(token) || token < 0 || token >= this.vocabSize) {
      throw new UserError(`${this.name}: token ${token} is outside the vocabulary 0..${this.vocabSize - 1}`);
    }
    if (state.pending < 0) return { mem: state.mem, pending: token };
    return { mem: underFormatPolicy(this.name, this.formats, () => this.fold(state)).state, pending: token };
  }

  /** The last token through the backbone over the memory (memoised for recent states). */
  private fold(state: SequenceState): { state: Float64Array[]; hidden: Float64Array } {
    const keys = this.foldKeys;
    const values = this.foldValues;
    let i = 0;
    while (i < keys.length && keys[i] !== state) i++;
    let r: { state: Float64Array[]; hidden: Float64Array };
    if (i < keys.length) r = values[i]!;
    else {
      r = this.p.backbone.step(state.mem, state.pending);
      i = keys.length - 1;
    }
    // Move to the front (least recently used last).
    for (; i > 0; i--) {
      keys[i] = keys[i - 1];
      values[i] = values[i - 1];
    }
    keys[0] = state;
    values[0] = r;
    return r;
  }

  /**
   * The twin's last-position logits: the last token through the backbone over the memory, then
   * final_norm (unless the hybrid normalised before its attention), then
   * logits[v] = round(dot(readout.weight[v], x) + readout.bias[v]) (no bias when readoutBias is false).
   * Before any token, x is the zero vector.
   */
  logits(state: SequenceState): Float64Array {
    return underFormatPolicy(this.name, this.formats, () =>
      linear(this.p.ops, this.p.readoutWeight, this.vocabSize, this.p.backbone.width, this.readoutInput(state), 0, this.p.readoutBias ?? undefined),
    );
  }

  /** logits(state)[tokens[i]] at i, by the same operations, the other rows skipped. */
  logitsFor(state: SequenceState, tokens: readonly number[]): Float64Array {
    return underFormatPolicy(this.name, this.formats, () =>
      linearRows(this.p.ops, this.p.readoutWeight, this.vocabSize, this.p.backbone.width, this.readoutInput(state), tokens, 0, this.p.readoutBias ?? undefined),
    );
  }

  /** The readout's input x (call under the format policy). */
  private readoutInput(state: SequenceState): Float64Array {
    return this.finalNormed(state.pending < 0 ? new Float64Array(this.p.backbone.width) : this.fold(state).hidden);
  }

  private finalNormed(hidden: Float64Array): Float64Array {
    const fin = this.p.finalNorm;
    return fin ? applyNorm(this.p.ops, fin.kind, fin.params, hidden, fin.eps) : hidden;
  }

  /** final_norm (unless the hybrid normalised before its attention), then the readout, of a backbone output. */
  logitsOfHidden(hidden: Float64Array): Float64Array {
    return linear(this.p.ops, this.p.readoutWeight, this.vocabSize, this.p.backbone.width, this.finalNormed(hidden), 0, this.p.readoutBias ?? undefined);
  }

  /** The backbone (the partition-order evaluation of a 1-layer transformer reads its blocks). */
  get backbone(): Backbone {
    return this.p.backbone;
  }

  encode(state: SequenceState): BitString {
    const sink = new StringSink();
    this.encodeTo(state, sink);
    return sink.text();
  }

  /** The encoding's fields into any sink (the census packs them into words: the same bits). */
  encodeTo(state: SequenceState, sink: BitSink): void {
    if (this.p.backbone.grows) putEliasGamma(sink, this.p.backbone.position(state.mem) + 1);
    const k = this.format.bits;
    const codes = this.codes;
    for (const seg of state.mem) for (let i = 0; i < seg.length; i++) sink.put(codes.encode(seg[i]), k);
    sink.put(state.pending + 1, this.tokenBits);
  }

  decode(bits: BitString): SequenceState {
    if (/[^01]/.test(bits)) throw new UserError(`${this.name}: a state is a string of 0/1`);
    return this.decodeFrom(new BitCursor(bits));
  }

  /** decode, reading the fields from any source. */
  decodeFrom(c: BitSource): SequenceState {
    try {
      const folded = this.p.backbone.grows ? c.eliasGamma() - 1 : 0;
      if (folded > c.length) throw new RangeError("length prefix beyond the message");
      const k = this.format.bits;
      const codes = this.codes;
      const mem = this.p.backbone.segmentLengths(folded).map((n) => {
        const v = new Float64Array(n);
        for (let i = 0; i < n; i++) v[i] = codes.decode(k > 32 ? c.big(k) : c.uint(k));
        return v;
      });
      const code = c.uint(this.tokenBits);
      if (!c.done()) throw new RangeError(`${c.length - c.pos} trailing bits`);
      if (code > this.vocabSize) throw new RangeError(`last-token field ${code} beyond the vocabulary (≤ ${this.vocabSize})`);
      if (code === 0 && folded > 0) throw new RangeError("a memory of folded tokens without a last token");
      return { mem, pending: code - 1 };
    } catch (e) {
      if (e instanceof RangeError) throw new UserError(`${this.name}: not an encoded state (${e.message})`);
      throw e;
    }
  }

  stateBits(t: number): number {
    const folded = Math.max(t - 1, 0);
    const scalars = this.p.backbone.segmentLengths(folded).reduce((a, b) => a + b, 0);
    return (this.p.backbone.grows ? eliasGammaBits(folded + 1).length : 0) + scalars * this.format.bits + this.tokenBits;
  }

  describe(): ModelInfo {
    const values = { ...this.p.backbone.formulaValues, width: this.p.backbone.width, bits: this.format.bits, vocabSize: this.vocabSize };
    const where = Object.entries(values).map(([k, v]) => `${k} = ${v}`).join(", ");
    const body = `(${this.p.backbone.scalarsFormula})·bits + ⌈log₂(vocabSize + 1)⌉`;
    const formula = this.p.backbone.grows
      ? `2⌊log₂(c + 1)⌋ + 1 + ${body}, c = max(t − 1, 0), with ${where}`
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
