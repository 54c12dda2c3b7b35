/** Binary entropy H₂(p) in bits. */
export function binaryEntropy(p: number): number {
  if (p <= 0 || p >= 1) return 0;
  return -p * Math.log2(p) - (1 - p) * Math.log2(1 - p);
}

/** H₂⁻¹ on [0, 1/2]: the p ≤ 1/2 with H₂(p) = h (bisection to double precision). */
export function inverseBinaryEntropy(h: number): number {
  if (h <= 0) return 0;
  if (h >= 1) return 0.5;
  let lo = 0;
  let hi = 0.5;
  for (let k = 0; k < 200 && hi - lo > 0; k++) {
    const mid = (lo + hi) / 2;
    if (mid === lo || mid === hi) break;
    if (binaryEntropy(mid) < h) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

/**
 * The universal bound for INDEX_n with an M-bit message on uniform (x, i): error ≥
 * H₂⁻¹(1 − M/n), since n − M ≤ H(X | message) ≤ Σ_i H₂(ε_i) ≤ n·H₂(ε̄) (theory.md §4).
 */
export function indexErrorLowerBound(n: number, stateBits: number): number {
  if (stateBits >= n) return 0;
  return inverseBinaryEntropy(1 - stateBits / n);
}

export interface IndexBound {
  n: number;
  stateBits: number;
  errorLowerBound: number;
  accuracyUpperBound: number;
  /** Deterministic one-way CC of INDEX_n: a zero-error protocol needs n bits. */
  deterministicMinBits: number;
}

export function indexBound(n: number, stateBits: number): IndexBound {
  const e = indexErrorLowerBound(n, stateBits);
  return { n, stateBits, errorLowerBound: e, accuracyUpperBound: 1 - e, deterministicMinBits: n };
}
