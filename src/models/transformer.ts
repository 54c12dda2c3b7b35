import { z } from "zod";
import { UserError } from "../util/errors.js";
import { AttentionMixer, attentionShapes } from "./_internals/attention.js";
import { blockFrom, blockShapes, normFrom, type BlockParams } from "./_internals/block.js";
import {
  checkHeads,
  checkParameterCount,
  defined,
  normEpsField,
  normField,
  parseStrict,
  size,
} from "./_internals/configFields.js";
import type { ArchitectureDescriptor, BuildContext, InitRule } from "./_internals/descriptor.js";
import { modelOps, type ModelOps } from "./_internals/modelOps.js";
import { DEFAULT_NORM_EPS, normEpsilon, normShapes, type NormKind } from "./_internals/norm.js";
import type { NamedTensors } from "./_internals/params.js";
import { DEFAULT_ROPE_BASE, RopeAngles, SinusoidalPositions } from "./_internals/positions.js";
import type { RoleFormats } from "./_internals/roleFormats.js";
import { SequenceModel } from "./_internals/sequenceModel.js";
import { StackBackbone, type AddedPositions } from "./_internals/stack.js";

/**
 * LLaMA-style decoder-only transformer (src/float/python/twins.py, docs/float.md): embedding
 * (+ learned or sinusoidal positions) → layers of pre-norm blocks [attn_norm → causal softmax
 * attention (RoPE by default) → residual; mlp_norm → SwiGLU → residual] → final_norm → readout.
 * The streaming state is the KV cache (see _internals/attention.ts) plus the last position's
 * final vector; stateBits(t) = 2⌊log₂(t+1)⌋ + 1 + (2·layers·width·t + width)·bits.
 */

const schema = z.strictObject({
  width: size,
  layers: size,
  vocabSize: size,
  heads: size.default(1),
  norm: normField.default("rmsnorm"),
  ffnSize: size.optional(),
  positions: z.enum(["rope", "sinusoidal", "learned"]).default("rope"),
  maxLen: size.optional(),
  normEps: normEpsField.default(DEFAULT_NORM_EPS),
  readoutBias: z.boolean().default(true),
  ropeBase: z.number().positive().finite().default(DEFAULT_ROPE_BASE),
  /** Twins only (the additive causal mask); the exact model sees past positions only. */
  maskValue: z.number().nullable().optional(),
});

export type TransformerConfig = z.infer<typeof schema> & { ffnSize: number };

/** Options of one attention block (shared with the hybrid's attention layer). */
export interface AttentionBlockConfig {
  readonly width: number;
  readonly heads: number;
  readonly norm: NormKind;
  readonly ffnSize: number;
}

/** Names and shapes of one transformer block under `prefix` (e.g. `layers.0`, `attn_layer`). */
export function attentionBlockShapes(prefix: string, c: AttentionBlockConfig): [string, number[]][] {
  const b = blockShapes(prefix, c.norm, c.width, { mixerNorm: "attn_norm", ffnSize: c.ffnSize });
  return [...b.mixerNorm, ...attentionShapes(`${prefix}.attn`, c.width), ...b.mlp];
}

/** One transformer block from checked tensors. */
export function attentionBlock(
  prefix: string,
  c: AttentionBlockConfig,
  tensors: NamedTensors,
  formats: RoleFormats,
  rope: RopeAngles | null,
): { params: BlockParams; mixer: AttentionMixer } {
  const params = blockFrom(tensors, prefix, c.norm, c.width, { mixerNorm: "attn_norm", ffnSize: c.ffnSize });
  const w = (n: string) => tensors[`${prefix}.attn.${n}.weight`].data;
  const mixer = new AttentionMixer(
    { wq: w("wq"), wk: w("wk"), wv: w("wv"), wo: w("wo"), width: c.width, heads: c.heads },
    (x) => formats.compute.round(x),
    rope,
  );
  return { params, mixer };
}

/** Checks shared by transformer and hybrid attention: heads divide width, RoPE needs an even head size. */
export function checkAttention(width: number, heads: number, rope: boolean, source: string): void {
  checkHeads(width, heads, source);
  if (rope && (width / heads) % 2 !== 0) {
    throw new UserError(`${source}: rope needs an even head size; width ${width} / heads ${heads} is odd`);
  }
}

/**
 * PyTorch-like seeded init: embeddings N(0,1), norm weights 1 and biases 0, Linear weights
 * U(±1/√fan_in) (the last dimension), readout.bias U(±1/√width).
 */
export function standardInitRule(name: string, shape: readonly number[], width: number): InitRule {
  if (name === "embedding.weight" || name === "positions.weight") return { kind: "normal" };
  if (/norm\.weight$/.test(name)) return { kind: "ones" };
  if (/norm\.bias$/.test(name)) return { kind: "zeros" };
  if (name === "readout.bias") return { kind: "uniform", bound: 1 / Math.sqrt(width) };
  return { kind: "uniform", bound: 1 / Math.sqrt(shape[shape.length - 1]) };
}

/** ε in the compute format and, where 1e−5 (or normEps) rounded to 0, a note for describe(). */
export function epsilonInfo(formats: RoleFormats, normEps: number): { eps: number; info: Record<string, unknown> } {
  const e = normEpsilon(formats.compute, normEps);
  return {
    eps: e.value,
    info: {
      normEpsilon: e.replaced
        ? `${e.value} (normEps ${normEps} rounds to 0 in ${formats.compute.name}: its smallest positive value instead)`
        : e.value,
    },
  };
}

function shapes(c: TransformerConfig): [string, number[]][] {
  const { width: d, vocabSize: V } = c;
  const out: [string, number[]][] = [["embedding.weight", [V, d]]];
  if (c.positions === "learned") out.push(["positions.weight", [c.maxLen!, d]]);
  for (let k = 0; k < c.layers; k++) out.push(...attentionBlockShapes(`layers.${k}`, c));
  out.push(...normShapes("final_norm", c.norm, d));
  out.push(["readout.weight", [V, d]]);
  if (c.readoutBias) out.push(["readout.bias", [V]]);
  return out;
}

function parseConfig(raw: unknown, source: string): TransformerConfig {
  const p = parseStrict(schema, raw, source);
  const c = defined({ ...p, ffnSize: p.ffnSize ?? 4 * p.width }) as TransformerConfig;
  checkAttention(c.width, c.heads, c.positions === "rope", source);
  if (c.positions !== "rope" && c.maxLen === undefined) {
    throw new UserError(`${source}: ${c.positions} positions need maxLen (the longest sequence)`);
  }
  checkParameterCount(shapes(c), source);
  return c;
}

function backbone(c: TransformerConfig, tensors: NamedTensors, ctx: BuildContext, ops: ModelOps, name: string): StackBackbone {
  const { formats } = ctx;
  const rope = c.positions === "rope" ? new RopeAngles(c.width / c.heads, c.ropeBase, formats.compute) : null;
  const positions: AddedPositions | null =
    c.positions === "learned"
      ? { kind: "learned", table: tensors["positions.weight"].data, maxLen: c.maxLen! }
      : c.positions === "sinusoidal"
        ? { kind: "sinusoidal", table: new SinusoidalPositions(c.width, formats.compute), maxLen: c.maxLen! }
        : null;
  const { eps, info } = epsilonInfo(formats, c.normEps);
  const s = formats.state;
  return new StackBackbone({
    name,
    width: c.width,
    vocabSize: c.vocabSize,
    embedding: tensors["embedding.weight"].data,
    positions,
    blocks: Array.from({ length: c.layers }, (_, k) => attentionBlock(`layers.${k}`, c, tensors, formats, rope)),
    eps,
    ops,
    toState: s === formats.compute ? (x) => x : (x) => s.round(x),
    scalarsFormula: "2·layers·width·c",
    formulaValues: { layers: c.layers },
    info,
  });
}

export const TRANSFORMER: ArchitectureDescriptor<TransformerConfig> = {
  name: "transformer",
  defaultFormat: "fp16",
  parseConfig,
  shapes,
  initRule: (name, shape, c) => standardInitRule(name, shape, c.width),
  build(c, tensors, ctx) {
    const ops = modelOps(ctx.formats.compute);
    const name = `transformer(width=${c.width},layers=${c.layers},heads=${c.heads},${c.norm},${c.positions},vocab=${c.vocabSize},${ctx.formats.compute.name})`;
    const { eps } = epsilonInfo(ctx.formats, c.normEps);
    return new SequenceModel({
      architecture: "transformer",
      name,
      config: c,
      formats: ctx.formats,
      ops,
      backbone: backbone(c, tensors, ctx, ops, name),
      finalNorm: { kind: c.norm, params: normFrom(tensors, "final_norm", c.norm), eps },
      readoutWeight: tensors["readout.weight"].data,
      readoutBias: c.readoutBias ? tensors["readout.bias"].data : null,
      vocabSize: c.vocabSize,
      tensors,
      info: {},
      provenance: ctx.provenance,
    });
  },
  backbone(c, tensors, ctx) {
    return backbone(c, tensors, ctx, modelOps(ctx.formats.compute), "transformer");
  },
};
