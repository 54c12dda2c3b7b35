/**
 * The safetensors dtypes we read and write, little-endian: F64, F32, F16 (IEEE binary16) and
 * BF16 (the top half of a binary32). Narrowing rounds to nearest, ties to even; our own small
 * conversions, so that no dependency is needed.
 */
export type Dtype = "F64" | "F32" | "F16" | "BF16";

export const DTYPES: readonly Dtype[] = ["F64", "F32", "F16", "BF16"];

export const DTYPE_BYTES: Readonly<Record<Dtype, number>> = { F64: 8, F32: 4, F16: 2, BF16: 2 };

const f32 = new Float32Array(1);
const u32 = new Uint32Array(f32.buffer);

/** binary16 bits → value. */
export function halfToNumber(h: number): number {
  const sign = h & 0x8000 ? -1 : 1;
  const e = (h >> 10) & 0x1f;
  const m = h & 0x3ff;
  if (e === 0) return sign * m * 2 ** -24;
  if (e === 31) return m ? NaN : sign * Infinity;
  return sign * (1024 + m) * 2 ** (e - 25);
}

/** value → binary16 bits, round to nearest even, overflow to ±inf (as a cast does). */
export function numberToHalf(x: number): number {
  if (Number.isNaN(x)) return 0x7e00;
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  if (a >= 65520) return sign | 0x7c00; // 65520 = max half + half an ulp: ties go up to inf
  if (a < 2 ** -14) {
    // subnormal: units of 2^-24
    return sign | roundHalfEven(a * 2 ** 24);
  }
  let e = Math.floor(Math.log2(a));
  if (2 ** e > a) e--;
  else if (2 ** (e + 1) <= a) e++;
  const q = roundHalfEven(a * 2 ** (10 - e)); // 1024 ≤ q ≤ 2048
  if (q === 2048) return sign | ((e + 16) << 10);
  return sign | ((e + 15) << 10) | (q - 1024);
}

function roundHalfEven(v: number): number {
  const fl = Math.floor(v);
  const d = v - fl;
  if (d > 0.5) return fl + 1;
  if (d < 0.5) return fl;
  return fl % 2 === 0 ? fl : fl + 1;
}

/** bfloat16 bits → value. */
export function bfloat16ToNumber(b: number): number {
  u32[0] = (b & 0xffff) << 16;
  return f32[0];
}

/** value → bfloat16 bits: to binary32 first would round twice, so round from the double. */
export function numberToBfloat16(x: number): number {
  if (Number.isNaN(x)) return 0x7fc0;
  // bfloat16 has binary32's exponent range and 8 significand bits: round x to 8 bits once.
  const sign = x < 0 || Object.is(x, -0) ? 0x8000 : 0;
  const a = Math.abs(x);
  const maxBf = (2 - 2 ** -7) * 2 ** 127;
  if (a >= maxBf + 2 ** 119) return sign | 0x7f80; // beyond max + half an ulp (ties to even → inf)
  let q: number;
  if (a < 2 ** -126) q = roundHalfEven(a * 2 ** 133) * 2 ** -133;
  else {
    let e = Math.floor(Math.log2(a));
    if (2 ** e > a) e--;
    else if (2 ** (e + 1) <= a) e++;
    q = roundHalfEven(a * 2 ** (7 - e)) * 2 ** (e - 7);
  }
  f32[0] = q; // exact: q has ≤ 8 significant bits in binary32's range
  return (sign | (u32[0] >>> 16)) & 0xffff;
}

/** Reads n values of a dtype starting at byte `offset`. */
export function readValues(bytes: Uint8Array, offset: number, n: number, dtype: Dtype): Float64Array {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, n * DTYPE_BYTES[dtype]);
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    switch (dtype) {
      case "F64": out[k] = view.getFloat64(8 * k, true); break;
      case "F32": out[k] = view.getFloat32(4 * k, true); break;
      case "F16": out[k] = halfToNumber(view.getUint16(2 * k, true)); break;
      case "BF16": out[k] = bfloat16ToNumber(view.getUint16(2 * k, true)); break;
    }
  }
  return out;
}

/** Writes values as a dtype; returns how many values the narrowing changed. */
export function writeValues(values: ArrayLike<number>, dtype: Dtype, bytes: Uint8Array, offset: number): number {
  const view = new DataView(bytes.buffer, bytes.byteOffset + offset, values.length * DTYPE_BYTES[dtype]);
  let changed = 0;
  for (let k = 0; k < values.length; k++) {
    const x = values[k];
    let back: number;
    switch (dtype) {
      case "F64": view.setFloat64(8 * k, x, true); back = x; break;
      case "F32": view.setFloat32(4 * k, x, true); back = Math.fround(x); break;
      case "F16": { const h = numberToHalf(x); view.setUint16(2 * k, h, true); back = halfToNumber(h); break; }
      case "BF16": { const b = numberToBfloat16(x); view.setUint16(2 * k, b, true); back = bfloat16ToNumber(b); break; }
    }
    if (!(back === x || (Number.isNaN(back) && Number.isNaN(x)))) changed++;
  }
  return changed;
}
