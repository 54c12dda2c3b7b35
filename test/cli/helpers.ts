import { main } from "../../src/cli/main.js";
import { memoryIO } from "../../src/cli/io.js";

/** Runs the CLI in-process and returns exit code and both streams. */
export async function cli(...argv: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  const io = memoryIO();
  const code = await main(argv, io);
  return { code, stdout: io.stdout, stderr: io.stderr };
}

/** Runs the CLI with --json and parses stdout (fails loudly if it is not one document). */
export async function cliJson<T = any>(...argv: string[]): Promise<T> {
  const r = await cli(...argv, "--json");
  if (r.code !== 0) throw new Error(`exit ${r.code}: ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}
