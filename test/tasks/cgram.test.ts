import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import { cgramTask, solveCgram } from "../../src/tasks/index.js";

describe("cgram", () => {
  it("solver: token after the first followed occurrence of the query", () => {
    // n = 6, c = 3: s1 s2 s3 s1 s2 s4 | query s1 s2 → s3
    expect(solveCgram(3, 6, [1, 2, 3, 1, 2, 4, 1, 2])).toBe(3);
    // an occurrence at the very end has no follower: n = 4, c = 2, query s3 occurs only last
    expect(() => solveCgram(2, 4, [0, 1, 2, 3, 3])).toThrow(/does not occur/);
    expect(() => solveCgram(3, 6, [1, 2, 3, 1, 2, 4, 1])).toThrow(UserError);
    expect(() => solveCgram(1, 6, [1, 2, 3, 1, 2, 4])).toThrow(/c ≥ 2/);
  });
  for (const c of [2, 3, 5]) {
    it(`c = ${c}: the query occurs exactly once and the answer follows it`, () => {
      const task = cgramTask(c);
      const rng = new Rng(c);
      for (let s = 0; s < 1000; s++) {
        const n = c + (s % 30);
        const inst = task.generate(n, rng, "direct");
        expect(inst.tokens.length).toBe(n + c);
        const seq = inst.tokens.slice(0, n).join(",") + ",";
        const gram = inst.tokens.slice(n, n + c - 1).join(",") + ",";
        // independent check on the text form: exactly one occurrence, followed by the answer
        const hits = [...seq.matchAll(new RegExp(`(?<=^|,)${gram}`, "g"))];
        expect(hits.length).toBe(1);
        expect(seq.slice(hits[0].index! + gram.length).split(",")[0]).toBe(String(inst.answer));
      }
    });
  }
  it("names carry c unless it is the default 3", () => {
    expect(cgramTask().name).toBe("cgram");
    expect(cgramTask(4).name).toBe("cgram:4");
    expect(cgramTask().vocabulary(5)).toEqual(["s0", "s1", "s2", "s3", "s4"]);
  });
});
