import { describe, expect, it } from "vitest";
import { readFileSync, readdirSync, existsSync } from "node:fs";
import { dirname, join, resolve } from "node:path";

/** Every module the file imports (static imports and re-exports), resolved to .ts paths under src/. */
function importsOf(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/(?:import|export)[^'"]*?from\s+["']([^"']+)["']/g)]
    .map((m) => m[1])
    .filter((s) => s.startsWith("."))
    .map((s) => resolve(dirname(file), s.replace(/\.js$/, ".ts")));
}

describe("src/verify", () => {
  it("imports only numeric, models, tasks, comm (and the stream interface and errors they rest on), never the census, even transitively", () => {
    const root = resolve("src/verify");
    const direct = readdirSync(root).filter((f) => f.endsWith(".ts")).flatMap((f) => importsOf(join(root, f)));
    for (const p of direct) expect(p, p).toMatch(/\/src\/(verify|numeric|models|tasks|comm|stream|util)\//);
    const seen = new Set<string>();
    const queue = [...direct];
    while (queue.length) {
      const p = queue.pop()!;
      if (seen.has(p) || !existsSync(p)) continue;
      seen.add(p);
      queue.push(...importsOf(p));
    }
    const bad = [...seen].filter((p) => /\/src\/(census|cli|report|reproduce|float|cluster)\//.test(p) || /\/proofs\//.test(p));
    expect(bad).toEqual([]);
    expect(seen.size).toBeGreaterThan(20);
  });
});
