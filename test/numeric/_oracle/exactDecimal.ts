/**
 * Test oracle: the exact decimal expansion of a double, and neighbouring doubles, from the IEEE
 * bits read with a DataView (independent of src/numeric). big.js's `new Big(number)` would use
 * the shortest round-trip string (2^−24 → "5.960464477539063e-8"), which is not the exact
 * value, so boundary tables compare `new Big(exactDecimal(x))` with their expected strings.
 */

function bitsOf(x: number): bigint {
  const view = new DataView(new ArrayBuffer(8));
  view.setFloat64(0, x);
  return view.getBigUint64(0);
}

function fromBits(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, bits);
  return view.getFloat64(0);
}

/** The exact value of a finite double as a plain decimal string ("-0" for negative zero). */
export function exactDecimal(x: number): string {
  if (!Number.isFinite(x)) throw new Error(`exactDecimal: ${x} is not finite`);
  const bits = bitsOf(x);
  const negative = bits >> 63n === 1n;
  const field = Number((bits >> 52n) & 0x7ffn);
  const frac = bits & ((1n << 52n) - 1n);
  const m = field === 0 ? frac : frac | (1n << 52n);
  const e = (field === 0 ? 1 : field) - 1075; // x = ±m·2^e
  let digits: string;
  if (e >= 0) digits = (m << BigInt(e)).toString();
  else {
    // m·2^e = m·5^(−e) / 10^(−e): an integer with the point −e places from the right
    const scaled = (m * 5n ** BigInt(-e)).toString().padStart(-e + 1, "0");
    const intPart = scaled.slice(0, scaled.length + e);
    const fracPart = scaled.slice(scaled.length + e).replace(/0+$/, "");
    digits = fracPart ? `${intPart}.${fracPart}` : intPart;
  }
  return negative ? `-${digits}` : digits;
}

/** The next double above a finite x (toward +∞). */
export function nextUp(x: number): number {
  if (x === 0) return Number.MIN_VALUE;
  const b = bitsOf(x);
  return fromBits(x > 0 ? b + 1n : b - 1n);
}

/** The next double below a finite x (toward −∞). */
export function nextDown(x: number): number {
  return -nextUp(-x);
}
