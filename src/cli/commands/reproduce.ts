import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import { REPRODUCTIONS, planText, runPlan } from "../../reproduce/index.js";
import { userError } from "../../util/errors.js";

export const reproduceCommand: CliCommand = {
  command: "reproduce <id>",
  describe: "run a paper's reproduction (its plan is printed first): a report with plots and certificates; reruns skip finished steps and resume interrupted ones",
  builder: (y) =>
    y
      .positional("id", { type: "string", describe: [...REPRODUCTIONS.keys()].join(", ") })
      .option("quick", { type: "boolean", default: false, describe: "reduced sizes for a 2-core CPU (printed with the plan)" })
      .option("device", { type: "string", choices: ["auto", "cuda", "cpu"], default: "auto", describe: "where training steps run" })
      .option("out", { type: "string", describe: "directory (default reproductions/<id>[-quick])" })
      .option("plan", { type: "boolean", default: false, describe: "print the plan and stop" })
      .option("json", jsonOption),
  async run(args, io) {
    const id = String(args.id);
    const r = REPRODUCTIONS.get(id);
    if (!r) userError(`unknown reproduction '${id}' (reproductions: ${[...REPRODUCTIONS.keys()].join(", ")})`);
    const quick = Boolean(args.quick);
    const o = { quick, device: args.device as "auto" | "cuda" | "cpu", out: args.out ? String(args.out) : `reproductions/${id}${quick ? "-quick" : ""}` };
    if (args.plan) {
      io.out(planText(r, o));
      return;
    }
    const t0 = Date.now();
    const result = await runPlan(r, { ...o, io });
    const seconds = (Date.now() - t0) / 1000;
    if (args.json) io.out(JSON.stringify({ id, quick, out: o.out, index: result.index, seconds, steps: result.records }) + "\n");
    else io.out(`${id}: ${result.records.length} steps in ${seconds.toFixed(0)} s; open ${result.index}\n`);
  },
};
