import type { TaskInstance } from "../task.js";
import { userError } from "../../util/errors.js";

/** Text of a token sequence: each token's vocabulary text, separated by spaces. */
export function tokensText(vocab: readonly string[], tokens: readonly number[]): string {
  return tokens.map((t) => vocab[t] ?? `<${t}>`).join(" ");
}

/** A direct-layout instance: the input, then the answer; only the answer is supervised. */
export function directInstance(input: readonly number[], answer: number, vocab: readonly string[]): TaskInstance {
  const tokens = [...input, answer];
  const supervised = tokens.map((_, k) => (k === input.length ? 1 : 0) as 0 | 1);
  return { tokens, supervised, answer, text: tokensText(vocab, tokens) };
}

/** Throws a UserError unless `mode` is one of the task's modes. */
export function requireMode(task: string, modes: readonly string[], mode: string): void {
  if (!modes.includes(mode)) userError(`task ${task} has no mode '${mode}' (modes: ${modes.join(", ")})`);
}

/** Throws a UserError unless n is an integer ≥ min. */
export function requireSize(task: string, n: number, min: number): void {
  if (!Number.isInteger(n) || n < min) userError(`task ${task} needs an integer size n ≥ ${min}, got ${n}`);
}

/** Throws a UserError unless the input has exactly `expected` tokens. */
export function requireLength(task: string, input: readonly number[], expected: number, shape: string): void {
  if (input.length !== expected) {
    userError(`a ${task} input (${shape}) has ${expected} tokens, got ${input.length}`);
  }
}

/** Throws a UserError unless token lies in [lo, lo + count). Returns token − lo. */
export function tokenInRange(task: string, token: number, lo: number, count: number, what: string, at: number): number {
  const k = token - lo;
  if (!(Number.isInteger(k) && k >= 0 && k < count)) userError(`${task} input token ${at} should be ${what}, got id ${token}`);
  return k;
}
