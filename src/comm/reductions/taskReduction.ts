import type { Reduction } from "../reduction.js";
import { fullInput } from "../reduction.js";
import { userError } from "../../util/errors.js";

/**
 * A reduction that also says which task size its sequences have. Alice's n bits do not always
 * make a task of size n (an IsTree graph built from n bits has n + 2 vertices), and the
 * vocabulary, the solver and the census all need the task's own size.
 */
export interface TaskReduction extends Reduction {
  /** The task's size parameter for a reduction instance with n bits. */
  taskSize(n: number): number;
  /**
   * Answer tokens in the order of the value they stand for: [token meaning 0 / false,
   * token meaning 1 / true]. (Narrows `Reduction.answerTokens`, whose order is free.)
   */
  answerTokens(n: number): number[];
  /** Smallest n the reduction is defined for. */
  readonly minBits: number;
  /** Why smaller n are not defined, for the error message (when minBits > 1). */
  readonly minBitsReason?: string;
}

/** Throws a UserError unless n is an integer the reduction is defined for. */
export function checkBits(r: Pick<TaskReduction, "task" | "name" | "minBits" | "minBitsReason">, n: number): void {
  if (!Number.isInteger(n) || n < r.minBits) {
    userError(`reduction ${r.task}/${r.name} needs an integer number of bits n ≥ ${r.minBits}, got ${n}${r.minBitsReason ? `: ${r.minBitsReason}` : ""}`);
  }
}

/** Throws a UserError unless q names one of Bob's inputs. */
export function checkQuery(r: Reduction, n: number, q: number): void {
  const count = r.queryCount(n);
  if (!Number.isInteger(q) || q < 0 || q >= count) {
    userError(`reduction ${r.task}/${r.name} at n = ${n} has queries 0..${count - 1}, got ${q}`);
  }
}

/**
 * The expected answer as the task's solver reads it from the assembled sequence (Alice's
 * prefix, then Bob's suffix): reductions are checked against solvers, never against themselves.
 */
export function answerBySolver(
  r: TaskReduction,
  solve: (size: number, input: readonly number[]) => number,
  n: number,
  x: ArrayLike<number>,
  q: number,
): number {
  checkBits(r, n);
  checkQuery(r, n, q);
  if (x.length !== n) userError(`reduction ${r.task}/${r.name}: Alice needs ${n} bits, got ${x.length}`);
  return solve(r.taskSize(n), fullInput(r, n, x, q));
}
