/**
 * Per preset format: one bit-exact LSTM step (width 16, 1 layer) against the same step in plain
 * float64 (lstmStepFloat64), in the same process, on the same weights and tokens. Rounds
 * alternate the two so that machine noise hits both alike, and are timed in process CPU time
 * (on a shared machine wall time also counts other processes' slices). Goal (issue 10): ≤ 3×.
 */
import { createLstm, lstmStepFloat64 } from "../src/models/lstm.js";
import { parseFormat } from "../src/numeric/index.js";

export const KERNEL_BENCH_FORMATS = ["fp32", "bf16", "fp16", "fp8e4m3fn", "fp8e5m2", "fixed:2.6"] as const;
const GOAL = 3;

export interface StepRatio {
  format: string;
  exactNs: number;
  floatNs: number;
  ratio: number;
}

/** Process CPU time in ms. */
function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

export function stepRatio(formatName: string, rounds = 40): StepRatio {
  const lstm = createLstm({ width: 16, layers: 1, format: parseFormat(formatName), vocabSize: 4, seed: 1 });
  const tokens = Array.from({ length: 2048 }, (_, k) => (k * 7919) % 4);
  const start = lstm.init();
  const timeExact = (): number => {
    let s = start;
    const a = cpuMs();
    for (const tok of tokens) s = lstm.step(s, tok, 0);
    return cpuMs() - a;
  };
  const timeFloat = (): number => {
    let s: Float64Array = new Float64Array(start);
    const a = cpuMs();
    for (const tok of tokens) s = lstmStepFloat64(lstm.params, s, tok);
    return cpuMs() - a;
  };
  for (let k = 0; k < 10; k++) {
    timeExact();
    timeFloat();
  }
  let exact = 0;
  let float = 0;
  for (let k = 0; k < rounds; k++) {
    exact += timeExact();
    float += timeFloat();
  }
  const steps = rounds * tokens.length;
  return { format: formatName, exactNs: (exact / steps) * 1e6, floatNs: (float / steps) * 1e6, ratio: exact / float };
}

export function benchKernels(): StepRatio[] {
  console.log("step per format: bit-exact LSTM step (width 16, 1 layer) / plain float64 step, same process");
  const rows = KERNEL_BENCH_FORMATS.map((name) => stepRatio(name));
  for (const r of rows) {
    const verdict = r.ratio <= GOAL ? "met" : "NOT met";
    console.log(
      `  ${r.format.padEnd(10)} ${r.ratio.toFixed(2).padStart(6)}×  (${r.exactNs.toFixed(0)} ns vs ${r.floatNs.toFixed(0)} ns per step)  goal ≤ ${GOAL}× -> ${verdict}`,
    );
  }
  return rows;
}
