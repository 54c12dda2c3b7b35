/**
 * Set disjointness (P2): x | y → `1` iff no j has x_j = y_j = 1. Token format in bitPair.ts
 * (vocabulary 3, 2n + 2 tokens, answers `0`/`1`).
 * Generator (the standard hard distribution): every pair (x_j, y_j) uniform over {00, 01, 10};
 * with a fair label bit = 0, one uniform position j is then set to x_j = y_j = 1 (exactly one
 * intersection), so labels are 50/50.
 */
import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { directInstance, requireMode, requireSize } from "./_internals/instance.js";
import { BIT0, BIT1, bitPairInput, bitPairVocabulary, parseBitPair } from "./bitPair.js";

export const disjointnessVocabulary = (n: number): string[] => bitPairVocabulary("disjointness", n);

export function solveDisjointness(n: number, input: readonly number[]): number {
  const { x, y } = parseBitPair("disjointness", n, input);
  return x.some((b, k) => b === 1 && y[k] === 1) ? BIT0 : BIT1;
}

export const disjointnessTask: Task = {
  name: "disjointness",
  modes: ["direct"],
  vocabulary: disjointnessVocabulary,
  generate(n: number, rng: Rng, mode: string): TaskInstance {
    requireMode("disjointness", ["direct"], mode);
    requireSize("disjointness", n, 1);
    const x: number[] = [];
    const y: number[] = [];
    for (let j = 0; j < n; j++) {
      const pair = rng.int(0, 2); // 0: 00, 1: 01, 2: 10
      x.push(pair === 2 ? 1 : 0);
      y.push(pair === 1 ? 1 : 0);
    }
    if (rng.bit() === 0) {
      const j = rng.int(0, n - 1);
      x[j] = 1;
      y[j] = 1;
    }
    const input = bitPairInput(x, y);
    return directInstance(input, solveDisjointness(n, input), disjointnessVocabulary(n));
  },
  solve: solveDisjointness,
};
