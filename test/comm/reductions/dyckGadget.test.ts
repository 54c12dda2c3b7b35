import { describe, expect, it } from "vitest";
import { dyckGadget } from "../../../src/comm/reductions/dyckGadget.js";
import { DYCK_YES, dyckVocabulary, solveDyck } from "../../../src/tasks/dyck.js";
import { forEachBits } from "./checkReduction.js";
import { UserError } from "../../../src/util/errors.js";

const text = (tokens: number[]): string => tokens.map((t) => dyckVocabulary(1)[t]).join("");

describe("Dyck-(2,2) disjointness gadget", () => {
  it("the four blocks are (()), [()], ()(), [)(]", () => {
    expect(text(dyckGadget([0], [0]).tokens)).toBe("(())");
    expect(text(dyckGadget([1], [0]).tokens)).toBe("[()]");
    expect(text(dyckGadget([0], [1]).tokens)).toBe("()()");
    expect(text(dyckGadget([1], [1]).tokens)).toBe("[)(]");
  });
  it("for every x, y ∈ {0,1}^n, n ≤ 10: the dyck solver accepts iff DISJ(x, y)", () => {
    let checked = 0;
    let accepted = 0;
    let firstFailure: string | undefined;
    for (let n = 1; n <= 10; n++) {
      const xs: Uint8Array[] = [];
      forEachBits(n, (x) => xs.push(Uint8Array.from(x)));
      for (const x of xs) {
        for (const y of xs) {
          const { tokens, owner } = dyckGadget(x, y);
          const inDyck = solveDyck(4 * n, tokens) === DYCK_YES;
          const disjoint = !x.some((b, j) => b === 1 && y[j] === 1);
          checked++;
          if (inDyck) accepted++;
          if (inDyck !== disjoint && firstFailure === undefined) firstFailure = `x=${x.join("")} y=${y.join("")}`;
          if (owner.length !== 4 * n) firstFailure ??= `owner length at n=${n}`;
        }
      }
    }
    expect(firstFailure).toBeUndefined();
    expect(checked).toBe((4 ** 11 - 4) / 3);
    // Disjoint pairs number 3^n: the gadget accepts exactly those.
    expect(accepted).toBe([1, 2, 3, 4, 5, 6, 7, 8, 9, 10].reduce((s, n) => s + 3 ** n, 0));
  });
  it("owners are A B B A per bit; Alice's symbols depend only on x, Bob's only on y", () => {
    const g = dyckGadget([1, 0, 1], [0, 1, 1]);
    expect(g.owner.join("")).toBe("ABBA".repeat(3));
    const g2 = dyckGadget([1, 0, 1], [1, 0, 0]);
    const g3 = dyckGadget([0, 1, 0], [0, 1, 1]);
    g.owner.forEach((o, k) => {
      if (o === "A") expect(g.tokens[k]).toBe(g2.tokens[k]);
      else expect(g.tokens[k]).toBe(g3.tokens[k]);
    });
  });
  it("strings of different lengths are a user error", () => {
    expect(() => dyckGadget([0, 1], [0])).toThrow(UserError);
  });
});
