/**
 * Bench rows of the sequence mixers: one bit-exact step (width 16, one layer, seeded weights)
 * against the same step over the same weights in plain float64 (the fp64 host format: native
 * double operations), in the same process, interleaved in rounds so machine noise hits both.
 */
import { performance } from "node:perf_hooks";
import { createModel } from "../src/models/createModel.js";
import { modelFromTensors } from "../src/models/weights/modelFromTensors.js";
import { hostFormat } from "../src/numeric/hostFormat.js";
import { parseFormat } from "../src/numeric/index.js";
import type { StreamingModel } from "../src/stream/model.js";

const ARCHS = ["mamba", "linear-attention", "diagonal-rnn", "retnet"] as const;

function timeSteps(model: StreamingModel<unknown>, tokens: readonly number[]): number {
  let s = model.init();
  const a = performance.now();
  for (let t = 0; t < tokens.length; t++) s = model.step(s, tokens[t], t);
  return performance.now() - a;
}

/** Prints one row per architecture and format: exact ns/step, float64 ns/step, their ratio. */
export function benchMixers(rounds = 10, steps = 256): void {
  const tokens = Array.from({ length: steps }, (_, k) => (k * 7919) % 4);
  for (const arch of ARCHS) {
    for (const format of ["fixed:4.12", "bf16"]) {
      const exact = createModel(arch, { width: 16, layers: 1, vocabSize: 4 }, parseFormat(format), 1) as StreamingModel<unknown> & {
        config: Record<string, unknown>;
        tensors(): Parameters<typeof modelFromTensors>[2];
      };
      const plain = modelFromTensors(arch, exact.config, exact.tensors(), hostFormat(), "bench").model;
      timeSteps(exact, tokens.slice(0, 32));
      timeSteps(plain, tokens.slice(0, 32));
      let e = 0;
      let p = 0;
      for (let k = 0; k < rounds; k++) {
        e += timeSteps(exact, tokens);
        p += timeSteps(plain, tokens);
      }
      const per = (ms: number) => ((ms / (rounds * steps)) * 1e6).toFixed(0);
      console.log(`step: ${arch} width 16, 1 layer, ${format}: bit-exact ${per(e)} ns vs float64 ${per(p)} ns per step, ratio ${(e / p).toFixed(1)}`);
    }
  }
}
