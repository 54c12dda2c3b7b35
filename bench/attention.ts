/**
 * Attention's zero-skipping path against the term-by-term loop (ratios measured in one run,
 * interleaved; the machine is noisy). One prefix run through a transformer's blocks
 *  a. with its KernelOps flagged zeroSkipExact = neverRaises = false (the term-by-term loop),
 *  b. with its own KernelOps (zero skipping; every block's output still computed),
 *  c. by the model's own step (zero skipping, the last block's output only where read),
 * on transformer-nn at n = BENCH_NN_N (64; sparse weights, as constructions have them) and on a
 * seeded dense transformer (width 32, 2 layers, 2 heads, 600 tokens) at fp32 and bf16. The three
 * must end in the same logits, or the bench fails.
 */
import { performance } from "node:perf_hooks";
import { createModel } from "../src/models/createModel.js";
import { transformerNn } from "../src/models/constructions/transformerNn.js";
import { nnReduction } from "../src/comm/reductions/nn.js";
import { blockStep } from "../src/models/_internals/block.js";
import type { ModelOps } from "../src/models/_internals/modelOps.js";
import { SequenceModel, type SequenceState } from "../src/models/_internals/sequenceModel.js";
import { StackBackbone } from "../src/models/_internals/stack.js";
import { parseRoleFormats } from "../src/models/_internals/roleFormats.js";
import type { ExactModel } from "../src/models/_internals/descriptor.js";

/** The backbone's step written out over `ops`, every block's output computed; the state SequenceModel keeps. */
function runBlocks(model: SequenceModel, ops: ModelOps, tokens: readonly number[]): SequenceState {
  const backbone = model.backbone as StackBackbone;
  const { eps, toState } = backbone.runtime;
  let mem = backbone.init();
  for (let p = 0; p + 1 < tokens.length; p++) {
    let x = backbone.embed(tokens[p], p);
    mem = mem.map((seg, k) => {
      const b = backbone.blocks[k];
      const r = blockStep(ops, b.params, b.mixer, seg, x, eps, toState);
      x = r.y;
      return r.state;
    });
  }
  return { mem, pending: tokens[tokens.length - 1] };
}

function runModel(model: ExactModel, tokens: readonly number[]): unknown {
  let s = model.init();
  tokens.forEach((tok, t) => (s = model.step(s, tok, t)));
  return s;
}

function row(label: string, model: ExactModel, tokens: readonly number[]): void {
  const m = model as unknown as SequenceModel;
  const ops = (m.backbone as StackBackbone).runtime.ops;
  const inOrder = Object.create(ops, { zeroSkipExact: { value: false }, neverRaises: { value: false } }) as ModelOps;
  const ms = { a: Infinity, b: Infinity, c: Infinity };
  const logits: Record<string, string> = {};
  for (let k = 0; k < 2; k++) {
    for (const [key, run] of [
      ["a", () => runBlocks(m, inOrder, tokens)],
      ["b", () => runBlocks(m, ops, tokens)],
      ["c", () => runModel(model, tokens)],
    ] as const) {
      const t0 = performance.now();
      const s = run();
      ms[key] = Math.min(ms[key], performance.now() - t0);
      logits[key] = Array.from(model.logits(s as never)).join(",");
    }
  }
  if (logits.a !== logits.b || logits.a !== logits.c) throw new Error(`${label}: the three runs disagree: ${JSON.stringify(logits)}`);
  console.log(
    `${label.padEnd(38)} T=${String(tokens.length).padStart(5)}  in order ${ms.a.toFixed(0).padStart(6)} ms  ` +
      `zero skipping ${ms.b.toFixed(0).padStart(6)} ms (${(ms.a / ms.b).toFixed(2)}×)  model step ${ms.c.toFixed(0).padStart(6)} ms (${(ms.a / ms.c).toFixed(2)}×)`,
  );
}

export function benchAttention(): void {
  const n = Number(process.env.BENCH_NN_N ?? 64);
  const reduction = nnReduction({});
  const x = Array.from({ length: n }, (_, j) => (j * 7) % 3 === 0 ? 1 : 0);
  const nnTokens = [...x.flatMap((b, j) => reduction.block(n, j, b)), ...reduction.suffix(n, 3)];
  row(`transformer-nn n=${n} fp32`, transformerNn({ n }), nnTokens);
  const dense = Array.from({ length: 600 }, (_, k) => (k * 7919) % 20);
  for (const format of ["fp32", "bf16"]) {
    const model = createModel("transformer", { width: 32, layers: 2, vocabSize: 20, heads: 2, positions: "learned", maxLen: 600 }, parseRoleFormats(format), 1);
    row(`dense transformer w=32 L=2 ${format}`, model, dense);
  }
}
