/**
 * The universal bound, computed here on its own so the checker trusts no census code:
 * an M-bit message about b uniform bits has accuracy ≤ 1 − H₂⁻¹(1 − M/b) on uniform (x, q)
 * (theory.md §4), and 1 when M ≥ b.
 */
export function universalAccuracyBound(informationBits: number, M: number): number {
  if (M >= informationBits) return 1;
  const h = 1 - M / informationBits;
  const H = (p: number): number => (p <= 0 ? 0 : -p * Math.log2(p) - (1 - p) * Math.log2(1 - p));
  // H is increasing on [0, 1/2]: bisect for H(p) = h.
  let lo = 0;
  let hi = 0.5;
  for (let k = 0; k < 80; k++) {
    const mid = (lo + hi) / 2;
    if (H(mid) < h) lo = mid;
    else hi = mid;
  }
  return 1 - (lo + hi) / 2;
}

/** How close two computations of the bound must agree (both are bisections in doubles). */
export const BOUND_TOLERANCE = 1e-9;
