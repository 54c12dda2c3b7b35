import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { afterAll, beforeAll, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { cli } from "./helpers.js";

// Jobs run the compiled CLI (bin/streambound.js → dist), which npm test builds first.
const root = resolve(import.meta.dirname, "../..");
const script = join(root, "scripts", "slurm-cluster.sh");

describeWith("slurm", "census and sweep as Slurm jobs on a single-node cluster on localhost", () => {
  const dir = mkdtempSync(join(tmpdir(), "sb-slurm-"));
  chmodSync(dir, 0o755); // munged runs as the munge user and must reach its socket directory
  const env = { ...process.env, STREAMBOUND_SLURM_DIR: join(dir, "cluster"), SLURM_CONF: join(dir, "cluster", "slurm.conf") };
  const sh = (cmd: string, args: string[]) => execFileSync(cmd, args, { env, encoding: "utf8", timeout: 60_000 });

  beforeAll(() => {
    sh(script, ["start"]);
  }, 90_000);
  afterAll(() => {
    try {
      sh(script, ["stop"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  /** Waits until none of the jobs is queued or running, then says whether each ended COMPLETED. */
  async function waitFor(jobs: string[], seconds: number): Promise<void> {
    const deadline = Date.now() + seconds * 1000;
    for (;;) {
      const queued = sh("squeue", ["-h", "-o", "%i", "-j", jobs.join(",")]).trim();
      if (queued === "") break;
      if (Date.now() > deadline) throw new Error(`Slurm jobs still queued after ${seconds} s:\n${queued}`);
      await new Promise((r) => setTimeout(r, 500));
    }
    for (const job of jobs) {
      const states = sh("scontrol", ["show", "job", "-o", job]).match(/JobState=\w+/g) ?? [];
      expect(states.length).toBeGreaterThan(0);
      for (const s of states) expect(s).toBe("JobState=COMPLETED");
    }
  }

  it("census --emit slurm --shards 4: the array and its dependent merge give the local census", async () => {
    const args = ["census", "index", "--model", "gru", "--width", "4", "--format", "fixed:2.6", "--n", "6..9", "--seed", "1"];
    const out = join(dir, "census");
    const emitted = await cli(...args, "--emit", "slurm", "--shards", "4", "--out", out);
    expect(emitted.code).toBe(0);
    const array = readFileSync(join(out, "census.slurm"), "utf8");
    expect(array).toContain("#SBATCH --array=0-3");
    expect(array).toContain(process.execPath);
    const submitted = sh("sh", [join(out, "submit.sh")]);
    const ids = /array job (\d+), merge job (\d+)/.exec(submitted);
    expect(ids).not.toBeNull();
    await waitFor([ids![1], ids![2]], 240);
    const merged = JSON.parse(readFileSync(join(out, "census.json"), "utf8"));
    const local = await cli(...args, "--json");
    const doc = JSON.parse(local.stdout);
    for (const row of doc.rows) delete row.distinctStatesPerBlock;
    expect(merged).toEqual(doc);
    expect(readdirSync(out).filter((f) => /^shard-\d\.json$/.test(f))).toHaveLength(4);
  }, 300_000);

  describeWith("torch", "sweep --emit slurm", () => {
    it("the array's points give the same results as --parallel 1", async () => {
      const grid = {
        tasks: ["index"], n: [4], archs: ["lstm"], widths: [3], lrs: [0.01], seeds: [1, 2],
        steps: 20, evalEvery: 10, batch: 8, trainSize: 64, validSize: 16, testSize: 16, device: "cpu", threads: 1,
      };
      const gridPath = join(dir, "grid.json");
      writeFileSync(gridPath, JSON.stringify(grid));
      const out = join(dir, "sweep-slurm");
      expect((await cli("sweep", "--grid", gridPath, "--out", out, "--emit", "slurm")).code).toBe(0);
      const job = sh("sbatch", ["--parsable", join(out, "sweep.slurm")]).trim().split(";")[0];
      await waitFor([job], 240);
      const local = join(dir, "sweep-local");
      const r = await cli("sweep", "--grid", gridPath, "--out", local, "--parallel", "1");
      expect(r.code).toBe(0);
      const points = readdirSync(local).filter((p) => existsSync(join(local, p, "result.json")));
      expect(points).toHaveLength(2);
      // Wall times and the run's own directory differ; everything a run computed must not.
      const strip = (v: unknown): unknown =>
        Array.isArray(v) ? v.map(strip) : v && typeof v === "object"
          ? Object.fromEntries(Object.entries(v).filter(([k]) => !/^dir$|wall|time|seconds|duration|date/i.test(k)).map(([k, x]) => [k, strip(x)]))
          : v;
      for (const p of points) {
        const a = JSON.parse(readFileSync(join(out, p, "result.json"), "utf8"));
        const b = JSON.parse(readFileSync(join(local, p, "result.json"), "utf8"));
        expect(strip(a)).toEqual(strip(b));
      }
    }, 300_000);
  });
});
