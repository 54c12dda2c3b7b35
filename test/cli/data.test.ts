import { describe, expect, it } from "vitest";
import yargs from "yargs";
import { dataCommand, dataWarnings, runData } from "../../src/cli/commands/data.js";
import { memoryIO } from "../../src/cli/io.js";
import { UserError } from "../../src/util/errors.js";
import { ISTREE_EOS, solveIsTree } from "../../src/tasks/index.js";

/** Parses argv with the command's own builder, as the CLI registry will. */
async function cli(argv: string[]) {
  const io = memoryIO();
  await yargs(argv)
    .strict()
    .exitProcess(false)
    .fail((msg, err) => {
      throw err ?? new UserError(msg);
    })
    .command({
      command: dataCommand.command,
      describe: dataCommand.describe,
      builder: (y) => dataCommand.builder(y),
      handler: async (a) => {
        await dataCommand.run(a as Record<string, unknown>, io);
      },
    })
    .parseAsync();
  return io;
}

describe("runData", () => {
  it("istree document: fields, sizes, answers by the solver", () => {
    const doc = runData({ task: "istree", n: 16, count: 3, seed: 4 });
    expect(Object.keys(doc)).toEqual(["task", "n", "mode", "vocabSize", "seed", "instances"]);
    expect(doc).toMatchObject({ task: "istree", n: 16, mode: "direct", vocabSize: 33, seed: 4 });
    expect(doc.instances).toHaveLength(3);
    for (const inst of doc.instances) {
      expect(Object.keys(inst)).toEqual(["tokens", "text", "supervised", "answer"]);
      expect(inst.tokens).toHaveLength(48);
      expect(inst.supervised).toHaveLength(48);
      expect(inst.text.split(" ")).toHaveLength(48);
      expect(solveIsTree(16, inst.tokens.slice(0, -1))).toBe(inst.answer);
    }
  });
  it("deterministic; instance k independent of --count; same inputs in every mode", () => {
    const a = runData({ task: "istree", n: 8, count: 5, seed: 9, mode: "cot" });
    expect(runData({ task: "istree", n: 8, count: 5, seed: 9, mode: "cot" })).toEqual(a);
    expect(runData({ task: "istree", n: 8, count: 2, seed: 9, mode: "cot" }).instances).toEqual(a.instances.slice(0, 2));
    const direct = runData({ task: "istree", n: 8, count: 5, seed: 9, mode: "direct" });
    const retrieval = runData({ task: "istree", n: 8, count: 5, seed: 9, mode: "retrieval" });
    for (let k = 0; k < 5; k++) {
      const input = direct.instances[k].tokens.slice(0, direct.instances[k].tokens.indexOf(ISTREE_EOS) + 1);
      expect(a.instances[k].tokens.slice(0, input.length)).toEqual(input);
      expect(retrieval.instances[k].tokens.slice(0, input.length)).toEqual(input);
    }
    expect(runData({ task: "istree", n: 8, count: 5, seed: 10 }).instances).not.toEqual(direct.instances);
  });
  it("user errors: unknown task, odd graph size, missing mode, count < 1", () => {
    expect(() => runData({ task: "sorting", n: 8, count: 1, seed: 1 })).toThrow(/unknown task 'sorting' \(known: /);
    expect(() => runData({ task: "istree", n: 9, count: 1, seed: 1 })).toThrow("graph size must be even, got 9");
    expect(() => runData({ task: "ar", n: 8, count: 1, seed: 1, mode: "retrieval" })).toThrow(/task ar has no mode 'retrieval'/);
    expect(() => runData({ task: "ar", n: 8, count: 0, seed: 1 })).toThrow(UserError);
    expect(() => runData({ task: "ar", n: 2.5, count: 1, seed: 1 })).toThrow(UserError);
  });
  it("every task produces a document", () => {
    for (const task of ["index", "ar", "cgram", "counting", "istree", "indexlookup", "equality", "disjointness", "dyck", "nn"]) {
      const doc = runData({ task, n: 8, count: 2, seed: 1 });
      expect(doc.instances[0].tokens.every((t) => t >= 0 && t < doc.vocabSize)).toBe(true);
    }
  });
});

describe("dataCommand", () => {
  it("--json prints exactly one JSON document", async () => {
    const io = await cli(["data", "istree", "--n", "8", "--count", "2", "--mode", "retrieval", "--json"]);
    const doc = JSON.parse(io.stdout);
    expect(doc.mode).toBe("retrieval");
    expect(doc.seed).toBe(1);
    expect(io.stdout.trim().split("\n")).toHaveLength(1);
    expect(io.stderr).toBe("");
  });
  it("human output prints ids and text; istree:random warns on stderr", async () => {
    const io = await cli(["data", "istree:random", "--n", "8", "--count", "2", "--seed", "3"]);
    expect(io.stdout).toMatch(/^task istree:random {2}n 8 {2}mode direct {2}vocab 25 {2}seed 3/);
    expect(io.stdout).toMatch(/ids {3}11 /);
    expect(io.stdout).toMatch(/text {2}\[BOS\] /);
    expect(io.stderr).toMatch(/^warning: .*edge count leaks the label/);
    expect(dataWarnings({ task: "istree" })).toEqual([]);
  });
  it("an unknown mode is a usage error", async () => {
    await expect(cli(["data", "istree", "--n", "8", "--mode", "scratch"])).rejects.toThrow();
  });
});
