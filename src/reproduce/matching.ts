import type { Reduction } from "../comm/reduction.js";
import { alicePrefix, aliceLength } from "../comm/reduction.js";
import { getReduction } from "../comm/reductions/registry.js";
import { indexBound } from "../census/bound.js";
import { architectureNamed } from "../models/architectures.js";
import type { ExactModel } from "../models/_internals/descriptor.js";
import { parseRoleFormats } from "../models/_internals/roleFormats.js";
import { modelFactory, type ModelRequest } from "../models/registry.js";
import type { StreamingModel } from "../stream/model.js";
import { userError } from "../util/errors.js";

/**
 * The reviewer's setting of wen2025-matched: a Mamba and a Transformer with the same parameters
 * and the same state bits at one context length N, at one format. The Transformer is the
 * transformer-index construction at N; the Mamba's (width, dState) is chosen here so that its
 * constant state holds at least the Transformer's KV cache at N (M ≥ 2·d·b·N) with parameters as
 * close as the grid allows. Every count is read off the model the census runs.
 */

/** The Mamba dimensions the train command's twin uses (it takes --width and --d-state only). */
export const MAMBA_EXPAND = 2;
export const MAMBA_D_CONV = 4;
export const MIN_D_STATE = 2;

export interface MatchedModel {
  /** How the census names it: --model and its flags. */
  request: ModelRequest;
  architecture: string;
  config: Readonly<Record<string, unknown>>;
  /** Σ over the descriptor's tensor shapes of their products (and equal to the tensors' lengths). */
  parameters: number;
  /** M at N: stateBits after Alice's prefix, as the census counts it. */
  stateBits: number;
  /** Length of encode(state) after a real prefix of N bits: equal to stateBits. */
  encodedBits: number;
  stateBitsFormula: string;
  format: string;
}

export interface Matching {
  kind: "streambound.matching";
  task: "index";
  n: number;
  format: string;
  /** Bits per scalar of the format (b in M ≥ 2·d·b·N). */
  bitsPerScalar: number;
  transformer: MatchedModel & { source: "construction" };
  mamba: MatchedModel & { source: "trained" | "seeded (dimensions only; the plan trains these)" };
  /**
   * 2·d·b·(N − 1): the keys and values the Transformer's encoding holds after N tokens (the N-th
   * token waits as a token id, its key and value are made at the next step); the issue's
   * 2·d·b·N counts that token's pair too.
   */
  kvCacheBits: number;
  stateBitsRatio: number;
  parametersRatio: number;
  /** Lengths past the Mamba's M (M + 1 and 2M): only the bound and sampled search reach there. */
  pastM: { n: number; boundAccuracy: number }[];
}

/** Parameters of an exact model from its architecture's descriptor (shapes of its config). */
export function parameterCount(model: ExactModel): number {
  const desc = architectureNamed(model.architecture);
  if (!desc) throw new Error(`no descriptor for architecture ${model.architecture}`);
  const fromShapes = desc.shapes(model.config, architectureNamed).reduce((s, [, shape]) => s + shape.reduce((a, b) => a * b, 1), 0);
  const fromTensors = Object.values(model.tensors()).reduce((s, t) => s + t.data.length, 0);
  if (fromShapes !== fromTensors) throw new Error(`${model.name}: descriptor shapes give ${fromShapes} parameters, its tensors hold ${fromTensors}`);
  return fromShapes;
}

function isExact(m: StreamingModel<unknown>): m is ExactModel {
  return typeof (m as Partial<ExactModel>).tensors === "function" && typeof (m as Partial<ExactModel>).architecture === "string";
}

/** Counts one model at size n of the reduction: parameters, M, and the encoding's real length. */
export function countModel(request: ModelRequest, reduction: Reduction, n: number): MatchedModel {
  const model = modelFactory(request, reduction, n)(n);
  if (!isExact(model)) throw new Error(`${request.model} is not an architecture with tensors`);
  let state = model.init();
  alicePrefix(reduction, n, Uint8Array.from({ length: n }, (_, k) => k % 2)).forEach((tok, t) => (state = model.step(state, tok, t)));
  const stateBits = model.stateBits(aliceLength(reduction, n));
  const encodedBits = model.encode(state).length;
  if (encodedBits !== stateBits) throw new Error(`${model.name}: encode gives ${encodedBits} bits, stateBits ${stateBits}`);
  const info = model.describe();
  return {
    request,
    architecture: model.architecture,
    config: model.config,
    parameters: parameterCount(model),
    stateBits,
    encodedBits,
    stateBitsFormula: info.stateBitsFormula,
    format: info.format ?? request.format ?? "",
  };
}

/** Parameters of a Mamba of this shape (the descriptor's shapes) and its M from its formula. */
function mambaCounts(width: number, dState: number, vocabSize: number, bits: number): { parameters: number; stateBits: number } {
  const desc = architectureNamed("mamba")!;
  const config = desc.parseConfig({ width, layers: 1, vocabSize, dState, expand: MAMBA_EXPAND, dConv: MAMBA_D_CONV }, "matching", architectureNamed);
  const parameters = desc.shapes(config, architectureNamed).reduce((s, [, shape]) => s + shape.reduce((a, b) => a * b, 1), 0);
  const stateBits = MAMBA_EXPAND * width * (dState + MAMBA_D_CONV - 1) * bits + Math.ceil(Math.log2(vocabSize + 1));
  return { parameters, stateBits };
}

/**
 * The one-layer Mamba (expand 2, dConv 4) whose M is at least `stateBits` and at most 25 % more,
 * minimising |ln(parameter ratio)| + |ln(state-bit ratio)|; ties to the smaller M. Widths 1 … 64,
 * dState 2 … 128 (with dState 1 the selective state is one scalar per channel; the width-7,
 * dState-1 match at N = 4 trained to exact accuracy 0.95, the width-6, dState-2 one to 1).
 */
export function matchingMambaShape(target: { stateBits: number; parameters: number }, vocabSize: number, bits: number): { width: number; dState: number } {
  let best: { width: number; dState: number; score: number; M: number } | null = null;
  for (let width = 1; width <= 64; width++) {
    for (let dState = MIN_D_STATE; dState <= 128; dState++) {
      const c = mambaCounts(width, dState, vocabSize, bits);
      if (c.stateBits < target.stateBits) continue;
      if (c.stateBits > 1.25 * target.stateBits) break;
      const score = Math.abs(Math.log(c.parameters / target.parameters)) + Math.abs(Math.log(c.stateBits / target.stateBits));
      if (!best || score < best.score - 1e-12 || (Math.abs(score - best.score) <= 1e-12 && c.stateBits < best.M)) best = { width, dState, score, M: c.stateBits };
    }
  }
  if (!best) userError(`no one-layer Mamba of width ≤ 64 and dState ≤ 128 holds ${target.stateBits} bits within 25 %`);
  return { width: best.width, dState: best.dState };
}

/**
 * The matching at N and format: transformer-index at N, and either the Mamba in `mambaWeights`
 * (a trained run's weights) or a seeded Mamba of the matching shape (the dimensions to train).
 */
export function matching(o: { n: number; format: string; mambaWeights?: string }): Matching {
  const { n, format } = o;
  if (!(Number.isInteger(n) && n >= 1)) userError(`--n must be a whole number ≥ 1 (got ${n})`);
  const reduction = getReduction("index");
  const bits = parseRoleFormats(format).state.bits;
  const transformer = countModel({ model: "transformer-index", format }, reduction, n);
  const width = Number(transformer.config.width);
  const shape = matchingMambaShape(transformer, reduction.vocabSize(n), bits);
  const mambaRequest: ModelRequest = o.mambaWeights
    ? { model: "mamba", weights: o.mambaWeights, format }
    : { model: "mamba", width: shape.width, format, config: { dState: shape.dState, expand: MAMBA_EXPAND, dConv: MAMBA_D_CONV } };
  const mamba = countModel(mambaRequest, reduction, n);
  const M = mamba.stateBits;
  if (!o.mambaWeights && M !== mambaCounts(shape.width, shape.dState, reduction.vocabSize(n), bits).stateBits) {
    throw new Error(`the Mamba's M (${M}) differs from the formula the search used`);
  }
  return {
    kind: "streambound.matching",
    task: "index",
    n,
    format,
    bitsPerScalar: bits,
    transformer: { ...transformer, source: "construction" },
    mamba: { ...mamba, source: o.mambaWeights ? "trained" : "seeded (dimensions only; the plan trains these)" },
    kvCacheBits: 2 * width * bits * (n - 1),
    stateBitsRatio: M / transformer.stateBits,
    parametersRatio: mamba.parameters / transformer.parameters,
    pastM: [M + 1, 2 * M].map((k) => ({ n: k, boundAccuracy: indexBound(k, M).accuracyUpperBound })),
  };
}

/** The matching's state bits against n, as the report's state-bits plot reads them. */
export function matchingStateBits(m: Matching): { kind: "streambound.stateBits"; series: { label: string; n: number; stateBits: number }[]; matching: Matching } {
  const reduction = getReduction("index");
  const ns = [m.n, ...m.pastM.map((p) => p.n)];
  const series = ns.flatMap((n) => [
    { label: `transformer-index at ${m.format} (construction, built for each n)`, n, stateBits: n === m.n ? m.transformer.stateBits : transformerStateBits(reduction, n, m.format) },
    { label: `mamba width ${String(m.mamba.config.width)}, dState ${String(m.mamba.config.dState)} at ${m.format} (constant M)`, n, stateBits: m.mamba.stateBits },
  ]);
  return { kind: "streambound.stateBits", series, matching: m };
}

/** transformer-index's M at n (its KV cache after Alice's prefix), without running it. */
function transformerStateBits(reduction: Reduction, n: number, format: string): number {
  return modelFactory({ model: "transformer-index", format }, reduction, n)(n).stateBits(aliceLength(reduction, n));
}

/**
 * The smallest n > M(n) for a model whose M may grow with n (a vocabulary field of ⌈log₂(V + 1)⌉
 * bits): from n = M(1) + 1, step to M(n) + 1 until n > M(n).
 */
export function smallestPastM(request: ModelRequest, reduction: Reduction): { n: number; stateBits: number } {
  const M = (n: number) => modelFactory(request, reduction, n)(n).stateBits(aliceLength(reduction, n));
  let n = M(1) + 1;
  for (let k = 0; k < 64 && M(n) >= n; k++) n = M(n) + 1;
  if (M(n) >= n) throw new Error(`${request.model}: no n > M(n) found`);
  return { n, stateBits: M(n) };
}
