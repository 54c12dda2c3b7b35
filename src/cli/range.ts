import { userError } from "../util/errors.js";

/**
 * Parses `--n`: `8`, `1..20` (every integer), `8..1024x2` (geometric: 8, 16, …, each K times the
 * last, up to 1024), `4,8,16`, or a comma list of these, into sorted distinct sizes ≥ 1.
 */
export function parseSizes(text: string | number, flag = "--n", max = 1 << 20): number[] {
  const s = String(text).trim();
  const out = new Set<number>();
  const usage = `${flag} takes sizes like 8, 1..20, 8..1024x2 or 4,8,16 (got '${s}')`;
  const whole = (part: string): number => {
    if (!/^\d+$/.test(part)) userError(usage);
    const v = Number(part);
    if (v < 1) userError(`${flag} sizes must be at least 1 (got '${s}')`);
    if (v > max) userError(`${flag} sizes must be at most ${max} (got '${s}')`);
    return v;
  };
  for (const part of s.split(",")) {
    const m = part.split("..");
    if (m.length === 1) out.add(whole(m[0]));
    else if (m.length === 2) {
      const upper = m[1].split("x");
      if (upper.length > 2) userError(usage);
      const [top, ratioText] = upper;
      const lo = whole(m[0]);
      const hi = whole(top);
      if (hi < lo) userError(`${flag} range ${part} runs backwards`);
      if (ratioText === undefined) for (let v = lo; v <= hi; v++) out.add(v);
      else {
        if (!/^\d+$/.test(ratioText) || Number(ratioText) < 2) userError(`${flag} range ${part}: the factor after x must be a whole number ≥ 2`);
        for (let v = lo; v <= hi; v *= Number(ratioText)) out.add(v);
      }
    } else userError(usage);
  }
  return [...out].sort((a, b) => a - b);
}
