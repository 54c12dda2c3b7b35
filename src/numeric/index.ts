/** src/numeric: bit-exact number formats (docs/formats.md). */
export type {
  Accumulation,
  FixedSpec,
  FloatSpec,
  Format,
  FormatSpec,
  HostSpec,
  InfNanStyle,
  OverflowPolicy,
} from "./format.js";
export { parseFormat, formatFromSpec, PRESETS, type PresetName } from "./parseFormat.js";
export { fixedFormat, type FixedOptions } from "./fixedFormat.js";
export { floatFormat, type FloatOptions } from "./floatFormat.js";
export { hostFormat } from "./hostFormat.js";
