import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { userError } from "../util/errors.js";

/**
 * Index: bits x_0 … x_{n−1}, then a position token for i; the answer is x_i.
 *
 * Tokens: `0` = 0, `1` = 1, position j = 2 + j (text `@j`). Vocabulary size n + 2.
 * Layout (direct): x_0 … x_{n−1} @i ANS, only ANS supervised. Positions are 0-based.
 */
export const INDEX_BIT0 = 0;
export const INDEX_BIT1 = 1;
export const indexQueryToken = (j: number): number => 2 + j;

export function indexVocabulary(n: number): string[] {
  const v = ["0", "1"];
  for (let j = 0; j < n; j++) v.push(`@${j}`);
  return v;
}

/** x_i for the sequence x_0 … x_{n−1} @i, read from the tokens themselves. */
export function solveIndex(n: number, input: readonly number[]): number {
  if (input.length !== n + 1) userError(`an Index input of size ${n} has ${n + 1} tokens, got ${input.length}`);
  const i = input[n] - 2;
  if (!(i >= 0 && i < n)) userError(`the last Index token must be a position @0..@${n - 1}, got id ${input[n]}`);
  const bit = input[i];
  if (bit !== INDEX_BIT0 && bit !== INDEX_BIT1) userError(`Index input token ${i} is not a bit (id ${bit})`);
  return bit;
}

export const indexTask: Task = {
  name: "index",
  modes: ["direct"],
  vocabulary: indexVocabulary,
  generate(n: number, rng: Rng, mode: string): TaskInstance {
    if (mode !== "direct") userError(`task index has no mode '${mode}' (modes: direct)`);
    const tokens: number[] = [];
    for (let j = 0; j < n; j++) tokens.push(rng.bit());
    tokens.push(indexQueryToken(rng.int(0, n - 1)));
    const answer = solveIndex(n, tokens);
    tokens.push(answer);
    const supervised = tokens.map((_, k) => (k === tokens.length - 1 ? 1 : 0) as 0 | 1);
    const vocab = indexVocabulary(n);
    return { tokens, supervised, answer, text: tokens.map((t) => vocab[t]).join(" ") };
  },
  solve: solveIndex,
};
