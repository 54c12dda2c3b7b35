import type { Format } from "../../numeric/format.js";
import { kernelOps, type KernelOps } from "./kernelOps.js";

/**
 * The operations the shared pieces (norms, attention, SwiGLU) call, each correctly rounded to
 * the compute format: KernelOps, which carries every Format operation a model needs.
 */
export type ModelOps = KernelOps;

/** ModelOps of a format: the fast kernel ops where they exist, the format's own methods otherwise. */
export function modelOps(format: Format): ModelOps {
  return kernelOps(format);
}
