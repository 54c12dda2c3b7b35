import { parseFormat } from "../../numeric/parseFormat.js";
import { UserError } from "../../util/errors.js";

/**
 * Config checks that JSON.parse cannot make: `"width": 4.0` parses to the integer 4, yet the
 * PyTorch worker (Python's json) reads a float and fails. An integer field must be written as
 * an integer, here and in src/float/python/weights_io.py (the same key list), so both sides
 * accept and refuse the same files.
 */
export const INTEGER_CONFIG_KEYS = ["width", "layers", "vocabSize", "inputSize", "heads", "ffnSize", "maxLen", "dState", "dConv", "expand", "dtRank"] as const;

const NUMBER = String.raw`-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?`;
const INTEGER_FIELD = new RegExp(String.raw`"(${INTEGER_CONFIG_KEYS.join("|")})"\s*:\s*(${NUMBER})`, "g");

const SHAPE_FIELD = /"shape"\s*:\s*\[([^\]]*)\]/g;

/**
 * Throws a one-line UserError when an integer config field (or, in a JSON weights file, a
 * tensor's shape entry) is written with a fraction or exponent.
 */
export function checkIntegerLiterals(text: string, where: string): void {
  for (const m of text.matchAll(INTEGER_FIELD)) {
    if (!/^-?\d+$/.test(m[2])) throw new UserError(`${where}: config.${m[1]} must be an integer (got ${m[2]})`);
  }
  for (const m of text.matchAll(SHAPE_FIELD)) {
    const bad = m[1].split(",").find((d) => d.trim() !== "" && !/^\s*\d+\s*$/.test(d));
    if (bad !== undefined) throw new UserError(`${where}: a tensor shape must hold integers (got ${bad.trim()})`);
  }
}

/** config.format, when present, must be a format streambound knows (`fp7` is not). */
export function checkSavedFormat(config: unknown, where: string): void {
  if (typeof config !== "object" || config === null || !("format" in config)) return;
  const f = (config as { format: unknown }).format;
  if (typeof f !== "string") throw new UserError(`${where}: config.format must be a format name (got ${JSON.stringify(f)})`);
  try {
    parseFormat(f);
  } catch (e) {
    throw new UserError(`${where}: config.format ${JSON.stringify(f)} is not a number format (${(e as Error).message.split("\n")[0].slice(0, 120)})`);
  }
}
