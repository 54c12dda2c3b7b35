/**
 * A reduction from a two-party problem to a task (theory.md §5): Alice holds x ∈ {0,1}^n,
 * Bob holds a query q. Alice's prefix is header(n) followed by the per-bit blocks
 * B_0(x_0) … B_{n−1}(x_{n−1}); Bob's suffix depends on q only. The expected answer is what
 * the TASK'S SOLVER says about the assembled token sequence, so every reduction can be
 * property-tested against the solver.
 *
 * Bits and positions are 0-based in code (x_0 … x_{n−1}); the CLI and docs print them the same way.
 */
export interface Reduction {
  /** Task id as on the command line: "index", "istree", … */
  readonly task: string;
  /** Reduction id: "index", "r1", "r1-simple", "r2", … */
  readonly name: string;
  /** Vocabulary size of the task at size n (token ids are 0 … vocabSize(n)−1). */
  vocabSize(n: number): number;
  /** Text of each token id at size n, for printing. */
  tokenText(n: number, token: number): string;
  /** Tokens before the first block (e.g. [BOS]); may be empty. */
  header(n: number): number[];
  /** Block B_j(bit) at size n. */
  block(n: number, j: number, bit: 0 | 1): number[];
  /** Number of Bob's inputs at size n (n for an index, 2^n for a string). */
  queryCount(n: number): number;
  /** Bob's suffix for query number q (0 ≤ q < queryCount(n)). */
  suffix(n: number, q: number): number[];
  /** Printable form of query q ("3", or "0110" for a string). */
  queryText(n: number, q: number): string;
  /** Tokens that count as an answer; the model's prediction is the argmax among them. */
  answerTokens(n: number): number[];
  /**
   * How many independent uniform bits of x the queries reveal (n for Index-like reductions),
   * so that an M-bit message has accuracy ≤ 1 − H₂⁻¹(1 − M/bits) on uniform (x, q). Omit when
   * that bound does not apply (e.g. equality).
   */
  informationBits?(n: number): number;
  /** Expected answer token for Alice's bits x (x[j] ∈ {0,1}) and Bob's query q. */
  expected(n: number, x: ArrayLike<number>, q: number): number;
}

/** Length of Alice's prefix at size n (blocks have one length; the census checks it). */
export function aliceLength(r: Reduction, n: number): number {
  return r.header(n).length + (n > 0 ? n * r.block(n, 0, 0).length : 0);
}

/** Alice's whole prefix for her bits x. */
export function alicePrefix(r: Reduction, n: number, x: ArrayLike<number>): number[] {
  const out = [...r.header(n)];
  for (let j = 0; j < n; j++) out.push(...r.block(n, j, x[j] ? 1 : 0));
  return out;
}

/** Alice's prefix followed by Bob's suffix for query q. */
export function fullInput(r: Reduction, n: number, x: ArrayLike<number>, q: number): number[] {
  return [...alicePrefix(r, n, x), ...r.suffix(n, q)];
}

/** '0110…' (x_0 first) to bits. */
export function parseBits(s: string): Uint8Array {
  const x = new Uint8Array(s.length);
  for (let j = 0; j < s.length; j++) x[j] = s[j] === "1" ? 1 : 0;
  return x;
}

/** Bits to '0110…' (x_0 first). */
export function formatBits(x: ArrayLike<number>): string {
  let s = "";
  for (let j = 0; j < x.length; j++) s += x[j] ? "1" : "0";
  return s;
}
