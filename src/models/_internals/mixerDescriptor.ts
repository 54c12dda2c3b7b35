import { z } from "zod";
import { epsilonInfo, standardInitRule } from "../transformer.js";
import { blockFrom, blockShapes, normFrom } from "./block.js";
import { checkParameterCount, defined, normEpsField, normField, parseStrict, size } from "./configFields.js";
import type { ArchitectureDescriptor, BuildContext } from "./descriptor.js";
import type { MixerArchitecture, MixerConfig, MixerLayer, MixerTensors } from "./mixerArchitecture.js";
import { modelOps, type ModelOps } from "./modelOps.js";
import { DEFAULT_NORM_EPS, normShapes } from "./norm.js";
import type { NamedTensors } from "./params.js";
import { SequenceModel } from "./sequenceModel.js";
import { StackBackbone } from "./stack.js";

/**
 * The config of a mixer model as a weights file stores it: width, layers, vocabSize, norm,
 * normEps, readoutBias, the architecture's own keys and (with an MLP) ffnSize, defaults filled in.
 */
export type MixerFileConfig = Partial<MixerConfig> & Pick<MixerConfig, "width" | "layers" | "vocabSize"> & Record<string, unknown>;

const COMMON = ["width", "layers", "vocabSize", "norm", "normEps", "readoutBias"] as const;

function keysOf(arch: MixerArchitecture): (keyof MixerConfig)[] {
  return [...COMMON, ...arch.ownKeys, ...(arch.hasMlp ? (["ffnSize"] as const) : [])];
}

/** Every key filled in (keys the architecture does not read are 0), for its own methods. */
function full(arch: MixerArchitecture, c: MixerFileConfig, source: string): MixerConfig {
  const base: MixerConfig = {
    width: c.width,
    layers: c.layers,
    vocabSize: c.vocabSize,
    norm: c.norm ?? "rmsnorm",
    normEps: c.normEps ?? DEFAULT_NORM_EPS,
    readoutBias: c.readoutBias ?? true,
    heads: 1,
    ffnSize: arch.hasMlp ? (c.ffnSize ?? 4 * c.width) : 0,
    dState: 0,
    dConv: 0,
    expand: 0,
    dtRank: 0,
  };
  return arch.resolve(base, c, source);
}

/** Tensor names and shapes of a whole mixer model, in state_dict order. */
export function mixerShapes(arch: MixerArchitecture, c: MixerConfig): [string, number[]][] {
  const out: [string, number[]][] = [["embedding.weight", [c.vocabSize, c.width]]];
  for (let k = 0; k < c.layers; k++) {
    const b = blockShapes(`layers.${k}`, c.norm, c.width, { mixerNorm: "norm", ffnSize: arch.hasMlp ? c.ffnSize : 0 });
    out.push(...b.mixerNorm);
    for (const [name, shape] of arch.shapes(c)) out.push([`layers.${k}.mixer.${name}`, shape]);
    out.push(...b.mlp);
  }
  out.push(...normShapes("final_norm", c.norm, c.width));
  out.push(["readout.weight", [c.vocabSize, c.width]]);
  if (c.readoutBias) out.push(["readout.bias", [c.vocabSize]]);
  return out;
}

function backbone(arch: MixerArchitecture, fc: MixerFileConfig, tensors: NamedTensors, ctx: BuildContext, ops: ModelOps, name: string): StackBackbone {
  const c = full(arch, fc, ctx.source);
  const { formats } = ctx;
  const { eps, info } = epsilonInfo(formats, c.normEps);
  const s = formats.state;
  const mixers: MixerLayer[] = [];
  const blocks = Array.from({ length: c.layers }, (_, k) => {
    const prefix = `layers.${k}.mixer.`;
    const t: Record<string, Float64Array> = {};
    for (const [n] of arch.shapes(c)) t[n] = tensors[prefix + n].data;
    const mixer = arch.build(t as MixerTensors, c, ops, formats.compute);
    mixers.push(mixer);
    return { params: blockFrom(tensors, `layers.${k}`, c.norm, c.width, { mixerNorm: "norm", ffnSize: arch.hasMlp ? c.ffnSize : 0 }), mixer };
  });
  return new StackBackbone({
    name,
    width: c.width,
    vocabSize: c.vocabSize,
    embedding: tensors["embedding.weight"].data,
    positions: null,
    blocks,
    eps,
    ops,
    toState: s === formats.compute ? (x) => x : (x) => s.round(x),
    scalarsFormula: `layers·${arch.memoryFormula}`,
    formulaValues: { layers: c.layers, ...arch.formulaValues(c) },
    info: { ...info, ...(mixers[0].describe ? mixers[0].describe() : {}) },
  });
}

/**
 * The ArchitectureDescriptor of a mixer model (the twin's `Twin` with a mixer backbone):
 * embedding → `layers` pre-norm residual blocks [norm → mixer → residual; (MLP) mlp_norm →
 * SwiGLU → residual] → final_norm → readout, served by SequenceModel over a StackBackbone: the
 * state is every layer's mixer memory over the tokens but the last, plus the last token,
 * stateBits = layers·scalars·bits + ⌈log₂(V + 1)⌉ for every t. See docs/models.md.
 */
export function mixerDescriptor(arch: MixerArchitecture): ArchitectureDescriptor<MixerFileConfig> {
  const shape: Record<string, z.ZodTypeAny> = {
    width: size,
    layers: size,
    vocabSize: size,
    norm: normField.default("rmsnorm"),
    normEps: normEpsField.default(DEFAULT_NORM_EPS),
    readoutBias: z.boolean().default(true),
  };
  for (const k of [...arch.ownKeys, ...(arch.hasMlp ? ["ffnSize"] : []), ...arch.inertKeys]) shape[k] = size.optional();
  const schema = z.strictObject(shape);
  const keep = keysOf(arch);
  INERT.set(arch.name, arch.inertKeys);
  return {
    name: arch.name,
    defaultFormat: "fp16",
    parseConfig(raw, source) {
      const given = parseStrict(schema, raw, source) as MixerFileConfig;
      const c = full(arch, given, source);
      checkParameterCount(mixerShapes(arch, c), source);
      return defined(Object.fromEntries(keep.map((k) => [k, c[k]]))) as MixerFileConfig;
    },
    shapes: (c) => mixerShapes(arch, full(arch, c, arch.name)),
    initRule(name, shape, c) {
      const m = /^layers\.\d+\.mixer\.(.+)$/.exec(name);
      return m ? arch.initRule(m[1], shape, full(arch, c, arch.name)) : standardInitRule(name, shape, c.width);
    },
    build(c, tensors, ctx) {
      const ops = modelOps(ctx.formats.compute);
      const name = `${arch.name}(width=${c.width},layers=${c.layers},vocab=${c.vocabSize},${ctx.formats.compute.name})`;
      const { eps } = epsilonInfo(ctx.formats, c.normEps ?? DEFAULT_NORM_EPS);
      const norm = c.norm ?? "rmsnorm";
      return new SequenceModel({
        architecture: arch.name,
        name,
        config: c,
        formats: ctx.formats,
        ops,
        backbone: backbone(arch, c, tensors, ctx, ops, name),
        finalNorm: { kind: norm, params: normFrom(tensors, "final_norm", norm), eps },
        readoutWeight: tensors["readout.weight"].data,
        readoutBias: c.readoutBias === false ? null : tensors["readout.bias"].data,
        vocabSize: c.vocabSize,
        tensors,
        info: {},
        provenance: ctx.provenance,
      });
    },
    backbone: (c, tensors, ctx) => backbone(arch, c, tensors, ctx, modelOps(ctx.formats.compute), arch.name),
  };
}

const INERT = new Map<string, readonly string[]>();

/**
 * Config keys architecture `name` accepts but ignores (MixerArchitecture.inertKeys): the CLI
 * refuses them as flags, where they do not apply.
 */
export function inertConfigKeys(name: string): readonly string[] {
  return INERT.get(name) ?? [];
}
