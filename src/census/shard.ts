import type { StreamingModel } from "../stream/model.js";
import { predictAt } from "../stream/model.js";
import { runModel } from "../stream/interpreter.js";
import { modelProtocol } from "../comm/game.js";
import { aliceLength as aliceLengthOf } from "../comm/reduction.js";
import { userError } from "../util/errors.js";
import { KeyTable } from "./_internals/keyTable.js";
import { packedWords, unpackMessage } from "./_internals/packedMessage.js";
import { packedCodec, type PackedCodec } from "./_internals/stateCodec.js";
import { MemoryBudget } from "./_internals/memoryBudget.js";
import type { CensusOptions } from "./types.js";

/** The inputs a shard enumerates: the x whose low `bits` bits (x_0 … x_{bits−1}) are one of `prefixes`. */
export interface ShardSpec {
  bits: number;
  prefixes: readonly number[];
}

export const WHOLE: ShardSpec = { bits: 0, prefixes: [0] };

/** `--shard k/K`: K a power of two, 0 ≤ k < K; shard k holds the x with x_0 … x_{log₂K−1} = the bits of k. */
export function shardOf(k: number, K: number, flag = "--shard k/K"): ShardSpec {
  if (!Number.isInteger(K) || K < 1 || K > 2 ** 30 || 2 ** Math.round(Math.log2(K)) !== K) userError(`${flag} needs K a power of two (got K=${K})`);
  if (!Number.isInteger(k) || k < 0 || k >= K) userError(`--shard k/K needs 0 ≤ k < K (got ${k}/${K})`);
  return { bits: Math.log2(K), prefixes: [k] };
}

/**
 * A shard's state classes in typed arrays, class c at index c. A class's tallies count, per
 * query and answer token, the members whose expected answer that is; a one-member class
 * keeps none (its smallest member's answers are its tallies).
 */
export interface ClassParts {
  n: number;
  queries: number;
  answers: number;
  /** Words per packed message (packedMessage.ts). */
  width: number;
  count: number;
  keys: Uint32Array;
  members: Float64Array;
  smallest: Uint32Array;
  /** The smallest member with a separating query against `smallest`, or −1. */
  separated: Int32Array;
  /** Members answered correctly, summed over queries. */
  correct: Float64Array;
  /** Offset of the class's tallies in `tallies` (queries·answers of them), or −1. */
  talliesAt: Int32Array;
  tallies: Uint32Array;
  /** The model's output per query (queries per class), kept only for shard files. */
  outputs: Int32Array | null;
}

export interface ShardResult {
  parts: ClassParts;
  /** Per block j: the distinct packed states of this shard after block j (when asked for), and their count. */
  layerCounts: number[];
  layerKeys: Uint32Array[] | null;
  layerWidths: number[];
}

export interface ShardRunOptions {
  keepOutputs?: boolean;
  keepLayerKeys?: boolean;
  onBlock?: (done: number, total: number) => void;
  onBob?: (done: number, total: number) => void;
  /** Where the shard's arrays are reserved (default: unlimited). */
  budget?: MemoryBudget;
}

function bitsOf(x: number, n: number, out: Uint8Array): Uint8Array {
  for (let j = 0; j < n; j++) out[j] = (x >>> j) & 1;
  return out;
}

/** Throws a user error naming the limit when n is past exhaustive sizes. */
export function checkExhaustiveSize(n: number): void {
  if (n > 30) userError(`an exhaustive census handles n ≤ 30 (got n=${n}); use --search sample|flip`);
}

/**
 * One shard of the exact census at size n: breadth-first over Alice's blocks, states keyed and
 * deduplicated by their packed messages, members of each class in one flat array; then Bob
 * answers every query once per class, from the decoded message.
 */
export function censusShard<S>(opts: CensusOptions<S>, n: number, spec: ShardSpec, run: ShardRunOptions = {}): ShardResult {
  checkExhaustiveSize(n);
  const r = opts.reduction;
  const model: StreamingModel<S> = opts.modelFor(n);
  const header = r.header(n);
  const blockLength = r.block(n, 0, 0).length;
  const prefixLength = aliceLengthOf(r, n);
  // Past n bits, a prefix names x padded with zeros: shard k holds x = k when k < 2^n, else nothing.
  if (spec.bits > n) spec = { bits: n, prefixes: spec.prefixes.filter((p) => p < 2 ** n) };
  if (spec.prefixes.length === 0) return emptyShard(r, n, packedWords(model.stateBits(prefixLength)), run);
  // allowed[j][low] = 1 when the low j+1 bits `low` start some prefix of the shard.
  const allowed: Uint8Array[] = [];
  for (let j = 0; j < spec.bits; j++) {
    const a = new Uint8Array(2 ** (j + 1));
    for (const p of spec.prefixes) a[p % 2 ** (j + 1)] = 1;
    allowed.push(a);
  }

  const budget = run.budget ?? new MemoryBudget(Infinity, "census");
  const codec = packedCodec(model);
  const widthAt = (t: number) => codec.width(t);
  const start = runModel(model, header);
  let width = widthAt(start.t);
  let layer = new KeyTable(width, 1);
  let scratch = new Uint32Array(width);
  codec.pack(start.state, start.t, scratch, 0, width);
  layer.insert(scratch);
  budget.reserve(12);
  let offsets = new Uint32Array([0, 1]);
  let members = new Uint32Array([0]);
  const layerCounts: number[] = [];
  const layerKeys: Uint32Array[] | null = run.keepLayerKeys ? [] : null;
  const layerWidths: number[] = [];

  for (let j = 0; j < n; j++) {
    const blocks = [r.block(n, j, 0), r.block(n, j, 1)];
    if (blocks[0].length !== blockLength || blocks[1].length !== blockLength) {
      throw new Error(`reduction ${r.name}: block ${j} is not ${blockLength} tokens long`);
    }
    const t0 = header.length + j * blockLength;
    const nextWidth = widthAt(t0 + blockLength);
    if (scratch.length < nextWidth) scratch = new Uint32Array(nextWidth);
    const classes = layer.size;
    const next = new KeyTable(nextWidth, Math.min(2 * classes, 2 ** 26), budget);
    budget.reserve(16 * classes);
    const child = new Int32Array(2 * classes).fill(-1);
    const childSize = new Uint32Array(2 * classes);
    const mask = j < spec.bits ? allowed[j] : null;
    const lowMask = 2 ** (j + 1) - 1;
    for (let c = 0; c < classes; c++) {
      let state: S | null = null;
      for (let bit = 0; bit < 2; bit++) {
        let size = offsets[c + 1] - offsets[c];
        if (mask) {
          size = 0;
          for (let m = offsets[c]; m < offsets[c + 1]; m++) size += mask[(members[m] | (bit << j)) & lowMask];
          if (size === 0) continue;
        }
        state ??= codec.unpack(layer.words, c * width);
        // runModel without the budget check, inlined (the codec checks the budget of the state it packs).
        const block = blocks[bit];
        let after: S = state;
        for (let i = 0; i < block.length; i++) after = model.step(after, block[i], t0 + i);
        codec.pack(after, t0 + block.length, scratch, 0, nextWidth);
        child[2 * c + bit] = next.insert(scratch);
        childSize[2 * c + bit] = size;
      }
    }
    // Members of the next layer, grouped by class (counting sort by child id).
    budget.reserve(8 * next.size + 4);
    const nextOffsets = new Uint32Array(next.size + 1);
    for (let e = 0; e < 2 * classes; e++) if (child[e] >= 0) nextOffsets[child[e] + 1] += childSize[e];
    for (let c = 0; c < next.size; c++) nextOffsets[c + 1] += nextOffsets[c];
    const fill = nextOffsets.slice(0, next.size);
    budget.reserve(4 * nextOffsets[next.size]);
    const nextMembers = new Uint32Array(nextOffsets[next.size]);
    for (let c = 0; c < classes; c++) {
      for (let bit = 0; bit < 2; bit++) {
        const id = child[2 * c + bit];
        if (id < 0) continue;
        const add = bit << j;
        for (let m = offsets[c]; m < offsets[c + 1]; m++) {
          const x = members[m] | add;
          if (mask && !mask[x & lowMask]) continue;
          nextMembers[fill[id]++] = x >>> 0;
        }
      }
    }
    if (layerKeys && j < n - 1) {
      budget.reserve(4 * next.size * nextWidth);
      layerKeys.push(next.keys().slice());
    }
    layerCounts.push(next.size);
    layerWidths.push(nextWidth);
    budget.release(16 * classes + 4 * (offsets.length + members.length) + 4 * fill.length);
    layer.free();
    layer = next;
    width = nextWidth;
    offsets = nextOffsets;
    members = nextMembers;
    run.onBlock?.(j + 1, n);
  }
  return { parts: bobSide(opts, model, codec, n, prefixLength, layer, offsets, members, run), layerCounts, layerKeys, layerWidths };
}

function emptyShard(r: CensusOptions["reduction"], n: number, width: number, run: ShardRunOptions): ShardResult {
  const parts: ClassParts = {
    n,
    queries: r.queryCount(n),
    answers: r.answerTokens(n).length,
    width,
    count: 0,
    keys: new Uint32Array(0),
    members: new Float64Array(0),
    smallest: new Uint32Array(0),
    separated: new Int32Array(0),
    correct: new Float64Array(0),
    talliesAt: new Int32Array(0),
    tallies: new Uint32Array(0),
    outputs: run.keepOutputs ? new Int32Array(0) : null,
  };
  return { parts, layerCounts: [], layerKeys: run.keepLayerKeys ? [] : null, layerWidths: [] };
}

/** Bob's side of a shard: tallies, smallest and separated members, and outputs per class. */
function bobSide<S>(
  opts: CensusOptions<S>,
  model: StreamingModel<S>,
  codec: PackedCodec<S>,
  n: number,
  prefixLength: number,
  layer: KeyTable,
  offsets: Uint32Array,
  members: Uint32Array,
  run: ShardRunOptions,
): ClassParts {
  const r = opts.reduction;
  const answers = r.answerTokens(n);
  const A = answers.length;
  // Token → its index among the answer tokens (−1: not an answer); tokens are small integers.
  const answerOf = new Int32Array(Math.max(...answers) + 2).fill(-1);
  answers.forEach((a, k) => (answerOf[a] = k));
  const answerIndex = { get: (token: number): number | undefined => (token >= 0 && token < answerOf.length && answerOf[token] >= 0 ? answerOf[token] : undefined) };
  const Q = r.queryCount(n);
  const protocol = opts.cot ? modelProtocol(model, r, n, opts.cot) : null;
  const C = layer.size;
  const width = layer.width;
  const budget = run.budget ?? new MemoryBudget(Infinity, "census");
  budget.reserve(C * (4 * width + 32 + (run.keepOutputs ? 4 * Q : 0)));
  const parts: ClassParts = {
    n,
    queries: Q,
    answers: A,
    width,
    count: C,
    keys: layer.keys().slice(),
    members: new Float64Array(C),
    smallest: new Uint32Array(C),
    separated: new Int32Array(C),
    correct: new Float64Array(C),
    talliesAt: new Int32Array(C),
    tallies: new Uint32Array(0),
    outputs: run.keepOutputs ? new Int32Array(C * Q) : null,
  };
  let pool = new Uint32Array(Q * A * 16);
  let used = 0;
  const bits = new Uint8Array(n);
  const expectedK = new Int32Array(Q);
  const counts = new Uint32Array(Q * A);
  const outputs = new Int32Array(Q);
  const suffixes = Array.from({ length: Q }, (_, q) => r.suffix(n, q));
  const progressEvery = Math.max(1, Math.floor(C / 100));
  for (let c = 0; c < C; c++) {
    const list = members.subarray(offsets[c], offsets[c + 1]);
    if (list.length > 1) list.sort();
    counts.fill(0);
    let separated = -1;
    for (let m = 0; m < list.length; m++) {
      const x = list[m];
      bitsOf(x, n, bits);
      let differs = false;
      for (let q = 0; q < Q; q++) {
        const k = answerIndex.get(r.expected(n, bits, q));
        if (k === undefined) throw new Error(`reduction ${r.name}: expected answer is not an answer token`);
        expectedK[q] = k;
        // Before a separated member is found, every earlier member answers as the smallest does.
        if (m > 0 && separated < 0 && counts[q * A + k] === 0) differs = true;
      }
      if (differs && separated < 0) separated = x;
      for (let q = 0; q < Q; q++) counts[q * A + expectedK[q]]++;
    }
    // Bob starts from the message: decoded from its packed words (with CoT, through the game's protocol).
    const message = protocol ? unpackMessage(layer.words, c * width) : "";
    const bobStart = protocol ? null : codec.unpack(layer.words, c * width);
    let classCorrect = 0;
    for (let q = 0; q < Q; q++) {
      let output: number;
      if (protocol) output = protocol.decode(message, q).output;
      else {
        // runModel without the budget check, inlined: this loop runs queries × classes times.
        const suffix = suffixes[q];
        let state: S = bobStart as S;
        for (let i = 0; i < suffix.length; i++) state = model.step(state, suffix[i], prefixLength + i);
        output = predictAt(model, state, answers);
      }
      outputs[q] = output;
      const k = answerIndex.get(output);
      if (k !== undefined) classCorrect += counts[q * A + k];
    }
    parts.members[c] = list.length;
    parts.smallest[c] = list[0];
    parts.separated[c] = separated;
    parts.correct[c] = classCorrect;
    if (parts.outputs) parts.outputs.set(outputs, c * Q);
    if (list.length > 1) {
      if (used + Q * A > pool.length) {
        budget.reserve(8 * pool.length);
        const grown = new Uint32Array(pool.length * 2);
        grown.set(pool);
        pool = grown;
      }
      pool.set(counts, used);
      parts.talliesAt[c] = used;
      used += Q * A;
    } else parts.talliesAt[c] = -1;
    if (c % progressEvery === 0) run.onBob?.(c, C);
  }
  parts.tallies = pool.slice(0, used);
  run.onBob?.(C, C);
  return parts;
}
