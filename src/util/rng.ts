import { xoroshiro128plus } from "pure-rand/generator/xoroshiro128plus";
import { uniformInt } from "pure-rand/distribution/uniformInt";
import type { RandomGenerator } from "pure-rand/types/RandomGenerator";

/**
 * The one source of randomness in streambound: a seeded xoroshiro128+ (pure-rand), mutated in
 * place. Same seed, same sequence, on every machine. `Math.random` is never used.
 */
export class Rng {
  private readonly gen: RandomGenerator;
  constructor(seed: number) {
    if (!Number.isInteger(seed)) throw new RangeError(`seed must be an integer, got ${seed}`);
    this.gen = xoroshiro128plus(seed | 0);
  }
  /** Uniform integer in [lo, hi] (both inclusive). */
  int(lo: number, hi: number): number {
    return uniformInt(this.gen, lo, hi);
  }
  /** A fair bit. */
  bit(): 0 | 1 {
    return uniformInt(this.gen, 0, 1) as 0 | 1;
  }
  /** Uniform double in [0, 1) with 53 random bits. */
  float(): number {
    const hi = uniformInt(this.gen, 0, (1 << 26) - 1);
    const lo = uniformInt(this.gen, 0, (1 << 27) - 1);
    return (hi * 134217728 + lo) / 9007199254740992;
  }
  /** Uniform double in [lo, hi). */
  uniform(lo: number, hi: number): number {
    return lo + (hi - lo) * this.float();
  }
  /** Standard normal (Box–Muller, one value per call). */
  normal(): number {
    let u = this.float();
    while (u === 0) u = this.float();
    const v = this.float();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  }
  /** Fisher–Yates shuffle, in place; returns the array. */
  shuffle<T>(xs: T[]): T[] {
    for (let k = xs.length - 1; k > 0; k--) {
      const j = this.int(0, k);
      const tmp = xs[k];
      xs[k] = xs[j];
      xs[j] = tmp;
    }
    return xs;
  }
}

/**
 * A seed derived from a parent seed and a label, so that independent streams (one per weight
 * tensor, per dataset split, per row) do not shift when another stream draws more numbers.
 * FNV-1a over the label, mixed with the seed; deterministic and platform-independent.
 */
export function deriveSeed(seed: number, label: string): number {
  let h = 0x811c9dc5 ^ (seed | 0);
  for (let k = 0; k < label.length; k++) {
    h ^= label.charCodeAt(k);
    h = Math.imul(h, 0x01000193);
  }
  h ^= h >>> 15;
  h = Math.imul(h, 0x2c1b3c6d);
  h ^= h >>> 12;
  return h | 0;
}
