/** The small formats every exhaustive test walks: implementation name ↔ oracle spec. */
import { fixedSpec, floatSpec, TableFormat, type OracleSpec } from "./tableFormat.js";

export const SMALL: ReadonlyArray<readonly [string, OracleSpec]> = [
  ["fixed:3.4", fixedSpec(3, 4)],
  ["fixed:3.4:ovf=error", fixedSpec(3, 4, "error")],
  ["float:3.2", floatSpec(3, 2)],
  ["float:3.2:sub=off", floatSpec(3, 2, { sub: false })],
  ["float:3.2:ovf=saturate", floatSpec(3, 2, { ovf: "saturate" })],
  ["float:4.3", floatSpec(4, 3)],
  ["fp8e4m3fn", floatSpec(4, 3, { fn: true, ovf: "nan" })],
  ["fp8e5m2", floatSpec(5, 2)],
  // extreme biases push these off the double fast path onto the exact BigInt kernel
  ["float:3.2:bias=-600", floatSpec(3, 2, { bias: -600 })],
  ["float:4.3:bias=1000:nan=fn:ovf=saturate", floatSpec(4, 3, { bias: 1000, fn: true, ovf: "saturate" })],
];

const tables = new Map<string, TableFormat>();
export function table(spec: OracleSpec): TableFormat {
  const key = JSON.stringify(spec);
  let t = tables.get(key);
  if (!t) tables.set(key, (t = new TableFormat(spec)));
  return t;
}
