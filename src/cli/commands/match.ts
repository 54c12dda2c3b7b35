import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import { matching, matchingStateBits, type Matching } from "../../reproduce/matching.js";

function table(m: Matching): string {
  const row = (label: string, s: Matching["transformer"] | Matching["mamba"]) =>
    `  ${label}: ${s.architecture} ${JSON.stringify(s.config)}\n    parameters ${s.parameters}, M = ${s.stateBits} bits at n = ${m.n} (encode gives ${s.encodedBits}; ${s.stateBitsFormula})`;
  return [
    `index at N = ${m.n}, format ${m.format} (b = ${m.bitsPerScalar} bits per scalar), both counted by the exact interpreter:`,
    row(`Transformer (${m.transformer.source})`, m.transformer),
    row(`Mamba (${m.mamba.source})`, m.mamba),
    `  keys and values held at N: 2·d·b·(N − 1) = ${m.kvCacheBits} bits; Mamba M / Transformer M = ${m.stateBitsRatio.toFixed(3)}, parameters ${m.parametersRatio.toFixed(3)}`,
    `  past the Mamba's M: ${m.pastM.map((p) => `n = ${p.n} (accuracy ≤ ${p.boundAccuracy.toFixed(4)} for every ${m.mamba.stateBits}-bit model)`).join(", ")}`,
    "",
  ].join("\n");
}

export const matchCommand: CliCommand = {
  command: "match",
  describe: "a Mamba matched to transformer-index in parameters and state bits at context length N (wen2025-matched)",
  builder: (y) =>
    y
      .option("n", { type: "number", demandOption: true, describe: "context length N (Index at size N)" })
      .option("format", { type: "string", default: "fp16", describe: "the one number format both models run at" })
      .option("mamba-weights", { type: "string", describe: "a trained Mamba's weights (default: a seeded Mamba of the matching shape)" })
      .option("json", jsonOption),
  run(args, io) {
    const m = matching({ n: args.n as number, format: String(args.format), mambaWeights: args["mamba-weights"] as string | undefined });
    if (args.json) io.out(JSON.stringify(matchingStateBits(m)) + "\n");
    else io.out(table(m));
  },
};
