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
import { isDyckWord, solveDyck } from "../../../src/tasks/dyck.js";
import { GADGET_ANSWERS, gadgetGame, partitionProtocol } from "../../../src/comm/transformerPartitionGame.js";
import { OneLayerPartitionView } from "../../../src/models/transformerPartition.js";
import { predict } from "../../../src/stream/model.js";

/**
 * Re-derives every fact a certificate states without the verifier: the model rebuilt from the
 * registry, fooling pairs replayed by the census's own replay, exact accuracies by an
 * exhaustive census, the bound by the census's H₂⁻¹. Returns the first false fact, or null.
 */
export function falseFact(cert: any, supplied?: StreamingModel<unknown>): string | null {
  if (cert.reduction.task === "dyck") return falseStringFact(cert);
  if (cert.reduction.name === "dyck-gadget") return falseGadgetFact(cert);
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

/**
 * One-layer Transformer game certificates: M from the config (H·(d_h+2)·p), DISJ by its own loop,
 * membership by isDyckWord on the gadget written out here, the pair by both partition-order runs.
 */
function falseGadgetFact(cert: any): string | null {
  if (cert.reduction.task !== "disjointness" || Object.keys(cert.reduction.options).length || cert.cot !== null) return "reduction";
  const n: number = cert.n;
  const model = modelFactory(cert.model.request, { task: "disjointness", name: "dyck-gadget", vocabSize: () => 7 } as any, n)(n) as any;
  if (model.name !== cert.modelName || (model.format?.name ?? null) !== cert.format) return "model";
  const heads = model.config.heads as number;
  if ((model.config.layers as number) !== 1) return "layers";
  if (heads * ((model.config.width as number) / heads + 2) * model.formats.compute.bits !== cert.M) return "M";
  const disj = (x: string, y: string) => ([...x].some((c, j) => c === "1" && y[j] === "1") ? 4 : 5);
  const kinds = cert.facts.map((f: any) => f.kind).join(",");
  if (cert.claim === "transformer1-lower" && kinds !== "partitionFoolingPair") return "facts";
  if (cert.claim === "dyck-transformer-lower" && kinds !== "gadgetMembership,partitionFoolingPair") return "facts";
  for (const f of cert.facts) {
    if (f.kind === "gadgetMembership") {
      let agree = 0;
      for (let a = 0; a < 2 ** n; a++) {
        for (let b = 0; b < 2 ** n; b++) {
          const word: number[] = [];
          for (let j = 0; j < n; j++) {
            const [xj, yj] = [(a >> j) & 1, (b >> j) & 1];
            word.push(xj ? 2 : 0, ...(yj ? [1, 0] : [0, 1]), xj ? 3 : 1);
          }
          if (isDyckWord(word) === ([...Array(n).keys()].every((j) => !(((a >> j) & 1) && ((b >> j) & 1))))) agree++;
        }
      }
      if (f.total !== 4 ** n || f.agree !== agree || (cert.claim === "dyck-transformer-lower" && agree !== f.total)) return "membership";
    } else if (f.kind === "partitionFoolingPair") {
      if (f.x.length !== n || f.xPrime.length !== n || f.y.length !== n || f.x === f.xPrime) return "pair inputs";
      const protocol = partitionProtocol(model, n);
      const x = parseBits(f.x);
      const xPrime = parseBits(f.xPrime);
      const y = parseBits(f.y);
      if (protocol.send(x) !== f.message || protocol.send(xPrime) !== f.message) return "message";
      if (createHash("sha256").update(f.message).digest("hex") !== f.messageSha256) return "message hash";
      if (disj(f.x, f.y) !== f.expected || disj(f.xPrime, f.y) !== f.expectedPrime || f.expected === f.expectedPrime) return "pair answers";
      const view = OneLayerPartitionView.of(model);
      for (const bits of [x, xPrime]) {
        const g = gadgetGame(bits, y);
        if (predict(view.partitionOrderLogits(g.tokens, g.alice), GADGET_ANSWERS) !== f.output) return "pair output";
      }
    } else return `fact ${f.kind}`;
  }
  return null;
}
