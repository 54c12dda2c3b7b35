import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import { DYCK_NO, DYCK_YES, dyckTask, solveDyck } from "../../src/tasks/index.js";

const parse = (s: string) => [...s].map((ch) => "()[]".indexOf(ch));

/** Independent oracle: repeatedly delete innermost pairs "()" / "[]"; depth from a counter. */
function oracle(s: string, maxDepth = 2): boolean {
  let depth = 0;
  for (const ch of s) {
    depth += ch === "(" || ch === "[" ? 1 : -1;
    if (depth > maxDepth || depth < 0) return false;
  }
  let t = s;
  for (let prev = ""; prev !== t; ) {
    prev = t;
    t = t.replaceAll("()", "").replaceAll("[]", "");
  }
  return t === "";
}

describe("dyck", () => {
  it("solver agrees with the deletion oracle on every string of length ≤ 8", () => {
    let positives = 0;
    for (let len = 1; len <= 8; len++) {
      for (let code = 0; code < 4 ** len; code++) {
        let s = "";
        for (let k = 0, c = code; k < len; k++, c >>= 2) s += "()[]"[c & 3];
        const yes = oracle(s);
        if (yes) positives++;
        if ((solveDyck(len, parse(s)) === DYCK_YES) !== yes) expect(s).toBe(yes ? "accepted" : "rejected");
      }
    }
    expect(positives).toBeGreaterThan(0);
    expect(solveDyck(6, parse("([()])"))).toBe(DYCK_NO); // depth 3
    expect(solveDyck(4, parse("([])"))).toBe(DYCK_YES);
    expect(() => solveDyck(2, [0, 4])).toThrow(UserError);
  });
  it("generator: 50% positives, depth-3 negatives present, odd n rejected", () => {
    const rng = new Rng(13);
    let yes = 0;
    let deep = 0;
    const total = 4000;
    for (let s = 0; s < total; s++) {
      const n = 2 * (1 + (s % 15));
      const inst = dyckTask.generate(n, rng, "direct");
      const text = inst.tokens.slice(0, n).map((t) => "()[]"[t]).join("");
      expect(inst.answer).toBe(oracle(text) ? DYCK_YES : DYCK_NO);
      if (inst.answer === DYCK_YES) yes++;
      else if (oracle(text, 3)) deep++; // balanced, rejected only by the depth bound
    }
    expect(Math.abs(yes / total - 0.5)).toBeLessThan(0.03);
    expect(deep).toBeGreaterThan(total / 10);
    expect(() => dyckTask.generate(7, rng, "direct")).toThrow(/even length/);
  });
});
