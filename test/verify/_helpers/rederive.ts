import { createHash } from "node:crypto";
import {
  aliceLength,
  alicePrefix,
  getReduction,
  indexErrorLowerBound,
  modelFactory,
  parseBits,
  parseFormat,
  replayFoolingPair,
  runCensus,
  runModel,
  type StreamingModel,
} from "../../../src/index.js";
import { weightsFromBytes } from "../../../src/models/weights/load.js";
import { retrievalCensus } from "../../../src/census/retrievalCensus.js";
import { stringCensus } from "../../../src/census/stringCensus.js";
import { solveDyck } from "../../../src/tasks/dyck.js";

/**
 * Re-derives every fact a certificate states without the verifier: the model rebuilt from the
 * registry, fooling pairs replayed by the census's own replay, exact accuracies by an
 * exhaustive census, the bound by the census's H₂⁻¹. Returns the first false fact, or null.
 */
export function falseFact(cert: any, supplied?: StreamingModel<unknown>): string | null {
  if (cert.reduction.task === "dyck") return falseStringFact(cert);
  const r = getReduction(cert.reduction.task, cert.reduction.name, cert.reduction.options);
  const n: number = cert.n;
  let model: StreamingModel<unknown>;
  if (cert.model.kind === "supplied") model = supplied!;
  else if (cert.model.weightsFile) {
    const bytes = Buffer.from(cert.model.weightsFile.embedded, "base64");
    if (createHash("sha256").update(bytes).digest("hex") !== cert.model.weightsFile.sha256) return "weights hash";
    model = weightsFromBytes(bytes, cert.model.weightsFile.name, { format: parseFormat(cert.model.request.format ?? "fixed:2.6") }).model as StreamingModel<unknown>;
  } else model = modelFactory(cert.model.request, r, n)(n);
  if (model.name !== cert.modelName) return "modelName";
  if ((model.format?.name ?? null) !== cert.format) return "format";
  if (model.stateBits(aliceLength(r, n)) !== cert.M) return "M";
  const cot = cert.cot;
  for (const f of cert.facts) {
    if (f.kind === "foolingPair") {
      if (f.x.length !== n || f.xPrime.length !== n) return "pair length";
      let fp;
      try {
        fp = replayFoolingPair(model, r, n, parseBits(f.x), parseBits(f.xPrime), f.query, cot);
      } catch {
        return "pair does not replay";
      }
      const message = model.encode(runModel(model, alicePrefix(r, n, parseBits(f.x))).state);
      if (message !== f.message || createHash("sha256").update(message).digest("hex") !== f.messageSha256) return "message";
      if (fp.output !== f.output || fp.expected !== f.expected || fp.expectedPrime !== f.expectedPrime) return "pair answers";
    } else if (f.kind === "exactAccuracy" && cot?.retrieval) {
      const rag = model as any;
      if (typeof rag.retriever !== "function") return "no retriever";
      const row = retrievalCensus({ reduction: r, modelFor: () => rag, maxTokens: () => cot.maxTokens }, n);
      const [p, q] = row.accuracyExact.split("/").map(BigInt);
      if (BigInt(f.correct) * q !== p * BigInt(f.total) || f.total !== 2 ** n * r.queryCount(n)) return "exact accuracy";
      if (Number(row.distinctStates) !== f.distinctMessages || row.retrievalBitsMax !== f.retrievalBitsMax) return "two-way counts";
    } else if (f.kind === "exactAccuracy") {
      if (f.retrievalBitsMax !== undefined) return "retrieval bits without a retriever";
      const [row] = runCensus({ reduction: r, modelFor: () => model, cot }, [n]);
      const [p, q] = row.accuracyExact.split("/").map(BigInt);
      if (BigInt(f.correct) * q !== p * BigInt(f.total) || f.total !== 2 ** n * r.queryCount(n)) return "exact accuracy";
      if (Number(row.distinctStates) !== f.distinctMessages) return "distinct messages";
    } else if (f.kind === "accuracyBound") {
      if (f.informationBits !== r.informationBits?.(n)) return "information bits";
      if (Math.abs(1 - indexErrorLowerBound(f.informationBits, cert.M) - f.accuracyUpperBound) > 1e-9) return "bound";
    } else if (f.kind === "stateBits") {
      if (cert.model.kind !== "registry" || f.sizes.length === 0 || f.sizes[f.sizes.length - 1].n !== n) return "state sizes";
      for (const s of f.sizes) {
        if (!(s.n >= 1 && s.n <= n)) return "state size out of range";
        const at = s.n === n ? model : modelFactory(cert.model.request, r, s.n)(s.n);
        if (at.stateBits(aliceLength(r, s.n)) !== s.M) return `state bits at n = ${s.n}`;
      }
    } else return `unknown fact ${f.kind}`;
  }
  return null;
}

/** Dyck certificates: every string of length 1..n counted again by the string census. */
function falseStringFact(cert: any): string | null {
  if (cert.reduction.name !== "string" || Object.keys(cert.reduction.options).length || cert.cot !== null) return "reduction";
  const target = { task: "dyck", name: "string", vocabSize: () => 6 } as any;
  const model = modelFactory(cert.model.request, target, 1)(1);
  if (model.name !== cert.modelName || (model.format?.name ?? null) !== cert.format || model.stateBits(cert.n) !== cert.M) return "model";
  for (const f of cert.facts) {
    if (f.kind !== "languageAccuracy") return `fact ${f.kind}`;
    let correct = 0;
    let total = 0;
    for (let len = 1; len <= cert.n; len++) {
      const row = stringCensus({ model, alphabet: [0, 1, 2, 3], solve: solveDyck, answerTokens: [4, 5] }, len);
      const [p, q] = row.accuracyExact.split("/").map(Number);
      correct += (p * 4 ** len) / q;
      total += 4 ** len;
    }
    if (f.correct !== correct || f.total !== total) return "language accuracy";
  }
  return null;
}
