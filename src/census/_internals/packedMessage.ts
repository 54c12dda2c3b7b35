import type { BitSink, BitSource } from "../../stream/codec.js";
import type { BitString } from "../../stream/model.js";

/**
 * A message packed into fixed-width words: word 0 is its length in bits, then 32 bits per word,
 * the first bit of the message in the most significant bit of word 1. Two messages are equal
 * exactly when their packings are, and the '0'/'1' form is recovered exactly.
 */
export function packedWords(maxBits: number): number {
  return 1 + Math.ceil(maxBits / 32);
}

export function packMessage(bits: BitString, out: Uint32Array, offset: number, width: number): void {
  const L = bits.length;
  if (packedWords(L) > width) throw new RangeError(`a message of ${L} bits does not fit ${width} words`);
  out[offset] = L;
  let w = offset + 1;
  for (let start = 0; start < L; start += 32, w++) {
    const end = Math.min(L, start + 32);
    // parseInt reads up to 32 bits exactly (below 2^53); left-align a short last chunk.
    out[w] = (parseInt(bits.slice(start, end), 2) * 2 ** (32 - (end - start))) >>> 0;
  }
  for (; w < offset + width; w++) out[w] = 0;
}

const BYTE_BITS = Array.from({ length: 256 }, (_, b) => b.toString(2).padStart(8, "0"));

export function unpackMessage(words: Uint32Array, offset: number): BitString {
  const L = words[offset];
  const full = L >>> 5;
  let s = "";
  for (let k = 0; k < full; k++) {
    const w = words[offset + 1 + k];
    s += BYTE_BITS[w >>> 24] + BYTE_BITS[(w >>> 16) & 255] + BYTE_BITS[(w >>> 8) & 255] + BYTE_BITS[w & 255];
  }
  const rest = L & 31;
  if (rest > 0) {
    const w = words[offset + 1 + full];
    s += (BYTE_BITS[w >>> 24] + BYTE_BITS[(w >>> 16) & 255] + BYTE_BITS[(w >>> 8) & 255] + BYTE_BITS[w & 255]).slice(0, rest);
  }
  return s;
}

/** Hex of the packed message bits (the shard files' form): length in bits, a colon, hex digits. */
export function messageHex(words: Uint32Array, offset: number): string {
  const L = words[offset];
  let s = `${L}:`;
  for (let k = 0; k < Math.ceil(L / 32); k++) s += words[offset + 1 + k].toString(16).padStart(8, "0");
  return s;
}

export function parseMessageHex(text: string, out: Uint32Array, offset: number, width: number): void {
  const m = /^(\d+):([0-9a-f]*)$/.exec(text);
  if (!m) throw new RangeError(`not a packed message: '${text.slice(0, 40)}'`);
  const L = Number(m[1]);
  const hex = m[2];
  if (hex.length !== 8 * Math.ceil(L / 32) || packedWords(L) > width) throw new RangeError(`packed message of ${L} bits has ${hex.length} hex digits`);
  out[offset] = L;
  for (let k = 0; k < width - 1; k++) out[offset + 1 + k] = k * 8 < hex.length ? parseInt(hex.slice(8 * k, 8 * k + 8), 16) >>> 0 : 0;
}

/**
 * A BitSink that writes straight into a packed message (no '0'/'1' string): the words come out
 * as packMessage of the string the same puts would build. Call finish() last.
 */
export class PackedSink implements BitSink {
  pos = 0;
  private readonly capacity: number;
  constructor(
    private readonly out: Uint32Array,
    private readonly offset: number,
    width: number,
  ) {
    this.capacity = 32 * (width - 1);
    out.fill(0, offset, offset + width);
  }
  put(code: number | bigint, k: number): void {
    if (k === 0) return;
    // An integer in [0, 2^32) (code >>> 0 === code) with no bits at k or above.
    if (typeof code !== "number" || k > 32 || code >>> 0 !== code || (k < 32 && code >>> k !== 0)) {
      throw new RangeError(`${String(code)} does not fit in ${k} unsigned bits`);
    }
    if (this.pos + k > this.capacity) throw new RangeError(`a message of more than ${this.capacity} bits does not fit ${this.capacity / 32 + 1} words`);
    const at = this.offset + 1 + (this.pos >>> 5);
    const room = 32 - (this.pos & 31);
    // Shifts on int32 views of the code; every placed value is below 2^32, so none wraps.
    if (k <= room) this.out[at] |= code << (room - k);
    else {
      const spill = k - room;
      this.out[at] |= code >>> spill;
      this.out[at + 1] |= code << (32 - spill);
    }
    this.pos += k;
  }
  finish(): void {
    this.out[this.offset] = this.pos;
  }
}

/** A BitSource over a packed message. */
export class PackedSource implements BitSource {
  pos = 0;
  readonly length: number;
  constructor(
    private readonly words: Uint32Array,
    private readonly offset: number,
  ) {
    this.length = words[offset];
  }
  uint(k: number): number {
    if (k === 0) return 0;
    if (k > 32) throw new RangeError(`uint of ${k} > 32 bits`);
    if (this.pos + k > this.length) throw new RangeError(`bit string too short: need ${this.pos + k} bits, have ${this.length}`);
    const at = this.offset + 1 + (this.pos >>> 5);
    const used = this.pos & 31;
    // The word shifted so that bit `used` is its top bit, then the top k bits (and, when they
    // spill over, the next word's top bits below them).
    const top = (this.words[at] << used) >>> (32 - k);
    const spill = k - (32 - used);
    const v = spill > 0 ? (top | (this.words[at + 1] >>> (32 - spill))) >>> 0 : top;
    this.pos += k;
    return v;
  }

  big(k: number): bigint {
    let v = 0n;
    for (let left = k; left > 0; left -= Math.min(left, 32)) {
      const step = Math.min(left, 32);
      v = (v << BigInt(step)) | BigInt(this.uint(step));
    }
    return v;
  }
  eliasGamma(): number {
    let zeros = 0;
    while (this.uint(1) === 0) zeros++;
    if (zeros === 0) return 1;
    let v = 1;
    for (let left = zeros; left > 0; left -= Math.min(left, 32)) {
      const step = Math.min(left, 32);
      v = v * 2 ** step + this.uint(step);
    }
    return v;
  }
  done(): boolean {
    return this.pos === this.length;
  }
}
