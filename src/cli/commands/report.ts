import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import { reportFromPaths } from "../../report/index.js";
import { userError } from "../../util/errors.js";

export const reportCommand: CliCommand = {
  command: "report <inputs..>",
  describe: "SVG plots and a self-contained offline index.html from census/results JSON, sweep directories and certificates",
  builder: (y) =>
    y
      .positional("inputs", { type: "string", array: true, describe: "census --json outputs, results --json outputs, sweep directories, certificates, or directories of them" })
      .option("out", { type: "string", demandOption: true, describe: "directory for index.html and the SVGs" })
      .option("title", { type: "string", describe: "the page's title" })
      .option("json", jsonOption),
  async run(args, io) {
    const inputs = (args.inputs as string[] | undefined) ?? [];
    if (inputs.length === 0) userError("name at least one input");
    const s = await reportFromPaths(inputs.map(String), { out: String(args.out), title: args.title as string | undefined });
    if (args.json) io.out(JSON.stringify(s) + "\n");
    else io.out(`${s.plots.length} plot(s) and ${s.certificates} certificate(s): open ${s.index}\n`);
  },
};
