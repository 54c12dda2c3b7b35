/**
 * String equality (P2): x | y → `1` iff x = y. Token format in bitPair.ts (vocabulary 3,
 * 2n + 2 tokens, answers `0`/`1`).
 * Generator: x uniform; a fair label bit; label 1 copies x, label 0 draws y uniform among the
 * strings ≠ x (rejection sampling), so labels are 50/50.
 */
import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { directInstance, requireMode, requireSize } from "./_internals/instance.js";
import { BIT0, BIT1, bitPairInput, bitPairVocabulary, parseBitPair } from "./bitPair.js";

export const equalityVocabulary = (n: number): string[] => bitPairVocabulary("equality", n);

export function solveEquality(n: number, input: readonly number[]): number {
  const { x, y } = parseBitPair("equality", n, input);
  return x.every((b, k) => b === y[k]) ? BIT1 : BIT0;
}

export const equalityTask: Task = {
  name: "equality",
  modes: ["direct"],
  vocabulary: equalityVocabulary,
  generate(n: number, rng: Rng, mode: string): TaskInstance {
    requireMode("equality", ["direct"], mode);
    requireSize("equality", n, 1);
    const x = Array.from({ length: n }, () => rng.bit() as number);
    let y = [...x];
    if (rng.bit() === 0) {
      do y = Array.from({ length: n }, () => rng.bit() as number);
      while (y.every((b, k) => b === x[k]));
    }
    const input = bitPairInput(x, y);
    return directInstance(input, solveEquality(n, input), equalityVocabulary(n));
  },
  solve: solveEquality,
};
