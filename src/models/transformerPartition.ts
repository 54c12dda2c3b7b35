import type { StreamingModel } from "../stream/model.js";
import { userError } from "../util/errors.js";
import { AttentionMixer, type AttentionPartial } from "./_internals/attention.js";
import { blockStep, type BlockParams, type Mixer } from "./_internals/block.js";
import type { ModelOps } from "./_internals/modelOps.js";
import { applyNorm } from "./_internals/norm.js";
import { underFormatPolicy } from "./_internals/roleFormats.js";
import { SequenceModel } from "./_internals/sequenceModel.js";
import { StackBackbone } from "./_internals/stack.js";
import type { Format } from "../numeric/format.js";

/**
 * The last position of a one-layer transformer evaluated in partition order (theory.md §5,
 * docs/reductions.md "The one-layer Transformer game"). The positions are split between two
 * parties; each sums its own positions left to right against its own maximum score
 * (AttentionMixer.partialSums), and the two parts are combined by rescaling with exp of the
 * difference of the maxima (AttentionMixer.combinePartials), first party's part first. Then the
 * rest of the block (wo, residual, MLP) and final_norm + readout run exactly as in the model.
 * The last position is the second party's (its token and position are public).
 *
 * This differs from the model's own left-to-right evaluation only in the softmax sums: there,
 * e_s/Z is rounded before it multiplies v_s, over one maximum; here Σ e_s·v_s is divided by Z
 * at the end, over two maxima. The two can differ in the last bit, and so in the answer.
 */
export class OneLayerPartitionView {
  private readonly attention: AttentionMixer;
  private readonly block: BlockParams;
  private readonly stack: StackBackbone;
  private readonly ops: ModelOps;
  private readonly eps: number;
  private readonly toState: (x: number) => number;
  /** Cache rows (k then v) by position and token: a position's k, v depend on nothing else. */
  private readonly rows = new Map<number, Float64Array>();
  private readonly queries = new Map<number, Float64Array>();

  private constructor(readonly model: SequenceModel) {
    const stack = model.backbone;
    if (!(stack instanceof StackBackbone) || model.architecture !== "transformer" || stack.blocks.length !== 1 || !(stack.blocks[0].mixer instanceof AttentionMixer)) {
      userError(`the one-layer transformer game needs --model transformer --layers 1; ${model.name} is not one`);
    }
    this.stack = stack;
    this.attention = stack.blocks[0].mixer as AttentionMixer;
    this.block = stack.blocks[0].params;
    ({ ops: this.ops, eps: this.eps, toState: this.toState } = stack.runtime);
  }

  /** The view of a model, or a UserError naming why it has none (not a 1-layer transformer). */
  static of(model: StreamingModel<unknown>): OneLayerPartitionView {
    if (!(model instanceof SequenceModel)) userError(`the one-layer transformer game needs --model transformer --layers 1; ${model.name} is not one`);
    return new OneLayerPartitionView(model);
  }

  get heads(): number {
    return this.attention.headCount;
  }

  get headSize(): number {
    return this.attention.headSize;
  }

  /** The format the partial sums are computed in, and sent in. */
  get format(): Format {
    return this.model.formats.compute;
  }

  /** Bits of one party's partials: H·(d_h + 2)·p. */
  get partialBits(): number {
    return this.heads * (this.headSize + 2) * this.format.bits;
  }

  private key(token: number, position: number): number {
    return position * this.model.vocabSize + token;
  }

  private projected(token: number, position: number): { q: Float64Array; row: Float64Array } {
    const f = this.ops;
    const x = this.stack.embed(token, position);
    const xn = normed(f, this.block, x, this.eps);
    const { q, k, v } = this.attention.project(f, xn, position, this.toState);
    const row = new Float64Array(2 * k.length);
    row.set(k);
    row.set(v, k.length);
    return { q, row };
  }

  private run<T>(f: () => T): T {
    return underFormatPolicy(this.model.name, this.model.formats, f);
  }

  /** The cache row (k then v, state-format values) of `token` at `position`. */
  row(token: number, position: number): Float64Array {
    this.checkToken(token);
    const key = this.key(token, position);
    let r = this.rows.get(key);
    if (!r) {
      r = this.run(() => this.projected(token, position).row);
      this.rows.set(key, r);
    }
    return r;
  }

  /** The query of the last position: `token` at `position`. */
  query(token: number, position: number): Float64Array {
    this.checkToken(token);
    const key = this.key(token, position);
    let q = this.queries.get(key);
    if (!q) {
      q = this.run(() => this.projected(token, position).q);
      this.queries.set(key, q);
    }
    return q;
  }

  /** One party's partials, per head, over its (token, position) pairs in increasing position order. */
  partials(query: Float64Array, positions: readonly { token: number; position: number }[]): AttentionPartial[] {
    if (positions.length === 0) userError("a party of the partition holds no position");
    const rows = positions.map((p) => this.row(p.token, p.position));
    return this.run(() => Array.from({ length: this.heads }, (_, h) => this.attention.partialSums(this.ops, query, rows, h)));
  }

  /** The logits at the last position (`lastToken` at `lastPosition`) from both parties' partials, first's first. */
  logitsFromPartials(lastToken: number, lastPosition: number, first: readonly AttentionPartial[], second: readonly AttentionPartial[]): Float64Array {
    const f = this.ops;
    const d = this.attention.headSize * this.heads;
    return this.run(() => {
      const o = new Float64Array(d);
      for (let h = 0; h < this.heads; h++) o.set(this.attention.combinePartials(f, first[h], second[h]), h * this.attention.headSize);
      // The block around the attention runs as in the model: only the mixer's output is the partition's.
      const attention = this.attention;
      const combined: Mixer = {
        grows: true,
        stateLength: () => 0,
        init: () => new Float64Array(0),
        step: () => ({ state: new Float64Array(0), y: attention.output(f, o) }),
      };
      const x = this.stack.embed(lastToken, lastPosition);
      const { y } = blockStep(f, this.block, combined, new Float64Array(0), x, this.eps, this.toState);
      return this.model.logitsOfHidden(y);
    });
  }

  /**
   * The partition-order logits of the last position of `tokens`: positions with `first[s]` true
   * are the first party's, the rest (the last position among them) the second's.
   */
  partitionOrderLogits(tokens: readonly number[], first: readonly boolean[]): Float64Array {
    const last = tokens.length - 1;
    if (first[last]) userError("the last position belongs to the second party (the receiver)");
    const q = this.query(tokens[last], last);
    const part = (mine: boolean) => tokens.flatMap((token, position) => (first[position] === mine ? [{ token, position }] : []));
    return this.logitsFromPartials(tokens[last], last, this.partials(q, part(true)), this.partials(q, part(false)));
  }

  private checkToken(token: number): void {
    if (!Number.isInteger(token) || token < 0 || token >= this.model.vocabSize) {
      userError(`${this.model.name}: token ${token} is outside the vocabulary 0..${this.model.vocabSize - 1}`);
    }
  }
}

/** The block's mixer norm (attn_norm) of x₀, as blockStep applies it. */
function normed(f: ModelOps, block: BlockParams, x: Float64Array, eps: number): Float64Array {
  return applyNorm(f, block.norm, block.mixerNorm, x, eps);
}
