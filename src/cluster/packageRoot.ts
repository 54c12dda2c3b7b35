import { existsSync, readFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The installed package's directory (the one whose package.json names streambound), found from this file. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (;;) {
    const pkg = join(dir, "package.json");
    if (existsSync(pkg) && (JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "streambound") return dir;
    const up = dirname(dir);
    if (up === dir) throw new Error("cannot find the streambound package directory");
    dir = up;
  }
}

/** How a batch job starts the CLI: this node binary and the package's bin script, both absolute. */
export function cliInvocation(): string {
  return `${shellQuote(process.execPath)} ${shellQuote(resolve(packageRoot(), "bin", "streambound.js"))}`;
}

export function shellQuote(s: string): string {
  return /^[A-Za-z0-9_./:=@%+,-]+$/.test(s) ? s : `'${s.replace(/'/g, `'\\''`)}'`;
}
