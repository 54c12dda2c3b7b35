import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { describe } from "vitest";

/**
 * Outside components some tests need. Where one is missing its tests skip with one visible line
 * saying why, unless STREAMBOUND_REQUIRE (comma-separated: torch,chromium,slurm) names it: then
 * the missing component is a failure, as in CI, where .ci/run installs all of them.
 */
export type Component = "torch" | "chromium" | "slurm";

const cache = new Map<Component, string | null>();

function python(): string {
  if (process.env.STREAMBOUND_PYTHON) return process.env.STREAMBOUND_PYTHON;
  return existsSync("/usr/bin/python3") ? "/usr/bin/python3" : "python3";
}

function probe(component: Component): string | null {
  try {
    if (component === "torch") {
      execFileSync(python(), ["-c", "import torch"], { stdio: "ignore", timeout: 60_000 });
    } else if (component === "chromium") {
      execFileSync("chromium", ["--version"], { stdio: "ignore", timeout: 30_000 });
    } else {
      for (const cmd of ["slurmctld", "slurmd", "sbatch", "munged"]) {
        execFileSync("sh", ["-c", `command -v ${cmd} || test -x /usr/sbin/${cmd}`], { stdio: "ignore" });
      }
    }
    return null;
  } catch {
    const why = {
      torch: `torch is not importable by ${python()} (Debian: apt-get install python3-torch)`,
      chromium: "chromium is not installed (Debian: apt-get install chromium)",
      slurm: "Slurm is not installed (Debian: apt-get install slurm-wlm munge)",
    };
    return why[component];
  }
}

/** Why `component` is unavailable, or null when it is there. Probed once per process. */
export function missingReason(component: Component): string | null {
  if (!cache.has(component)) cache.set(component, probe(component));
  return cache.get(component) ?? null;
}

export function required(component: Component): boolean {
  return (process.env.STREAMBOUND_REQUIRE ?? "")
    .split(",")
    .map((s) => s.trim())
    .includes(component);
}

/**
 * describe() when the component is there; otherwise one visible skip line, or, when
 * STREAMBOUND_REQUIRE names it, a thrown error so the suite fails.
 */
export function describeWith(component: Component, name: string, body: () => void): void {
  const why = missingReason(component);
  if (why === null) {
    describe(name, body);
    return;
  }
  if (required(component)) {
    throw new Error(`STREAMBOUND_REQUIRE names ${component}, but ${why}`);
  }
  process.stderr.write(`skipped (${component} missing): ${name}: ${why}\n`);
  describe.skip(`${name} [skipped: ${why}]`, body);
}
