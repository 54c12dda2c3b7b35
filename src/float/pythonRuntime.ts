import { existsSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { readFileSync } from "node:fs";

/**
 * Where the Python interpreter and the worker script are.
 *
 * Python: `STREAMBOUND_PYTHON` if set, else /usr/bin/python3 if it exists (Debian's
 * python3-torch installs there, while a `python3` first on PATH may lack torch), else `python3`.
 */
export function pythonExecutable(env: NodeJS.ProcessEnv = process.env): string {
  const fromEnv = env.STREAMBOUND_PYTHON;
  if (fromEnv && fromEnv.trim() !== "") return fromEnv;
  if (existsSync("/usr/bin/python3")) return "/usr/bin/python3";
  return "python3";
}

let cachedRoot: string | undefined;

/**
 * The package root: the nearest directory upward holding streambound's package.json. Works
 * from src/float (vitest) and from dist/src/float (the compiled CLI), since the package ships src/.
 */
export function packageRoot(): string {
  if (cachedRoot) return cachedRoot;
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const candidate = join(dir, "package.json");
    if (existsSync(candidate)) {
      try {
        if ((JSON.parse(readFileSync(candidate, "utf8")) as { name?: string }).name === "streambound") {
          cachedRoot = dir;
          return dir;
        }
      } catch {
        // not ours; keep looking upward
      }
    }
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find streambound's package.json above " + fileURLToPath(import.meta.url));
    dir = parent;
  }
}

/** The worker entry point, src/float/python/worker.py under the package root. */
export function workerScript(): string {
  return join(packageRoot(), "src", "float", "python", "worker.py");
}

/** The one line shown when torch cannot be imported. */
export function missingTorchMessage(python: string): string {
  return (
    `PyTorch is not available to ${python}: install the Debian package python3-torch or the pip package torch ` +
    `(torch >= 1.13), or point STREAMBOUND_PYTHON at a Python that has it`
  );
}
