import { describe, expect, it } from "vitest";
import { cli, cliJson } from "./helpers.js";

const BASE = ["game", "disjointness", "--model", "transformer", "--layers", "1", "--width", "2", "--format", "fixed:2.2", "--partition", "dyck-gadget"];
const X = "01101100101001101";
const Y = "10000010010010000";

describe("game disjointness --partition dyck-gadget", () => {
  it("--json: the message's bits, reconstruction = partition order, the order comparison and a replayed fooling pair", async () => {
    const doc = await cliJson(...BASE, "--x", X, "--y", Y, "--samples", "300", "--search-limit", "2000");
    expect(doc.partition).toBe("dyck-gadget");
    expect(doc.messageBits).toBe(16);
    expect(doc.message).toMatch(/^[01]{16}$/);
    expect(doc.reconstructionMatches).toBe(true);
    expect(doc.expected).toBe(5);
    expect(doc.correct).toBe(doc.output === 5);
    expect(doc.countingForcesPair).toBe(true);
    expect(doc.orders).toMatchObject({ samples: 300, reconstructionMatches: 300 });
    expect(doc.orders.outputsDiffer).toBeLessThanOrEqual(doc.orders.logitsDiffer);
    const p = doc.search.pair;
    expect(p.x).not.toBe(p.xPrime);
    expect(p.partitionOutput).toBe(p.partitionOutputPrime);
    expect([p.expected, p.expectedPrime].sort()).toEqual([4, 5]);
    // the same seed gives the same bytes
    expect(await cliJson(...BASE, "--x", X, "--y", Y, "--samples", "300", "--search-limit", "2000")).toEqual(doc);
  });

  it("the text names the bound, the comparison and the pair", async () => {
    const r = await cli(...BASE, "--x", "0110", "--y", "1001", "--samples", "50");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("H·(d_h+2)·p = 1·4·4 = 16 bits");
    expect(r.stdout).toContain("counting does not force a fooling pair");
    expect(r.stdout).toMatch(/orders on 50 seeded \(x, y\): reconstruction = partition order on 50/);
    expect(r.stdout).toMatch(/search: every x in order/);
  });

  it("bad inputs: one line, exit 2", async () => {
    const bad: string[][] = [
      [...BASE, "--x", "0110"],
      [...BASE, "--x", "0110", "--y", "101"],
      [...BASE, "--x", "0110", "--y", "1001", "--i", "1"],
      ["game", "index", ...BASE.slice(2), "--x", "0110", "--y", "1001"],
      ["game", "disjointness", "--model", "lstm", "--width", "2", "--partition", "dyck-gadget", "--x", "0110", "--y", "1001"],
      ["game", "disjointness", "--model", "transformer", "--layers", "2", "--partition", "dyck-gadget", "--x", "0110", "--y", "1001"],
      [...BASE.slice(0, -1), "stripes", "--x", "0110", "--y", "1001"],
      ["game", "disjointness", "--model", "transformer", "--layers", "1", "--x", "0110", "--y", "1001", "--samples", "5"],
      [...BASE, "--x", "0110", "--y", "1001", "--samples", "0"],
    ];
    for (const argv of bad) {
      const r = await cli(...argv);
      expect(r.code, argv.join(" ")).toBe(2);
      expect(r.stdout).toBe("");
      expect(r.stderr.trim().split("\n"), argv.join(" ")).toHaveLength(1);
    }
  });
});
