import type { TaskReduction } from "./taskReduction.js";
import { answerBySolver, checkBits, checkQuery } from "./taskReduction.js";
import { ISTREE_BOS, ISTREE_DASH, ISTREE_EOS, ISTREE_FALSE, ISTREE_TRUE, isTreeNodeToken, isTreeVocabulary, solveIsTree } from "../../tasks/istree.js";

/**
 * INDEX_n to IsTree (theory.md §5, [ours]), in the official rnn-icrag vocabulary and direct
 * layout `[BOS] edges [EOS] ANS`, each edge written larger endpoint first as `u - v`.
 *
 * Vertex numbering (0-based, as the task's node tokens): Alice's bit j is vertex j
 * (0 ≤ j < n), the hubs are a = n and b = n + 1, and r1-simple's extra vertex is c = n + 2.
 * So the graph has N = n + 2 vertices (r1, r2) or N = n + 3 (r1-simple), and N is the task
 * size the solver and the vocabulary (N + 17 tokens) are called with. Because hubs and c
 * are numbered above every bit vertex, every edge is written hub-first and each block
 * B_j(x_j) = `hub - j` is exactly 3 tokens for every j and bit.
 *
 * - r1: block j is edge (j, a) if x_j = 0 else (j, b); Bob adds (i, a). N − 1 edges; a tree
 *   ⇔ x_i = 1 (x_i = 0 duplicates the edge (i, a): a 2-cycle, so r1 relies on the solver
 *   treating a repeated edge as a cycle).
 * - r1-simple: as r1 with vertex c; Bob adds (c, i) and (c, a). No repeated edges; a tree
 *   ⇔ x_i = 1 (x_i = 0 closes the triangle i, a, c).
 * - r2: as r1; Bob adds (i, i + 1) for 0 ≤ i < n − 1 (queryCount n − 1); a tree ⇔ x_i ≠ x_{i+1}.
 *   Every r2 graph is a graph of the official `binary` family (two hubs, every other vertex on
 *   one hub, one extra edge between consecutive non-hub vertices) with one fixed labelling
 *   (hubs n, n + 1; non-hub order 0 … n−1) and one fixed edge order (blocks, then Bob's edge)
 *   where the generator shuffles both.
 * The task's solver accepts any N; its generator only draws even N ≥ 4 (the official binary
 * family), so models trained on the task meet these graphs at even n (r1, r2) or odd n
 * (r1-simple) only.
 * Bob's suffix ends with [EOS], so the next token is the answer: answerTokens = [[FALSE], [TRUE]].
 */
type IsTreeVariant = "r1" | "r1-simple" | "r2";

const hubA = (n: number): number => n;
const hubB = (n: number): number => n + 1;
const extraC = (n: number): number => n + 2;

/** `u - v` with the larger endpoint first, as the official format writes edges. */
function edgeTokens(u: number, v: number): number[] {
  const [hi, lo] = u > v ? [u, v] : [v, u];
  return [isTreeNodeToken(hi), ISTREE_DASH, isTreeNodeToken(lo)];
}

function isTreeReduction(name: IsTreeVariant): TaskReduction {
  const taskSize = (n: number): number => (name === "r1-simple" ? n + 3 : n + 2);
  const r: TaskReduction = {
    task: "istree",
    name,
    minBits: name === "r2" ? 2 : 1,
    taskSize,
    // r2's answers are the n − 1 independent bits x_i ⊕ x_{i+1}; r1's are the n bits x_i.
    informationBits: (n) => (name === "r2" ? n - 1 : n),
    vocabSize: (n) => isTreeVocabulary(taskSize(n)).length,
    tokenText: (n, token) => isTreeVocabulary(taskSize(n))[token] ?? `<${token}>`,
    header: () => [ISTREE_BOS],
    block(n, j, bit) {
      return edgeTokens(j, bit === 1 ? hubB(n) : hubA(n));
    },
    queryCount: (n) => (name === "r2" ? n - 1 : n),
    suffix(n, q) {
      checkBits(r, n);
      checkQuery(r, n, q);
      if (name === "r1") return [...edgeTokens(q, hubA(n)), ISTREE_EOS];
      if (name === "r1-simple") return [...edgeTokens(extraC(n), q), ...edgeTokens(extraC(n), hubA(n)), ISTREE_EOS];
      return [...edgeTokens(q, q + 1), ISTREE_EOS];
    },
    queryText: (_n, q) => String(q),
    answerTokens: () => [ISTREE_FALSE, ISTREE_TRUE],
    expected: (n, x, q) => answerBySolver(r, solveIsTree, n, x, q),
  };
  return r;
}

export const isTreeR1Reduction: TaskReduction = isTreeReduction("r1");
export const isTreeR1SimpleReduction: TaskReduction = isTreeReduction("r1-simple");
export const isTreeR2Reduction: TaskReduction = isTreeReduction("r2");
