import yargs from "yargs";
import chalk from "chalk";
import { UserError } from "../util/errors.js";
import { commands } from "./commands/registry.js";
import { processIO, type CliIO } from "./io.js";

class UsageError extends UserError {}

/**
 * Runs the CLI on argv (without `node` and the script) and returns the exit code: 0 on success,
 * 2 for errors the user caused (one line on stderr), 1 for bugs (with the stack).
 */
export async function main(argv: readonly string[], io: CliIO = processIO): Promise<number> {
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
      throw new UsageError(msg);
    });
  for (const c of commands) {
    cli = cli.command({
      command: c.command,
      describe: c.describe,
      builder: (y) => c.builder(y.strict()),
      handler: async (args) => {
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
  } catch (e) {
    if (e instanceof UserError) {
      io.err(`${chalk.red("streambound:")} ${e.message.split("\n")[0]}\n`);
      return e.exitCode;
    }
    io.err(`streambound: internal error (a bug, please report it)\n${e instanceof Error ? e.stack : String(e)}\n`);
    return 1;
  }
}
