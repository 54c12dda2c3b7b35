import type { Format } from "../numeric/format.js";
import type { BitString } from "./model.js";

/**
 * Encodings built from small combinators, so that a state's bit count is the length of an
 * explicit encoding. `write` appends '0'/'1' characters; `read` consumes them from a cursor.
 */
export interface Codec<T> {
  /** Bits this value takes (fixed-size codecs ignore the value). */
  bitLength(value: T): number;
  write(value: T, out: string[]): void;
  read(cursor: BitCursor): T;
}

export class BitCursor {
  pos = 0;
  constructor(readonly bits: BitString) {}
  take(k: number): string {
    if (this.pos + k > this.bits.length) {
      throw new RangeError(`bit string too short: need ${this.pos + k} bits, have ${this.bits.length}`);
    }
    const s = this.bits.slice(this.pos, this.pos + k);
    this.pos += k;
    return s;
  }
  /** Reads k ≤ 32 bits, most significant first, as an unsigned integer. */
  uint(k: number): number {
    return k === 0 ? 0 : parseInt(this.take(k), 2);
  }
  done(): boolean {
    return this.pos === this.bits.length;
  }
}

const ZEROS = "0".repeat(64);

/** k-bit unsigned integer, most significant bit first (k ≤ 53). */
export function uintBits(value: number, k: number): string {
  if (k === 0) return "";
  const s = value.toString(2);
  if (s.length > k || value < 0 || !Number.isInteger(value)) {
    throw new RangeError(`${value} does not fit in ${k} unsigned bits`);
  }
  return ZEROS.slice(0, k - s.length) + s;
}

/** An unsigned integer of fixed width. */
export function uintCodec(k: number): Codec<number> {
  return {
    bitLength: () => k,
    write: (v, out) => void out.push(uintBits(v, k)),
    read: (c) => c.uint(k),
  };
}

/** One value of a number format: its bit pattern, `format.bits` long. */
export function scalarCodec(format: Format): Codec<number> {
  const k = format.bits;
  return {
    bitLength: () => k,
    write(v, out) {
      const code = format.encode(v);
      if (typeof code === "bigint") {
        const s = code.toString(2);
        out.push(ZEROS.slice(0, k - s.length) + s);
      } else out.push(uintBits(code, k));
    },
    read(c) {
      return k > 32 ? format.decode(BigInt("0b" + c.take(k))) : format.decode(c.uint(k));
    },
  };
}

/** A fixed-length vector of format values (Float64Array in memory). */
export function vectorCodec(format: Format, length: number): Codec<Float64Array> {
  const one = scalarCodec(format);
  return {
    bitLength: () => length * format.bits,
    write(v, out) {
      if (v.length !== length) throw new RangeError(`vector of length ${v.length}, codec expects ${length}`);
      for (let k = 0; k < length; k++) one.write(v[k], out);
    },
    read(c) {
      const v = new Float64Array(length);
      for (let k = 0; k < length; k++) v[k] = one.read(c);
      return v;
    },
  };
}

/** A fixed-length array of values of one codec. */
export function arrayCodec<T>(item: Codec<T>, length: number): Codec<T[]> {
  return {
    bitLength: (v) => v.reduce((acc, x) => acc + item.bitLength(x), 0),
    write(v, out) {
      if (v.length !== length) throw new RangeError(`array of length ${v.length}, codec expects ${length}`);
      for (const x of v) item.write(x, out);
    },
    read(c) {
      const v: T[] = [];
      for (let k = 0; k < length; k++) v.push(item.read(c));
      return v;
    },
  };
}

/** A tuple of codecs, written one after the other. */
export function productCodec<T extends unknown[]>(parts: { [K in keyof T]: Codec<T[K]> }): Codec<T> {
  const ps = parts as unknown as Codec<unknown>[];
  return {
    bitLength: (v) => ps.reduce((acc, p, k) => acc + p.bitLength(v[k]), 0),
    write(v, out) {
      ps.forEach((p, k) => p.write(v[k], out));
    },
    read(c) {
      return ps.map((p) => p.read(c)) as T;
    },
  };
}

/** Elias gamma code of a positive integer: self-delimiting, 2⌊log₂ m⌋ + 1 bits. */
export function eliasGammaBits(m: number): string {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`Elias gamma needs a positive integer, got ${m}`);
  const s = m.toString(2);
  return ZEROS.slice(0, s.length - 1) + s;
}

export function readEliasGamma(c: BitCursor): number {
  let zeros = 0;
  while (c.take(1) === "0") zeros++;
  return zeros === 0 ? 1 : parseInt("1" + c.take(zeros), 2);
}

/** A list of any length: Elias gamma of (length + 1), then the items. For growing KV caches. */
export function listCodec<T>(item: Codec<T>): Codec<T[]> {
  return {
    bitLength: (v) => eliasGammaBits(v.length + 1).length + v.reduce((acc, x) => acc + item.bitLength(x), 0),
    write(v, out) {
      out.push(eliasGammaBits(v.length + 1));
      for (const x of v) item.write(x, out);
    },
    read(c) {
      const len = readEliasGamma(c) - 1;
      const v: T[] = [];
      for (let k = 0; k < len; k++) v.push(item.read(c));
      return v;
    },
  };
}

/** Encodes a whole value; decoding must consume exactly the bits written. */
export function encodeWith<T>(codec: Codec<T>, value: T): BitString {
  const out: string[] = [];
  codec.write(value, out);
  return out.join("");
}

export function decodeWith<T>(codec: Codec<T>, bits: BitString): T {
  const c = new BitCursor(bits);
  const v = codec.read(c);
  if (!c.done()) throw new RangeError(`${bits.length - c.pos} trailing bits after decoding`);
  return v;
}
