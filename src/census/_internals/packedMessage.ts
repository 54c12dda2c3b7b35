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
