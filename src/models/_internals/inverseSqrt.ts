import type { Format } from "../../numeric/format.js";
import { splitDouble } from "../../numeric/_internals/bits.js";

/** Sign of m²·n − 1 for a finite double m ≥ 0, exactly (BigInt). */
function compareSquareTimes(m: number, n: number): number {
  if (m === 0) return -1;
  const { m: M, e } = splitDouble(m);
  const lhs = M * M * BigInt(n);
  const exp = 2 * e;
  const l = exp >= 0 ? lhs << BigInt(exp) : lhs;
  const r = exp >= 0 ? 1n : 1n << BigInt(-exp);
  return l > r ? 1 : l < r ? -1 : 0;
}

/**
 * 1/√n correctly rounded to the format (round half to even), for a whole n ≥ 1 that need not be
 * a value of the format (d_h = 4 is not one of fixed:2.6): the double's rounding, checked against
 * the midpoints to its neighbours exactly and moved where needed. 1/√n is never a midpoint
 * (it is irrational unless n is a square, and 1/k is dyadic only for k a power of two, when it
 * is a value or below the smallest one).
 */
export function inverseSqrtOfCount(format: Format, n: number): number {
  if (format.spec.kind === "host") return 1 / Math.sqrt(n);
  const neighbour = (c: number, dir: 1 | -1): number | null => {
    if (dir === 1 && c >= format.maxFinite) return null;
    if (dir === -1 && c <= 0) return null;
    const code = format.encode(c);
    const next = typeof code === "bigint" ? format.decode(code + BigInt(dir)) : format.decode(code + dir);
    return Number.isFinite(next) ? next : null;
  };
  let c = format.round(1 / Math.sqrt(n));
  if (c < 0 || Object.is(c, -0)) c = 0;
  for (let guard = 0; guard < 4; guard++) {
    const up = neighbour(c, 1);
    const down = neighbour(c, -1);
    // v > (c + up)/2 ⇔ ((c + up)/2)²·n < 1 : move up
    if (up !== null && compareSquareTimes((c + up) / 2, n) < 0) c = up;
    else if (down !== null && compareSquareTimes((c + down) / 2, n) > 0) c = down;
    else return c;
  }
  throw new Error(`internal: 1/√${n} did not settle in ${format.name}`);
}
