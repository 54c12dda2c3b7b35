import { afterAll, describe, expect, it } from "vitest";
import { existsSync, mkdtempSync, rmSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { cli } from "../cli/helpers.js";
import { slurmScript } from "../../src/cluster/sweepJob.js";
import { parseGrid } from "../../src/float/sweepGrid.js";

const dir = mkdtempSync(join(tmpdir(), "sb-jobs-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const bin = resolve(import.meta.dirname, "../../bin/streambound.js");

describe("census --emit slurm", () => {
  it("writes an array of K shard tasks, a merge of the K shards and a submit script that chains them", async () => {
    const out = join(dir, "jobs");
    const r = await cli("census", "istree", "--reduction", "r1-simple", "--model", "gru", "--width", "3", "--n", "4..6", "--seed", "7", "--emit", "slurm", "--shards", "8", "--out", out);
    expect(r.code).toBe(0);
    const array = readFileSync(join(out, "census.slurm"), "utf8");
    expect(array).toMatch(/^#!\/bin\/bash\n/);
    expect(array).toContain("#SBATCH --array=0-7");
    // node and the package's bin by absolute path, not `streambound` from PATH
    expect(array).toContain(`${process.execPath} ${bin} census istree`);
    expect(array).toContain('--shard "$SLURM_ARRAY_TASK_ID/8"');
    expect(array).toContain("--seed 7");
    expect(array).not.toMatch(/--samples|--device|--float-check|--max-memory|--no-cot/); // defaults left out
    const merge = readFileSync(join(out, "merge.slurm"), "utf8");
    for (let k = 0; k < 8; k++) expect(merge).toContain(join(out, `shard-${k}.json`));
    expect(merge).toContain(`--out ${join(out, "census.json")}`);
    const submit = readFileSync(join(out, "submit.sh"), "utf8");
    expect(submit).toContain("--dependency=afterok:");
    expect(statSync(join(out, "submit.sh")).mode & 0o111).not.toBe(0);
  });

  it("refuses K that is not a power of two, a missing --shards or --out, and --search, each in one line", async () => {
    const base = ["census", "index", "--model", "gru", "--n", "6"];
    const file = join(dir, "a-file");
    writeFileSync(file, "x");
    for (const extra of [
      ["--emit", "slurm", "--shards", "6", "--out", join(dir, "six")],
      ["--emit", "slurm", "--out", join(dir, "none")],
      ["--emit", "slurm", "--shards", "4"],
      ["--emit", "slurm", "--shards", "4", "--out", file],
      ["--emit", "slurm", "--shards", "4", "--out", join(dir, "s"), "--search", "sample"],
      ["--shards", "4"],
    ]) {
      const r = await cli(...base, ...extra);
      expect(r.code, extra.join(" ")).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
    }
    expect(existsSync(join(dir, "six"))).toBe(false);
  });
});

describe("sweep's Slurm script", () => {
  it("runs point k through this node and package; asks for a GPU only when the grid's device is cuda", () => {
    const grid = parseGrid({ tasks: ["index"], n: [4], archs: ["lstm"], widths: [3], seeds: [1, 2, 3], device: "cpu", threads: 2 }, "g");
    const cpu = slurmScript(grid, "grid.json", join(dir, "sweep"));
    expect(cpu).toContain("#SBATCH --array=0-2");
    expect(cpu).toContain("#SBATCH --cpus-per-task=2");
    expect(cpu).not.toContain("--gres");
    expect(cpu).toContain(`${process.execPath} ${bin} sweep --grid ${resolve("grid.json")}`);
    expect(slurmScript({ ...grid, device: "cuda" }, "grid.json", join(dir, "sweep"))).toContain("#SBATCH --gres=gpu:1");
  });
});
