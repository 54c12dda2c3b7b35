import { describe, expect, it } from "vitest";
import { binaryGraph, randomGraph } from "../../src/tasks/istreeFamilies.js";
import { Rng } from "../../src/util/rng.js";
import { binaryGraph as matrixBinary, randomGraph as matrixRandom } from "./_oracle/istreeFamiliesMatrix.js";
import { cli } from "./helpers.js";

describe("data streams and draws large graphs in linear memory", () => {
  it("the sparse IsTree generators draw exactly the graphs of the n × n matrix version (same seed, same bytes)", () => {
    for (const n of [4, 5, 6, 8, 10, 16, 33, 64]) {
      for (let seed = 0; seed < 60; seed++) {
        expect(binaryGraph(n, new Rng(seed))).toEqual(matrixBinary(n, new Rng(seed)));
        expect(randomGraph(n, new Rng(seed))).toEqual(matrixRandom(n, new Rng(seed)));
      }
    }
  });

  it("istree --n 100000 takes under 1.5 GB (the n × n matrix needed 10 GB)", async () => {
    const before = process.memoryUsage().rss;
    const r = await cli("data", "istree", "--n", "100000", "--json");
    expect(r.code, r.stderr).toBe(0);
    const doc = JSON.parse(r.stdout);
    expect(doc.instances[0].tokens).toHaveLength(3 * 100000);
    expect(process.memoryUsage().rss - before).toBeLessThan(1.5 * 2 ** 30);
  });

  it("--json streams the same bytes JSON.stringify gives, and a size the generator refuses prints nothing", async () => {
    const r = await cli("data", "ar", "--n", "6", "--count", "3", "--json");
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(JSON.stringify(JSON.parse(r.stdout)) + "\n");
    const bad = await cli("data", "istree", "--n", "9");
    expect(bad.code).toBe(2);
    expect(bad.stdout).toBe("");
  });

  it("--count 1e9 streams (the first instances arrive at once) and --n 1e9 is refused up front", async () => {
    let chunks = 0;
    const io = {
      interactive: false,
      out: () => {
        if (++chunks > 50) throw new Error("enough");
      },
      err: () => {},
    };
    const { main } = await import("../../src/cli/main.js");
    const code = await main(["data", "index", "--n", "3", "--count", "1e9"], io);
    expect(code).toBe(1); // the io stopped it after 50 instances: streamed, not built in memory first
    expect(chunks).toBe(51);
    const big = await cli("data", "index", "--n", "1e9");
    expect(big.code).toBe(2);
    expect(big.stderr).toMatch(/--n takes a whole number from 1 to 1048576 \(got '1e9'\)/);
  });
});
