import type { CliCommand } from "../command.js";
import { jsonOption } from "../command.js";
import { indexBound } from "../../census/bound.js";
import { userError } from "../../util/errors.js";

export const boundCommand: CliCommand = {
  command: "bound <task>",
  describe: "the error lower bound of an M-bit one-way protocol, and the deterministic bound",
  builder: (y) =>
    y
      .positional("task", { type: "string", describe: "index" })
      .option("n", { type: "number", demandOption: true, describe: "input size n" })
      .option("state-bits", { type: "number", demandOption: true, describe: "message / state bits M" })
      .option("json", jsonOption),
  run(args, io) {
    if (args.task !== "index") userError(`bound knows the index task (got '${String(args.task)}'); the other tasks reduce from it`);
    const n = args.n as number;
    const M = args["state-bits"] as number;
    if (!(Number.isInteger(n) && n >= 1)) userError(`--n must be a whole number ≥ 1 (got ${n})`);
    if (!(Number.isInteger(M) && M >= 0)) userError(`--state-bits must be a whole number ≥ 0 (got ${M})`);
    const b = indexBound(n, M);
    if (args.json) return io.out(JSON.stringify(b) + "\n");
    io.out(
      [
        `INDEX_${n} with a message of M = ${M} bits, uniform (x, i):`,
        `  error ≥ H₂⁻¹(1 − M/n) = ${b.errorLowerBound.toFixed(6)}    accuracy ≤ ${b.accuracyUpperBound.toFixed(6)}`,
        `  zero error needs ${b.deterministicMinBits} bits (deterministic one-way complexity of INDEX_${n})`,
        "",
      ].join("\n"),
    );
  },
};
