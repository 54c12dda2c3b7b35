import type { ArchitectureDescriptor } from "./_internals/descriptor.js";
import { recurrentDescriptor } from "./_internals/recurrentDescriptor.js";
import { ELMAN } from "./elman.js";
import { GRU } from "./gru.js";
import { HYBRID } from "./hybrid.js";
import { LSTM } from "./lstm.js";
import { TRANSFORMER } from "./transformer.js";

/**
 * Every neural architecture the exact interpreter runs, by name: the one list the weights
 * loader, the seeded-model factory and the CLI read. Adding an architecture = its file (which
 * exports an ArchitectureDescriptor) plus one line here.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const ARCHITECTURES: readonly ArchitectureDescriptor<any>[] = [
  recurrentDescriptor(ELMAN),
  recurrentDescriptor(LSTM),
  recurrentDescriptor(GRU),
  TRANSFORMER,
  HYBRID,
];

/** The descriptor of `name`, or undefined. */
export function architectureNamed(name: string): ArchitectureDescriptor | undefined {
  return ARCHITECTURES.find((a) => a.name === name);
}

export function architectureNames(): string[] {
  return ARCHITECTURES.map((a) => a.name);
}
