import { existsSync, readFileSync } from "node:fs";
import { createHash } from "node:crypto";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { userError } from "../util/errors.js";

/** The package's root directory (where package.json names streambound), from src/ or dist/src/. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && JSON.parse(readFileSync(pkg, "utf8")).name === "streambound") return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("streambound's package.json not found above " + fileURLToPath(import.meta.url));
    dir = up;
  }
}

/** What examples/fixtures/demo-gru.json records about the shipped weights. */
export interface DemoFixture {
  weights: string;
  sha256: string;
  command: string;
  training: Record<string, unknown>;
  floatTestAccuracy: number;
  device: string;
}

export const DEMO_FIXTURE_NAME = "demo-gru";

/** The demo's trained weights and their provenance; the sha256 is checked on every load. */
export function demoFixture(): DemoFixture & { path: string } {
  const dir = join(packageRoot(), "examples", "fixtures");
  const meta = join(dir, `${DEMO_FIXTURE_NAME}.json`);
  if (!existsSync(meta)) userError(`the demo's model is missing: ${meta}`);
  const f = JSON.parse(readFileSync(meta, "utf8")) as DemoFixture;
  const path = join(dir, f.weights);
  const digest = createHash("sha256").update(readFileSync(path)).digest("hex");
  if (digest !== f.sha256) userError(`${path}: sha256 ${digest} is not the ${f.sha256} recorded in ${meta}`);
  return { ...f, path };
}
