/**
 * How much of a 16-bit format the default suite walks. `STREAMBOUND_EXHAUSTIVE=1` (set by
 * scripts/check-kernels.sh, which CI runs) walks every value; otherwise formats with more than
 * 4096 values keep every 16th value plus the 256 smallest and largest in magnitude.
 */
export const EXHAUSTIVE = process.env.STREAMBOUND_EXHAUSTIVE === "1";

export function coverage<T>(sortedValues: readonly T[]): T[] {
  if (EXHAUSTIVE || sortedValues.length <= 4096) return [...sortedValues];
  const n = sortedValues.length;
  const mid = n >> 1; // sorted ascending: the middle holds the smallest magnitudes
  return sortedValues.filter((_, i) => i % 16 === 0 || i < 256 || i >= n - 256 || Math.abs(i - mid) < 256);
}
