import { describe, expect, it } from "vitest";
import { describeWith } from "../_helpers/components.js";
import { mkdtempSync, readFileSync, writeFileSync, readdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { cli, cliJson } from "./helpers.js";

describeWith("torch", "census of trained weights", () => {
  const dir = mkdtempSync(join(tmpdir(), "sb-trained-"));
  const run = join(dir, "run");
  it("finds a fooling pair at fixed:2.6 and shows the float32 twin's outputs on both inputs", async () => {
    const t = await cli("train", "--task", "index", "--arch", "lstm", "--width", "4", "--n", "8", "--steps", "150", "--seed", "1", "--device", "cpu", "--out", run);
    expect(t.code, t.stderr).toBe(0);
    const weights = join(run, "weights.safetensors");
    const doc = await cliJson("census", "index", "--model", "lstm", "--weights", weights, "--format", "fixed:2.6", "--n", "6..8", "--device", "cpu");
    const rows = doc.rows.filter((r: any) => r.foolingPair);
    expect(rows.length).toBeGreaterThan(0);
    for (const row of rows) {
      const f = row.floatCheck;
      expect(f.dtype).toBe("float32");
      expect(f.device).toBe("cpu");
      expect(f.logits).toHaveLength(2);
      expect(f.sameAnswer).toBe(f.outputs[0] === f.outputs[1]);
      expect(f.correct[0]).toBe(f.outputs[0] === row.foolingPair.expected);
      expect(f.correct[1]).toBe(f.outputs[1] === row.foolingPair.expectedPrime);
      // The bit-exact replay of the same pair gives one answer for both.
      expect(row.foolingPair.replayed).toBe(true);
    }
  });
  it("rejects a weights file with a wrong shape or a truncated header: one line, exit 2", async () => {
    const weights = join(run, "weights.safetensors");
    const bytes = readFileSync(weights);
    const truncated = join(dir, "truncated.safetensors");
    writeFileSync(truncated, bytes.subarray(0, 12));
    const headerLength = Number(bytes.readBigUInt64LE(0));
    const header = JSON.parse(bytes.subarray(8, 8 + headerLength).toString("utf8"));
    const name = Object.keys(header).find((k) => k !== "__metadata__")!;
    header[name].shape = [...header[name].shape].reverse().concat([1]);
    const text = Buffer.from(JSON.stringify(header).padEnd(headerLength, " "));
    const wrongShape = join(dir, "wrong-shape.safetensors");
    const len = Buffer.alloc(8);
    len.writeBigUInt64LE(BigInt(text.length));
    writeFileSync(wrongShape, Buffer.concat([len, text, bytes.subarray(8 + headerLength)]));
    for (const file of [truncated, wrongShape]) {
      const out = join(dir, `census-${readdirSync(dir).length}.json`);
      const r = await cli("census", "index", "--model", "lstm", "--weights", file, "--n", "4", "--out", out);
      expect(r.code).toBe(2);
      expect(r.stderr.trim().split("\n")).toHaveLength(1);
      expect(r.stdout).toBe("");
      expect(readdirSync(dir)).not.toContain(out.split("/").pop());
    }
  });
});
