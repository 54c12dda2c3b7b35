/**
 * IsTree (theory.md §7) exactly in the official rnn-icrag format (rnn/data.py).
 *
 * Vocabulary (|V| = n + 17): `[`=0 `]`=1 `,`=2 `-`=3 `[PAD]`=4 `[EOS]`=5 `[TRUE]`=6 `[FALSE]`=7
 * ` `=8 `\n`=9 `[UNK]`=10 `[BOS]`=11 `[STARTSEARCH]`=12 `[ENDSEARCH]`=13 `[FAILED]`=14 `~`=15,
 * node tokens `0`..`n` at 16..16+n. Edges are `u - v` with the larger endpoint first, in a
 * seeded shuffled order; commas are dropped (as the official tokenizer does).
 *
 * Layouts (n vertices, n − 1 edges for the `binary` family):
 *   direct     `[BOS] edges [EOS] ANS`                      3n tokens
 *   cot        `[BOS] edges [EOS] c_1..c_k [EOS] ANS`       Algorithm 1, k = 2n − 1 on trees
 *   retrieval  `[BOS] edges [EOS] c_1..c_k [EOS] ANS`       Algorithm 2, k = 37n − 26 on trees
 * ANS ∈ {[TRUE], [FALSE]}. Loss mask: every token after the first [EOS] is supervised, except
 * the retriever's answers (the token right after each [ENDSEARCH]).
 *
 * Sizes: generation needs n even (our convention, see below) and n ≥ 4 (the binary family's
 * extra edge needs two non-hub vertices). The official code checks neither; evenness is not
 * needed by either family. The solver accepts any n ≥ 1.
 *
 * The answer is exact: a tree iff n − 1 edges and connected. The official label is
 * connectivity alone, which agrees on `binary` (always n − 1 edges) but not on `random`.
 */
import type { Task, TaskInstance } from "./task.js";
import type { Rng } from "../util/rng.js";
import { userError } from "../util/errors.js";
import { requireMode, tokensText } from "./_internals/instance.js";
import { type IsTreeGraph, graphInputTokens, isTreeGraph, parseGraphInput } from "./istreeGraph.js";
import { type IsTreeFamily, drawGraph } from "./istreeFamilies.js";
import { eulerTour, retrievalTour } from "./istreeTours.js";
import { ISTREE_ENDSEARCH, ISTREE_EOS, ISTREE_FALSE, ISTREE_TRUE, isTreeNodeToken, isTreeVocabulary } from "./istreeVocabulary.js";

export * from "./istreeVocabulary.js";

export type IsTreeMode = "direct" | "cot" | "retrieval";
export const ISTREE_MODES: readonly IsTreeMode[] = ["direct", "cot", "retrieval"];

/** [TRUE] or [FALSE] for the graph `[BOS] u - v … [EOS]`, read from the tokens. */
export function solveIsTree(n: number, input: readonly number[]): number {
  return isTreeGraph(parseGraphInput(n, input)) ? ISTREE_TRUE : ISTREE_FALSE;
}

/** The whole sequence of a graph in a layout, with its loss mask. */
export function isTreeInstance(g: IsTreeGraph, mode: IsTreeMode): TaskInstance {
  const input = graphInputTokens(g);
  const answer = isTreeGraph(g) ? ISTREE_TRUE : ISTREE_FALSE;
  let cot: number[] = [];
  if (mode === "cot") cot = [...eulerTour(g).map(isTreeNodeToken), ISTREE_EOS];
  if (mode === "retrieval") cot = [...retrievalTour(g), ISTREE_EOS];
  const tokens = [...input, ...cot, answer];
  const supervised = tokens.map((t, k) => (k >= input.length && tokens[k - 1] !== ISTREE_ENDSEARCH ? 1 : 0) as 0 | 1);
  return { tokens, supervised, answer, text: tokensText(isTreeVocabulary(g.n), tokens) };
}

/** Throws the UserError for sizes the generator does not draw. */
export function checkIsTreeSize(n: number): void {
  if (!Number.isInteger(n) || n < 4) userError(`istree needs an integer graph size n ≥ 4, got ${n}`);
  if (n % 2 !== 0) userError(`graph size must be even, got ${n}`);
}

const RANDOM_FAMILY_WARNING =
  "istree:random reproduces the official 'random' family, whose edge count leaks the label (every graph without exactly n−1 edges is a non-tree, about 30% of samples); use istree (binary) for a fair task";

/** The IsTree task over a graph family: `istree` (binary) or `istree:random`. */
export function isTreeTask(family: IsTreeFamily = "binary"): Task {
  return {
    name: family === "binary" ? "istree" : "istree:random",
    modes: ISTREE_MODES,
    warnings: family === "random" ? [RANDOM_FAMILY_WARNING] : [],
    vocabulary: isTreeVocabulary,
    generate(n: number, rng: Rng, mode: string): TaskInstance {
      requireMode("istree", ISTREE_MODES, mode);
      checkIsTreeSize(n);
      return isTreeInstance(drawGraph(family, n, rng), mode as IsTreeMode);
    },
    solve: solveIsTree,
  };
}

export const istreeTask: Task = isTreeTask("binary");
