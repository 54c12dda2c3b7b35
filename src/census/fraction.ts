/** An exact fraction p/q in lowest terms, as the census reports it ("3/4"). */
export function fractionText(p: bigint, q: bigint): string {
  if (q === 0n) throw new RangeError("fraction with zero denominator");
  const g = gcd(p < 0n ? -p : p, q);
  return `${p / g}/${q / g}`;
}

function gcd(a: bigint, b: bigint): bigint {
  while (b !== 0n) [a, b] = [b, a % b];
  return a === 0n ? 1n : a;
}
