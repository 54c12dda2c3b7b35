import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import { IMPORT_SOURCES, importCheckpoint } from "../../float/importCheckpoint.js";

export const importCommand: CliCommand = {
  command: "import <checkpoint>",
  describe: "convert a mamba_ssm, Hugging Face Llama or rnn-icrag hybrid checkpoint into twin weights",
  builder: (y) =>
    y
      .positional("checkpoint", { type: "string", describe: "state_dict file (.bin/.pt/.safetensors) or a directory holding one" })
      .option("from", { type: "string", choices: IMPORT_SOURCES, demandOption: true, describe: "the library that wrote it" })
      .option("out", { type: "string", demandOption: true, describe: "directory to create: weights.safetensors and spec.json" })
      .option("config", { type: "string", describe: "the source's config.json (default: the one beside the checkpoint)" })
      .option("heads", { type: "number", describe: "attention heads, where the config gives none" })
      .option("json", jsonOption),
  async run(args, io) {
    const r = await importCheckpoint({
      checkpoint: String(args.checkpoint),
      from: String(args.from),
      out: String(args.out),
      config: args.config as string | undefined,
      heads: args.heads as number | undefined,
    });
    if (args.json) io.out(JSON.stringify(r) + "\n");
    else {
      const lines = [`imported ${r.from} → ${r.architecture} (${r.tensors} tensors, ${r.dtypes.join("/")})`, `  weights ${r.weights}`, `  spec    ${r.spec}`];
      for (const c of r.conversions) lines.push(`  - ${c}`);
      io.out(lines.join("\n") + "\n");
    }
  },
};
