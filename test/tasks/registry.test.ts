import { describe, expect, it } from "vitest";
import { Rng } from "../../src/util/rng.js";
import { UserError } from "../../src/util/errors.js";
import { getTask } from "../../src/tasks/index.js";

describe("task registry", () => {
  it("knows every task; parameters after a colon", () => {
    for (const name of ["index", "ar", "cgram", "counting", "istree", "indexlookup", "equality", "disjointness", "dyck", "nn"]) {
      const task = getTask(name);
      expect(task.name).toBe(name);
      const inst = task.generate(8, new Rng(1), "direct");
      expect(task.solve(8, inst.tokens.slice(0, inst.supervised.indexOf(1)))).toBe(inst.answer);
      expect(task.vocabulary(8).length).toBeGreaterThan(Math.max(...inst.tokens));
    }
    expect(getTask("cgram:5").name).toBe("cgram:5");
    expect(getTask("indexlookup:7").vocabulary(3).length).toBe(10);
    expect(getTask("nn:10").name).toBe("nn:10");
    expect(getTask("istree:random").name).toBe("istree:random");
    expect(getTask("istree:binary").name).toBe("istree");
  });
  it("unknown names and bad parameters are UserErrors naming the known tasks", () => {
    expect(() => getTask("sorting")).toThrow(UserError);
    expect(() => getTask("sorting")).toThrow(/known: index, ar, cgram/);
    expect(() => getTask("cgram:1")).toThrow(/c must be an integer ≥ 2/);
    expect(() => getTask("cgram:x")).toThrow(UserError);
    expect(() => getTask("istree:grid")).toThrow(/families: binary, random/);
    expect(() => getTask("ar:3")).toThrow(UserError);
  });
});
