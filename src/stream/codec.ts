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

/** Where an encoding writes its fields: `put(code, k)` appends `code` in k bits, most significant first. */
export interface BitSink {
  put(code: number | bigint, k: number): void;
}

/** Where a decoding reads them back (a '0'/'1' string, or the census's packed words). */
export interface BitSource {
  /** Bits in the message. */
  readonly length: number;
  /** Bits read so far. */
  readonly pos: number;
  /** k ≤ 32 bits as an unsigned integer. */
  uint(k: number): number;
  /** k bits as a bigint (formats over 32 bits). */
  big(k: number): bigint;
  /** The Elias gamma code of a positive integer (eliasGammaBits). */
  eliasGamma(): number;
  done(): boolean;
}

/** A BitSink that builds the '0'/'1' string. */
export class StringSink implements BitSink {
  private readonly parts: string[] = [];
  put(code: number | bigint, k: number): void {
    if (typeof code === "bigint") {
      const s = code.toString(2);
      this.parts.push(ZEROS.slice(0, k - s.length) + s);
    } else this.parts.push(uintBits(code, k));
  }
  text(): BitString {
    return this.parts.join("");
  }
}

/** Writes the Elias gamma code of m (eliasGammaBits) into a sink, in pieces of ≤ 32 bits. */
export function putEliasGamma(sink: BitSink, m: number): void {
  if (!Number.isInteger(m) || m < 1) throw new RangeError(`Elias gamma needs a positive integer, got ${m}`);
  const bits = m < 2 ** 32 ? 32 - Math.clz32(m) : m.toString(2).length;
  for (let z = bits - 1; z > 0; z -= Math.min(z, 32)) sink.put(0, Math.min(z, 32));
  sink.put(m, bits);
}

/**
 * A format's value ↔ code maps, equal to format.encode/decode: fp32's codes are read straight
 * off a Float32Array view (they are the binary32 bit patterns; NaN, whose payload a view may not
 * keep, goes through the format); formats of ≤ 16 bits decode from a table.
 */
export function scalarCodes(format: Format): { encode(v: number): number | bigint; decode(code: number | bigint): number } {
  if (format.name === "fp32") {
    const f32 = new Float32Array(1);
    const u32 = new Uint32Array(f32.buffer);
    return {
      encode(v) {
        if (v !== v) return format.encode(v);
        f32[0] = v;
        return u32[0];
      },
      decode(code) {
        u32[0] = Number(code);
        const v = f32[0];
        return v === v ? v : format.decode(code);
      },
    };
  }
  if (format.bits <= 16) {
    // Every code's value, tabulated on first use (2^16 doubles at most); NaN codes go through
    // the format, so a NaN keeps whatever the format's decode gives it.
    let table: Float64Array | null = null;
    return {
      encode: (v) => format.encode(v),
      decode(code) {
        if (table === null) {
          table = new Float64Array(2 ** format.bits);
          for (let c = 0; c < table.length; c++) table[c] = format.decode(c);
        }
        const v = typeof code === "number" && code >= 0 && code < table.length ? table[code] : Number.NaN;
        return v === v ? v : format.decode(code);
      },
    };
  }
  return { encode: (v) => format.encode(v), decode: (c) => format.decode(c) };
}

export class BitCursor implements BitSource {
  pos = 0;
  constructor(readonly bits: BitString) {}
  get length(): number {
    return this.bits.length;
  }
  big(k: number): bigint {
    return BigInt("0b" + this.take(k));
  }
  eliasGamma(): number {
    return readEliasGamma(this);
  }
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
