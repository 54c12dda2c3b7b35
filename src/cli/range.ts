import { userError } from "../util/errors.js";

/** Parses `--n`: `8`, `1..20`, `4,8,16` or `1..9,12` into sorted distinct sizes ≥ 1. */
export function parseSizes(text: string | number, flag = "--n", max = 1 << 20): number[] {
  const s = String(text).trim();
  const out = new Set<number>();
  const whole = (part: string): number => {
    if (!/^\d+$/.test(part)) userError(`${flag} takes sizes like 8, 1..20 or 4,8,16 (got '${s}')`);
    const v = Number(part);
    if (v < 1) userError(`${flag} sizes must be at least 1 (got '${s}')`);
    if (v > max) userError(`${flag} sizes must be at most ${max} (got '${s}')`);
    return v;
  };
  for (const part of s.split(",")) {
    const m = part.split("..");
    if (m.length === 1) out.add(whole(m[0]));
    else if (m.length === 2) {
      const lo = whole(m[0]);
      const hi = whole(m[1]);
      if (hi < lo) userError(`${flag} range ${part} runs backwards`);
      for (let v = lo; v <= hi; v++) out.add(v);
    } else userError(`${flag} takes sizes like 8, 1..20 or 4,8,16 (got '${s}')`);
  }
  return [...out].sort((a, b) => a - b);
}
