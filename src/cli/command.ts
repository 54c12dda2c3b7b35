import type { Argv } from "yargs";
import type { CliIO } from "./io.js";

/** One CLI command: a typed yargs builder plus a runner that writes through `io`. */
export interface CliCommand {
  /** yargs command string, e.g. "census <task>". */
  readonly command: string;
  readonly describe: string;
  builder(y: Argv): Argv;
  run(args: Record<string, unknown>, io: CliIO): Promise<void> | void;
}

/** `--json` on every command, and the seed (fixed by default) on every command that draws. */
export const jsonOption = { type: "boolean", default: false, describe: "print exactly one JSON document" } as const;
export const seedOption = { type: "number", default: 1, describe: "seed of every random choice (same seed, same bytes)" } as const;
