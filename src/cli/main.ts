import { resolve } from "node:path";
import yargs from "yargs";
import chalk from "chalk";
import { UserError } from "../util/errors.js";
import { commands } from "./commands/registry.js";
import { processIO, type CliIO } from "./io.js";
import { choiceProblem, validateFlags } from "./flags.js";
import { isUserPathErrno, pathProblem } from "./paths.js";

class UsageError extends UserError {}

/**
 * Runs the CLI on argv (without `node` and the script) and returns the exit code: 0 on success,
 * 2 for errors the user caused (one line on stderr), 1 for bugs (with the stack).
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
  if (io === processIO) quietOnClosedPipe();
  let cli = yargs([...argv])
    .scriptName("streambound")
    .strict()
    .demandCommand(1, "name a command (see --help)")
    .recommendCommands()
    .help()
    .version(false)
    .wrap(null)
    .exitProcess(false)
    .fail((msg, err) => {
      if (err) throw err;
      if (/^Did you mean /.test(msg ?? "")) throw new UsageError(`unknown command '${argv[0]}'; ${msg.charAt(0).toLowerCase()}${msg.slice(1)}`);
      throw new UsageError(choiceProblem(msg) ?? msg);
    });
  for (const c of commands) {
    cli = cli.command({
      command: c.command,
      describe: c.describe,
      builder: (y) => c.builder(y.strict()),
      handler: async (args) => {
        validateFlags(c.command.split(" ")[0], argv, args as Record<string, unknown>);
        await c.run(args as Record<string, unknown>, io);
      },
    });
  }
  try {
    await cli.parseAsync([...argv], {}, (err, _argv, output) => {
      // --help and --version print here; parse errors surface through fail() above.
      if (output && !err) io.out(output + "\n");
    });
    return 0;
  } catch (caught) {
    const e = userPathError(caught, argv) ?? caught;
    if (e instanceof UserError) {
      io.err(`${chalk.red("streambound:")} ${e.message.split("\n")[0]}\n`);
      return e.exitCode;
    }
    io.err(`streambound: internal error (a bug, please report it)\n${e instanceof Error ? e.stack : String(e)}\n`);
    return 1;
  }
}

/**
 * A file-system error on a path the user typed (one the command's own checks did not foresee,
 * e.g. a disk that fills up) is the user's, not a bug: one line, exit 2.
 */
function userPathError(e: unknown, argv: readonly string[]): UserError | null {
  const err = e as NodeJS.ErrnoException;
  const path = err instanceof Error ? err.path : undefined;
  if (!isUserPathErrno(err.code) || typeof path !== "string") return null;
  const hit = argv.find((a) => a !== "" && !a.startsWith("-") && (path === a || resolve(path).startsWith(resolve(a))));
  return hit === undefined ? null : pathProblem("", path, err);
}

let pipeHandled = false;
/** `streambound data … | head`: a reader that stops early ends the command quietly, as in any Unix tool. */
function quietOnClosedPipe(): void {
  if (pipeHandled) return;
  pipeHandled = true;
  process.stdout.on("error", (e: NodeJS.ErrnoException) => {
    if (e.code === "EPIPE") process.exit(0);
    throw e;
  });
}
