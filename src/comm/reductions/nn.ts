import type { TaskReduction } from "./taskReduction.js";
import { answerBySolver, checkBits, checkQuery } from "./taskReduction.js";
import { NN_LABEL0, NN_LABEL1, defaultNnDimension, nearOrthogonalKeys, nnVectorTokens, nnVocabulary, solveNn } from "../../tasks/nn.js";
import { Rng, deriveSeed } from "../../util/rng.js";
import { userError } from "../../util/errors.js";

/**
 * INDEX_n to nearest neighbour (theory.md §5, P2): Alice's block j is the key v_j (d sign
 * tokens) followed by the label x_j; Bob's suffix is the key v_i; the nearest key to v_i is
 * v_i itself, so the answer is the label x_i.
 *
 * The keys are the nn task's seeded, pairwise distinct ±1 vectors (near-orthogonal for
 * d = Θ(log n)), drawn from a stream derived from (seed, n, d), so a reduction instance is fixed
 * by its options: Alice and Bob share them, as the game requires. Distinct ±1 keys make the
 * answer exact: ⟨v_i, v_i⟩ = d and ⟨v_i, v_j⟩ ≤ d − 2 for j ≠ i. Dimension: the task's default
 * d(n) = max(8, 4⌈log₂ n⌉), or the `dimension` option (task `nn:D`). Task size n;
 * blocks are d + 1 tokens for every j and bit; answer tokens [0, 1].
 */
export const NN_REDUCTION_DEFAULT_SEED = 1;

export interface NnReduction extends TaskReduction {
  readonly seed: number;
  /** Key dimension at n bits. */
  dimension(n: number): number;
  /** The shared keys at n bits (entries ±1). */
  keys(n: number): readonly Int8Array[];
}

export function nnReduction(options: { seed?: number; dimension?: number } = {}): NnReduction {
  const seed = options.seed ?? NN_REDUCTION_DEFAULT_SEED;
  const fixed = options.dimension;
  if (!Number.isInteger(seed)) userError(`the nn reduction needs an integer seed, got ${seed}`);
  if (fixed !== undefined && !(Number.isInteger(fixed) && fixed >= 1)) userError(`the nn reduction needs an integer dimension ≥ 1, got ${fixed}`);
  const dimension = (n: number): number => fixed ?? defaultNnDimension(n);
  const solve = (size: number, input: readonly number[]): number => solveNn(dimension(size), size, input);
  // Keys and their tokens depend only on n (seed and dimension are fixed): computed once per n.
  const keyCache = new Map<number, { keys: Int8Array[]; tokens: number[][] }>();
  const keysAt = (n: number): { keys: Int8Array[]; tokens: number[][] } => {
    let entry = keyCache.get(n);
    if (entry === undefined) {
      checkBits(r, n);
      const d = dimension(n);
      const keys = nearOrthogonalKeys(n, d, new Rng(deriveSeed(seed, `nn-reduction-keys/n=${n}/d=${d}`)));
      entry = { keys, tokens: keys.map((k) => nnVectorTokens(k)) };
      keyCache.set(n, entry);
    }
    return entry;
  };
  const r: NnReduction = {
    task: fixed === undefined ? "nn" : `nn:${fixed}`,
    name: "nn",
    seed,
    minBits: 1,
    dimension,
    keys: (n) => keysAt(n).keys,
    taskSize: (n) => n,
    informationBits: (n) => n,
    vocabSize: (n) => nnVocabulary(n).length,
    tokenText: (n, token) => nnVocabulary(n)[token] ?? `<${token}>`,
    header: () => [],
    block: (n, j, bit) => [...keysAt(n).tokens[j], bit === 1 ? NN_LABEL1 : NN_LABEL0],
    queryCount: (n) => n,
    suffix(n, q) {
      checkQuery(r, n, q);
      return [...keysAt(n).tokens[q]];
    },
    queryText: (_n, q) => String(q),
    answerTokens: () => [NN_LABEL0, NN_LABEL1],
    expected: (n, x, q) => answerBySolver(r, solve, n, x, q),
  };
  return r;
}

export const nnDefaultReduction: NnReduction = nnReduction();
