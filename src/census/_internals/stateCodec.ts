import type { StreamingModel } from "../../stream/model.js";
import { encodeChecked } from "../../stream/interpreter.js";
import { BudgetExceededError } from "../../stream/interpreter.js";
import { RecurrentModel } from "../../models/_internals/recurrentModel.js";
import { SequenceModel, type SequenceState } from "../../models/_internals/sequenceModel.js";
import { PackedSink, PackedSource, packedWords, packMessage, unpackMessage } from "./packedMessage.js";

/**
 * How the census turns states into packed messages (packedMessage.ts) and back. The words are
 * always exactly packMessage(encode(state)); for recurrent models whose format has ≤ 32 bits
 * they are written from the scalars' codes directly, skipping the '0'/'1' string; sequence
 * models (transformer, mixers, hybrids) write their encoding's fields straight into the words.
 */
export interface PackedCodec<S> {
  /** Words per packed message after t tokens. */
  width(t: number): number;
  pack(state: S, t: number, out: Uint32Array, offset: number, width: number): void;
  unpack(words: Uint32Array, offset: number): S;
}

export function packedCodec<S>(model: StreamingModel<S>): PackedCodec<S> {
  if (model instanceof RecurrentModel && model.format.bits <= 32) return recurrentCodec(model) as unknown as PackedCodec<S>;
  if (model instanceof SequenceModel && model.format.bits <= 32) return sequenceCodec(model) as unknown as PackedCodec<S>;
  return {
    width: (t) => packedWords(model.stateBits(t)),
    pack: (state, t, out, offset, width) => packMessage(encodeChecked(model, state, t), out, offset, width),
    unpack: (words, offset) => model.decode(unpackMessage(words, offset)),
  };
}

function sequenceCodec(model: SequenceModel): PackedCodec<SequenceState> {
  return {
    width: (t) => packedWords(model.stateBits(t)),
    pack(state, t, out, offset, width) {
      const sink = new PackedSink(out, offset, width);
      model.encodeTo(state, sink);
      // encodeChecked's budget check, on the bits written.
      const allowed = model.stateBits(t);
      if (sink.pos > allowed) throw new BudgetExceededError(model.name, t, sink.pos, allowed);
      sink.finish();
    },
    unpack: (words, offset) => model.decodeFrom(new PackedSource(words, offset)),
  };
}

// fp32 codes are the float32 bit patterns: a store/load through these views converts exactly
// (NaN, whose payload a view may not keep, goes through the format's own encode/decode).
const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

function recurrentCodec(model: RecurrentModel): PackedCodec<Float64Array> {
  const format = model.format;
  const k = format.bits;
  const binary32 = format.name === "fp32";
  const encode = binary32
    ? (v: number): number => {
        if (v !== v) return format.encode(v) as number;
        f32[0] = v;
        return u32[0];
      }
    : (v: number): number => format.encode(v) as number;
  const decode = binary32
    ? (code: number): number => {
        u32[0] = code;
        const v = f32[0];
        return v === v ? v : format.decode(code);
      }
    : (code: number): number => format.decode(code);
  const length = model.stateLength;
  const bits = length * k;
  const mask = k === 32 ? 0xffffffff : 2 ** k - 1;
  return {
    width: () => packedWords(bits),
    pack(state, _t, out, offset, width) {
      out[offset] = bits;
      for (let w = offset + 1; w < offset + width; w++) out[w] = 0;
      let pos = 0; // bits written so far
      for (let i = 0; i < length; i++) {
        const code = encode(state[i]);
        // Place k bits MSB-first at bit position pos (bit 0 = MSB of word 1).
        const word = pos >>> 5;
        const used = pos & 31;
        const room = 32 - used;
        if (k <= room) out[offset + 1 + word] |= (code << (room - k)) >>> 0;
        else {
          out[offset + 1 + word] |= code >>> (k - room);
          out[offset + 2 + word] |= (code << (32 - (k - room))) >>> 0;
        }
        pos += k;
      }
    },
    unpack(words, offset) {
      if (words[offset] !== bits) throw new RangeError(`a packed state of ${words[offset]} bits; ${model.name} has ${bits}`);
      const state = new Float64Array(length);
      let pos = 0;
      for (let i = 0; i < length; i++) {
        const word = pos >>> 5;
        const used = pos & 31;
        const room = 32 - used;
        const hi = words[offset + 1 + word];
        let code: number;
        if (k <= room) code = (hi >>> (room - k)) & mask;
        else {
          const lo = words[offset + 2 + word];
          code = (((hi << (k - room)) | (lo >>> (32 - (k - room)))) & mask) >>> 0;
        }
        state[i] = decode(code >>> 0);
        pos += k;
      }
      return state;
    },
  };
}
