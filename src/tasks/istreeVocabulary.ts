/**
 * The official rnn-icrag IsTree vocabulary (rnn/data.py, `IsTreeDataset.tokenize`): 16 special
 * tokens at ids 0..15, then node tokens `0`..`n` at ids 16..16+n. The official code adds
 * n + 1 node tokens although vertices are 0..n−1, so |V| = n + 17 (33 at n = 16) and the
 * token of "vertex" n exists but never occurs in a generated graph.
 */
import { userError } from "../util/errors.js";

export const ISTREE_LBRACKET = 0;
export const ISTREE_RBRACKET = 1;
export const ISTREE_COMMA = 2;
export const ISTREE_DASH = 3;
export const ISTREE_PAD = 4;
export const ISTREE_EOS = 5;
export const ISTREE_TRUE = 6;
export const ISTREE_FALSE = 7;
export const ISTREE_SPACE = 8;
export const ISTREE_NEWLINE = 9;
export const ISTREE_UNK = 10;
export const ISTREE_BOS = 11;
export const ISTREE_STARTSEARCH = 12;
export const ISTREE_ENDSEARCH = 13;
export const ISTREE_FAILED = 14;
export const ISTREE_TILDE = 15;
/** Id of node token `0`; node v is token 16 + v. */
export const ISTREE_FIRST_NODE = 16;

export const ISTREE_SPECIAL_TOKENS: readonly string[] = [
  "[", "]", ",", "-", "[PAD]", "[EOS]", "[TRUE]", "[FALSE]", " ", "\n", "[UNK]", "[BOS]",
  "[STARTSEARCH]", "[ENDSEARCH]", "[FAILED]", "~",
];

export const isTreeNodeToken = (v: number): number => ISTREE_FIRST_NODE + v;

/** The vertex a token names in an n-vertex graph (0..n−1), or −1 if it is not a vertex token. */
export function isTreeVertexOf(token: number, n: number): number {
  const v = token - ISTREE_FIRST_NODE;
  return Number.isInteger(v) && v >= 0 && v < n ? v : -1;
}

export function isTreeVocabulary(n: number): string[] {
  if (!Number.isInteger(n) || n < 1) userError(`istree needs an integer graph size n ≥ 1, got ${n}`);
  const v = [...ISTREE_SPECIAL_TOKENS];
  for (let k = 0; k <= n; k++) v.push(String(k));
  return v;
}
