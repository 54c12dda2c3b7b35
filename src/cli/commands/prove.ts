import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createHash } from "node:crypto";
import type { CliCommand } from "../command.js";
import { jsonOption, seedOption } from "../command.js";
import { withModelOptions, modelRequest, reductionParams } from "../modelOptions.js";
import { writeFileAtomic } from "../io.js";
import { CLAIMS, NON_EXECUTABLE_CLAIMS, type ClaimModel } from "../../../proofs/index.js";
import type { StreamingModel } from "../../stream/model.js";
import { UserError, userError } from "../../util/errors.js";
import { isCertificateShaped } from "../../verify/index.js";

function claim(id: string) {
  const c = CLAIMS.get(id);
  if (!c) {
    const why = NON_EXECUTABLE_CLAIMS.find((k) => k.id === id);
    userError(why ? `claim '${id}' is not executable: ${why.reason}` : `unknown claim '${id}' (claims: ${[...CLAIMS.keys()].join(", ")})`);
  }
  return c;
}

/** `--model ./mine.js`: a path (not a registry name) names a module exporting a StreamingModel. */
export function isModulePath(model: string): boolean {
  return /[\\/]/.test(model) || /\.(m?js|cjs)$/.test(model);
}

function readBytes(path: string, what: string): Buffer {
  try {
    return readFileSync(path);
  } catch (e) {
    userError(`cannot read ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
}

function isStreamingModel(v: unknown): v is StreamingModel<unknown> {
  if (typeof v !== "object" || v === null) return false;
  const m = v as Record<string, unknown>;
  return ["init", "step", "logits", "encode", "decode", "stateBits", "describe"].every((k) => typeof m[k] === "function") && typeof m.name === "string" && typeof m.vocabSize === "number";
}

/** Imports a user's module; its default export (or export `model`) must be a StreamingModel. */
export async function loadModelModule(path: string, expectedSha256?: string): Promise<{ model: StreamingModel<unknown>; module: { path: string; sha256: string; exportName: string } }> {
  const abs = resolve(path);
  const sha256 = createHash("sha256").update(readBytes(abs, "model module")).digest("hex");
  if (expectedSha256 !== undefined && sha256 !== expectedSha256) {
    throw new UserError(`model.module.sha256: ${abs} has sha256 ${sha256}, the certificate says ${expectedSha256}`, 1);
  }
  let mod: Record<string, unknown>;
  try {
    mod = (await import(pathToFileURL(abs).href)) as Record<string, unknown>;
  } catch (e) {
    userError(`cannot import model module ${abs}: ${(e as Error).message.split("\n")[0]}`);
  }
  for (const exportName of ["default", "model"]) {
    if (isStreamingModel(mod[exportName])) return { model: mod[exportName], module: { path: abs, sha256, exportName } };
  }
  userError(`${abs} exports no StreamingModel (as its default export or as 'model')`);
}

export const proveCommand: CliCommand = {
  command: "prove <claim>",
  describe: "check a claim on a model and write a certificate anyone can verify",
  builder: (y) =>
    withModelOptions(y)
      .positional("claim", { type: "string", describe: [...CLAIMS.keys()].join(", ") })
      .option("n", { type: "number", demandOption: true })
      .option("samples", { type: "number", describe: "sampled bit-flip search with this many inputs instead of the exhaustive census (the default past n = 20)" })
      .option("cot-tokens", { type: "number", describe: "claims with a chain of thought: the most tokens Bob may generate (default 37n + 64)" })
      .option("seed", seedOption)
      .option("out", { type: "string", describe: "write the certificate here (atomically)" })
      .option("json", jsonOption),
  async run(args, io) {
    const c = claim(String(args.claim));
    const n = args.n as number;
    if (!(Number.isInteger(n) && n >= 1)) userError(`--n must be a whole number ≥ 1 (got ${n})`);
    let model: ClaimModel;
    if (isModulePath(String(args.model))) {
      for (const flag of ["width", "layers", "format", "state-bits", "weights"]) {
        if (args[flag] !== undefined) userError(`--${flag} does not apply to a model module (${String(args.model)})`);
      }
      const loaded = await loadModelModule(String(args.model));
      model = { supplied: loaded.model, module: loaded.module };
    } else model = modelRequest(args);
    const params = {
      n,
      ...(args.samples !== undefined ? { samples: args.samples as number } : {}),
      seed: args.seed as number,
      ...(args.reduction !== undefined ? { reduction: String(args.reduction) } : {}),
      ...(args.param !== undefined ? { reductionOptions: reductionParams(args) as Record<string, number | string> } : {}),
      ...(args["cot-tokens"] !== undefined ? { cotTokens: args["cot-tokens"] as number } : {}),
    };
    const checked = c.params.safeParse(params);
    if (!checked.success) userError(`bad parameters for ${c.id}: ${checked.error.issues[0].path.join(".")}: ${checked.error.issues[0].message}`);
    const cert = c.check({ ...(checked.data as object), model });
    const text = JSON.stringify(cert, null, 2) + "\n";
    if (args.out) writeFileAtomic(String(args.out), text);
    if (args.json) io.out(JSON.stringify(cert) + "\n");
    else {
      io.out(`${cert.statement}\n`);
      io.out(args.out ? `certificate written to ${String(args.out)}; check it with: streambound verify ${String(args.out)}\n` : `certificate:\n${text}`);
    }
  },
};

export const verifyCommand: CliCommand = {
  command: "verify <certificate>",
  describe: "re-check a certificate by re-running only the inputs it names (exit 0 verified, 1 refuted, 2 not a certificate)",
  builder: (y) =>
    y
      .positional("certificate", { type: "string" })
      .option("weights", { type: "string", describe: "the weights file, when the certificate does not embed it" })
      .option("model-module", { type: "string", describe: "the model module, when it is no longer at the path the certificate names" })
      .option("json", jsonOption),
  async run(args, io) {
    const path = String(args.certificate);
    const text = readBytes(path, "certificate").toString("utf8");
    let raw: unknown;
    try {
      raw = JSON.parse(text);
    } catch (e) {
      userError(`${path} is not a certificate: not JSON (${(e as Error).message.split("\n")[0]})`);
    }
    if (!isCertificateShaped(raw)) userError(`${path} is not a certificate: expected a JSON object, got ${raw === null ? "null" : Array.isArray(raw) ? "an array" : typeof raw}`);
    if (!("schema" in raw)) userError(`${path} is not a certificate: a JSON object without a "schema" field`);
    const id = raw.claim;
    const c = typeof id === "string" ? CLAIMS.get(id) : undefined;
    if (!c) throw new UserError(`refuted: claim: ${JSON.stringify(id) ?? "missing"} is not a claim (claims: ${[...CLAIMS.keys()].join(", ")})`, 1);
    const options: { model?: StreamingModel<unknown>; weightsBytes?: Uint8Array } = {};
    const spec = raw.model as { kind?: unknown; module?: { path?: unknown; sha256?: unknown } } | undefined;
    if (spec?.kind === "supplied") {
      const modPath = args["model-module"] !== undefined ? String(args["model-module"]) : typeof spec.module?.path === "string" ? spec.module.path : undefined;
      if (modPath === undefined) userError("this certificate is about a model supplied in code; verify it with the library's verify(certificate, { model })");
      options.model = (await loadModelModule(modPath, typeof spec.module?.sha256 === "string" ? spec.module.sha256 : "")).model;
    }
    if (args.weights !== undefined) options.weightsBytes = readBytes(String(args.weights), "weights file");
    const verdict = c.verify(raw, options);
    if (args.json) io.out(JSON.stringify(verdict.ok ? { claim: c.id, ok: true, statement: verdict.statement } : { claim: c.id, ok: false, field: verdict.field, reason: verdict.reason }) + "\n");
    if (!verdict.ok) throw new UserError(`refuted: ${verdict.field}: ${verdict.reason}`, verdict.notACertificate ? 2 : 1);
    if (!args.json) io.out(`verified: ${verdict.statement}\n`);
  },
};
