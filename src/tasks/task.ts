import type { Rng } from "../util/rng.js";

/** One generated instance of a task, in a token format. */
export interface TaskInstance {
  /** Token ids of the whole sequence (input, CoT if any, answer). */
  readonly tokens: number[];
  /** 1 where the token is a training target (a loss mask), aligned with tokens. */
  readonly supervised: (0 | 1)[];
  /** The answer (a token id, or for tasks whose answer is a label, that label's token id). */
  readonly answer: number;
  /** The sequence as text, tokens separated by spaces. */
  readonly text: string;
}

/**
 * A task (theory.md §2): a seeded generator, an exact solver and token formats.
 * `mode` is "direct" for every task; "cot" and "retrieval" where the task has them.
 */
export interface Task {
  readonly name: string;
  readonly modes: readonly string[];
  /** Caveats to show the user (on stderr) whenever this task's data is generated. */
  readonly warnings?: readonly string[];
  /** Vocabulary at size n: text of each token id. */
  vocabulary(n: number): string[];
  /** A seeded instance of size n. */
  generate(n: number, rng: Rng, mode: string): TaskInstance;
  /**
   * The exact answer token for an input token sequence (the part before the answer and
   * before any CoT), computed from its meaning, not from how it was generated.
   */
  solve(n: number, input: readonly number[]): number;
}
