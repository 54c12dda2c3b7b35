import { DYCK_CLOSE_ROUND, DYCK_CLOSE_SQUARE, DYCK_OPEN_ROUND, DYCK_OPEN_SQUARE } from "../../tasks/dyck.js";
import { userError } from "../../util/errors.js";

/**
 * The Dyck-(2,2) disjointness gadget (theory.md §5, [ours]) for the 1-layer Transformer game.
 * Not a prefix/suffix reduction: positions interleave. Per j, 4 symbols owned A B B A:
 * Alice writes `( … )` if x_j = 0 else `[ … ]` around Bob's pair, which is `( )` if y_j = 0
 * else `) (`. The four blocks are `(())`, `[()]`, `()()` (balanced, depth ≤ 2) and `[)(]`
 * (x_j = y_j = 1: not balanced), so the string of length 4n is in Dyck-(2,2) iff DISJ(x, y).
 * Tokens are the dyck task's; the dyck task size is 4n.
 */
export type Party = "A" | "B";

export interface DyckGadget {
  readonly tokens: number[];
  /** Who writes each token, aligned with tokens. */
  readonly owner: Party[];
}

export function dyckGadget(x: ArrayLike<number>, y: ArrayLike<number>): DyckGadget {
  if (x.length !== y.length) userError(`the Dyck gadget needs strings of one length, got ${x.length} and ${y.length}`);
  const tokens: number[] = [];
  const owner: Party[] = [];
  for (let j = 0; j < x.length; j++) {
    const [open, close] = x[j] ? [DYCK_OPEN_SQUARE, DYCK_CLOSE_SQUARE] : [DYCK_OPEN_ROUND, DYCK_CLOSE_ROUND];
    const inner = y[j] ? [DYCK_CLOSE_ROUND, DYCK_OPEN_ROUND] : [DYCK_OPEN_ROUND, DYCK_CLOSE_ROUND];
    tokens.push(open, inner[0], inner[1], close);
    owner.push("A", "B", "B", "A");
  }
  return { tokens, owner };
}
