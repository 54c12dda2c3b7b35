import type { Format } from "../../numeric/format.js";
import { kernelOps, type KernelOps } from "./kernelOps.js";

/**
 * The operations the non-recurrent pieces (norms, attention, SwiGLU, mixers) call, all correctly
 * rounded to the compute format. Since the numeric primitives, KernelOps carries every one.
 */
export type ModelOps = KernelOps;

/** ModelOps of a format: the fast kernel ops where they exist, the format's own methods for the rest. */
export function modelOps(format: Format): ModelOps {
  return kernelOps(format);
}
