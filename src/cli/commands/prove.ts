import type { CliCommand } from "../command.js";
import { jsonOption, seedOption } from "../command.js";
import { withModelOptions, modelRequest } from "../modelOptions.js";
import { writeFileAtomic } from "../io.js";
import { readUserJson } from "../paths.js";
import { CLAIMS } from "../../../proofs/index.js";
import { userError } from "../../util/errors.js";

function claim(id: string) {
  const c = CLAIMS.get(id);
  if (!c) userError(`unknown claim '${id}' (claims: ${[...CLAIMS.keys()].join(", ")})`);
  return c;
}

export const proveCommand: CliCommand = {
  command: "prove <claim>",
  describe: "check a claim on a model and write a certificate anyone can verify",
  builder: (y) =>
    withModelOptions(y)
      .positional("claim", { type: "string", describe: [...CLAIMS.keys()].join(", ") })
      .option("n", { type: "number", demandOption: true })
      .option("samples", { type: "number", describe: "search with this many random inputs instead of exhaustively" })
      .option("seed", seedOption)
      .option("out", { type: "string", describe: "write the certificate here (atomically)" })
      .option("json", jsonOption),
  run(args, io) {
    const c = claim(String(args.claim));
    const n = args.n as number;
    if (!(Number.isInteger(n) && n >= 1)) userError(`--n must be a whole number ≥ 1 (got ${n})`);
    // a claim's certificate records the model request; an empty architecture config is not part of it
    const { config, ...request } = modelRequest(args);
    const model = config && Object.keys(config).length > 0 ? { ...request, config } : request;
    const cert = c.check({ model, n, samples: args.samples as number | undefined, seed: args.seed as number });
    const text = JSON.stringify(cert, null, 2) + "\n";
    if (args.out) writeFileAtomic(String(args.out), text);
    if (args.json) io.out(JSON.stringify(cert) + "\n");
    else io.out(`${c.statement}\ncertificate:\n${text}${args.out ? `written to ${String(args.out)}; check it with: streambound verify ${String(args.out)}\n` : ""}`);
  },
};

export const verifyCommand: CliCommand = {
  command: "verify <certificate>",
  describe: "re-check a certificate by re-running only the inputs it names",
  builder: (y) => y.positional("certificate", { type: "string" }).option("json", jsonOption),
  run(args, io) {
    const cert = readUserJson("certificate", String(args.certificate)) as { claim?: unknown };
    if (typeof cert !== "object" || cert === null || Array.isArray(cert)) userError(`certificate ${String(args.certificate)}: not a certificate (a JSON object with a "claim")`);
    const c = claim(String(cert.claim));
    const result = c.verify(cert);
    if (args.json) io.out(JSON.stringify({ claim: c.id, ...result }) + "\n");
    else io.out(result.ok ? `verified: ${c.statement}\n` : `NOT verified: ${result.reason}\n`);
    if (!result.ok) userError(`certificate rejected: ${result.reason}`);
  },
};
