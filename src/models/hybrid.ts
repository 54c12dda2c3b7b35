import { z } from "zod";
import { UserError } from "../util/errors.js";
import { blockStepDeferred, normFrom } from "./_internals/block.js";
import { checkParameterCount, defined, normEpsField, normField, parseStrict, size } from "./_internals/configFields.js";
import type { ArchitectureDescriptor, Backbone, BuildContext } from "./_internals/descriptor.js";
import { modelOps } from "./_internals/modelOps.js";
import { applyNorm, DEFAULT_NORM_EPS, normShapes, type NormKind } from "./_internals/norm.js";
import type { NamedTensors } from "./_internals/params.js";
import { DEFAULT_ROPE_BASE, RopeAngles } from "./_internals/positions.js";
import { SequenceModel } from "./_internals/sequenceModel.js";
import { attentionBlock, attentionBlockShapes, checkAttention, epsilonInfo, standardInitRule } from "./transformer.js";

/**
 * Hybrid: a recurrent base (any registered architecture with a backbone: elman, lstm, gru, and
 * the mixer stacks) under one transformer block with RoPE at the end, named `attn_layer.*`.
 * Order (finalNormBeforeAttention false, the default): base → attn_layer → final_norm → readout;
 * true (rnn-icrag): base → final_norm → attn_layer → readout. The state is the base's state plus
 * that block's KV cache plus the last final vector:
 * stateBits(t) = 2⌊log₂(t+1)⌋ + 1 + (base scalars + 2·width·t + width)·bits.
 */

/** Keys of the hybrid itself; every other key is the base's. */
const hybridSchema = z.object({
  width: size,
  layers: size,
  vocabSize: size,
  base: z.string().default("mamba"),
  heads: size.default(1),
  norm: normField.default("rmsnorm"),
  ffnSize: size.optional(),
  normEps: normEpsField.default(DEFAULT_NORM_EPS),
  readoutBias: z.boolean().default(true),
  ropeBase: z.number().positive().finite().default(DEFAULT_ROPE_BASE),
  finalNormBeforeAttention: z.boolean().default(false),
  maskValue: z.number().nullable().optional(),
});

const HYBRID_KEYS = new Set(Object.keys(hybridSchema.shape));
/** Keys an RNN base does not read (its twin is nn.RNN/LSTM/GRU); a mixer base shares them. */
const ATTENTION_ONLY_FOR_RNN = ["heads", "norm", "ffnSize", "normEps"];
const RNN_BASES = ["elman", "lstm", "gru"];
/** Keys of a parsed base config that the hybrid owns (or that mean nothing under it). */
const NOT_BASE_KEYS = new Set(["width", "layers", "vocabSize", ...ATTENTION_ONLY_FOR_RNN, "readoutBias", "ropeBase", "maskValue"]);

export interface HybridConfig extends Record<string, unknown> {
  width: number;
  layers: number;
  vocabSize: number;
  base: string;
  heads: number;
  norm: NormKind;
  ffnSize: number;
  normEps: number;
  readoutBias: boolean;
  ropeBase: number;
  finalNormBeforeAttention: boolean;
  maskValue?: number | null;
  /** The base's own keys (inputSize, nonlinearity, dState, …), validated by the base. */
  baseConfig: Record<string, unknown>;
}

function baseDescriptor(name: string, lookup: BuildContext["lookup"], source: string): ArchitectureDescriptor {
  if (name === "hybrid") throw new UserError(`${source}: a hybrid's base cannot itself be a hybrid`);
  if (name === "transformer") throw new UserError(`${source}: a hybrid's base must be recurrent; transformer is not`);
  const d = lookup(name);
  if (!d) throw new UserError(`${source}: unknown hybrid base '${name}'`);
  if (!d.backbone) throw new UserError(`${source}: ${name} cannot be a hybrid's base`);
  return d;
}

function parseConfig(raw: unknown, source: string, lookup: BuildContext["lookup"]): HybridConfig {
  if (!raw || typeof raw !== "object" || Array.isArray(raw)) throw new UserError(`${source}: expected an object`);
  const obj = raw as Record<string, unknown>;
  const own = Object.fromEntries(Object.entries(obj).filter(([k]) => HYBRID_KEYS.has(k)));
  const rest = Object.fromEntries(Object.entries(obj).filter(([k]) => !HYBRID_KEYS.has(k)));
  const p = parseStrict(hybridSchema, own, source);
  const base = baseDescriptor(p.base, lookup, source);
  const shared = RNN_BASES.includes(p.base) ? {} : defined({ heads: obj.heads, norm: obj.norm, ffnSize: obj.ffnSize, normEps: obj.normEps });
  const baseRaw = { width: p.width, layers: p.layers, vocabSize: p.vocabSize, ...shared, ...rest };
  const parsedBase = base.parseConfig(baseRaw, `${source} (base ${p.base})`, lookup) as Record<string, unknown>;
  const baseConfig = Object.fromEntries(Object.entries(parsedBase).filter(([k]) => !NOT_BASE_KEYS.has(k)));
  const c: HybridConfig = defined({ ...p, ffnSize: p.ffnSize ?? 4 * p.width, baseConfig }) as HybridConfig;
  checkAttention(c.width, c.heads, true, source);
  checkParameterCount(shapes(c, lookup), source);
  return c;
}

function baseConfigOf(c: HybridConfig): Record<string, unknown> {
  const shared = RNN_BASES.includes(c.base) ? {} : { heads: c.heads, norm: c.norm, ffnSize: c.ffnSize, normEps: c.normEps };
  return { width: c.width, layers: c.layers, vocabSize: c.vocabSize, ...shared, ...c.baseConfig };
}

function shapes(c: HybridConfig, lookup: BuildContext["lookup"]): [string, number[]][] {
  const base = baseDescriptor(c.base, lookup, "hybrid");
  const baseShapes = base
    .shapes(base.parseConfig(baseConfigOf(c), "hybrid base", lookup), lookup)
    .filter(([n]) => !n.startsWith("final_norm.") && !n.startsWith("readout."));
  return [
    ...baseShapes,
    ...attentionBlockShapes("attn_layer", c),
    ...normShapes("final_norm", c.norm, c.width),
    ["readout.weight", [c.vocabSize, c.width]],
    ...(c.readoutBias ? ([["readout.bias", [c.vocabSize]]] as [string, number[]][]) : []),
  ];
}

function compose(c: HybridConfig, tensors: NamedTensors, ctx: BuildContext): Backbone {
  const baseDesc = baseDescriptor(c.base, ctx.lookup, ctx.source);
  const base = baseDesc.backbone!(baseDesc.parseConfig(baseConfigOf(c), "hybrid base", ctx.lookup), tensors, ctx);
  const { formats } = ctx;
  const ops = modelOps(formats.compute);
  const rope = new RopeAngles(c.width / c.heads, c.ropeBase, formats.compute);
  const block = attentionBlock("attn_layer", c, tensors, formats, rope);
  const { eps } = epsilonInfo(formats, c.normEps);
  const finalNorm = normFrom(tensors, "final_norm", c.norm);
  const s = formats.state;
  const toState = s === formats.compute ? (x: number) => x : (x: number) => s.round(x);
  const nb = base.segmentLengths(0).length;
  return {
    width: c.width,
    grows: true,
    segmentLengths: (t) => [...base.segmentLengths(t), block.mixer.stateLength(t)],
    position: (state) => block.mixer.position(state[nb]),
    init: () => [...base.init(), block.mixer.init()],
    step(state, token) {
      const b = base.step(state.slice(0, nb), token);
      const x = c.finalNormBeforeAttention ? applyNorm(ops, c.norm, finalNorm, b.hidden, eps) : b.hidden;
      // The attention layer's output is the hidden vector, read only where logits are.
      const r = blockStepDeferred(ops, block.params, block.mixer, state[nb], x, eps, toState);
      return {
        state: [...b.state, r.state],
        get hidden() {
          return r.y;
        },
      };
    },
    scalarsFormula: `${base.scalarsFormula} + 2·width·c`,
    formulaValues: base.formulaValues,
    info: { ...base.info },
  };
}

export const HYBRID: ArchitectureDescriptor<HybridConfig> = {
  name: "hybrid",
  defaultFormat: "fp16",
  parseConfig,
  shapes,
  initRule(name, shape, c) {
    if (name.startsWith("attn_layer.") || name.startsWith("final_norm.") || name.startsWith("readout.")) {
      return standardInitRule(name, shape, c.width);
    }
    return RNN_BASES.includes(c.base)
      ? name === "embedding.weight"
        ? { kind: "normal" }
        : { kind: "uniform", bound: 1 / Math.sqrt(c.width) }
      : standardInitRule(name, shape, c.width);
  },
  build(c, tensors, ctx) {
    const ops = modelOps(ctx.formats.compute);
    const { eps, info } = epsilonInfo(ctx.formats, c.normEps);
    const name = `hybrid(base=${c.base},width=${c.width},layers=${c.layers},heads=${c.heads},${c.norm},vocab=${c.vocabSize},${ctx.formats.compute.name})`;
    const config = { ...Object.fromEntries(Object.entries(c).filter(([k]) => k !== "baseConfig")), ...c.baseConfig };
    return new SequenceModel({
      architecture: "hybrid",
      name,
      config,
      formats: ctx.formats,
      ops,
      backbone: compose(c, tensors, ctx),
      finalNorm: c.finalNormBeforeAttention ? null : { kind: c.norm, params: normFrom(tensors, "final_norm", c.norm), eps },
      readoutWeight: tensors["readout.weight"].data,
      readoutBias: c.readoutBias ? tensors["readout.bias"].data : null,
      vocabSize: c.vocabSize,
      tensors,
      info,
      provenance: ctx.provenance,
    });
  },
};
