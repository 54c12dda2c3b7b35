/**
 * The smallest precision at which a construction is correct (issue 8 item 2). p is the total
 * bits per scalar of one format used for every role: for `fixed`, p = I + F with I the least
 * integer bits that hold the construction's range and F searched; for `float`, p = 1 + E + M
 * with E the least exponent bits for the range and M ≥ 1 searched. Correctness need not be
 * monotone in p, so the answer at n is the smallest p such that p, p + 1 and p + 2 all pass;
 * every smaller p that passes is reported as non-monotone. At p − 1 one failing input is kept.
 * A fit p ≈ a + b·log₂ n over the sizes summarises the growth (least squares).
 */
import type { Format } from "../../numeric/format.js";
import { parseFormat } from "../../numeric/parseFormat.js";
import type { StreamingModel } from "../../stream/model.js";
import { userError } from "../../util/errors.js";

export type PrecisionFamily = "fixed" | "float";

/** One input a subject checks: run it, and say what went wrong (null when right). */
export type PrecisionCase = (model: StreamingModel<unknown>) => string | null;

export interface PrecisionCases {
  readonly checked: "exhaustive" | "sampled";
  readonly count: number;
  readonly cases: Iterable<PrecisionCase>;
}

/** What the precision search needs of a construction. */
export interface PrecisionSubject {
  readonly name: string;
  readonly task: string;
  /** The largest magnitude among its weights and intermediate values at size n. */
  range(n: number): number;
  /** The construction at size n, with its weights rounded to `format` (every role). */
  build(n: number, format: Format): StreamingModel<unknown>;
  /** Every input where enumerable, else `samples` seeded ones. */
  cases(n: number, seed: number, samples: number): PrecisionCases;
  /** Largest n it can be checked at in reasonable time (a UserError beyond). */
  readonly maxN: number;
}

export interface PrecisionRow {
  n: number;
  /** Smallest p with p, p + 1, p + 2 correct; null if none up to the search limit. */
  bits: number | null;
  format: string | null;
  checked: "exhaustive" | "sampled";
  instances: number;
  /** Smaller p that passed although a larger one failed. */
  nonMonotone: number[];
  /** One input the construction gets wrong at p − 1 bits (null when it gets none wrong). */
  failureBelow: { bits: number; format: string; input: string } | null;
}

export interface PrecisionResult {
  construction: string;
  task: string;
  family: PrecisionFamily;
  rows: PrecisionRow[];
  intercept: number | null;
  slope: number | null;
}

/** Bits whose largest value holds `range`: the integer bits I of fixed:I.F, or E of float:E.M. */
export function rangeBits(range: number, family: PrecisionFamily): number {
  if (family === "fixed") {
    let I = 1;
    while (2 ** (I - 1) <= range) I++;
    return I;
  }
  for (let E = 2; E <= 11; E++) if (parseFormat(`float:${E}.1`).maxFinite >= range) return E;
  return userError(`no float exponent of ≤ 11 bits holds ${range}`);
}

export function formatFor(family: PrecisionFamily, p: number, lead: number): string {
  return family === "fixed" ? `fixed:${lead}.${p - lead}` : `float:${lead}.${p - 1 - lead}`;
}

const MAX_BITS: Record<PrecisionFamily, number> = { fixed: 32, float: 40 };

function firstFailure(subject: PrecisionSubject, n: number, format: Format, cases: PrecisionCases): string | null {
  const model = subject.build(n, format);
  for (const c of cases.cases) {
    const wrong = c(model);
    if (wrong !== null) return wrong;
  }
  return null;
}

export function precisionRow(subject: PrecisionSubject, n: number, family: PrecisionFamily, seed: number, samples: number): PrecisionRow {
  if (n > subject.maxN) userError(`precision for ${subject.name} checks n ≤ ${subject.maxN} (got ${n})`);
  const lead = rangeBits(subject.range(n), family);
  const pMin = family === "fixed" ? Math.max(2, lead) : lead + 2;
  const cases = subject.cases(n, seed, samples);
  const memo = new Map<number, string | null>();
  const failure = (p: number): string | null => {
    if (!memo.has(p)) memo.set(p, firstFailure(subject, n, parseFormat(formatFor(family, p, lead)), cases));
    return memo.get(p) ?? null;
  };
  const passes = (p: number) => failure(p) === null;
  let bits: number | null = null;
  for (let p = pMin; p + 2 <= MAX_BITS[family]; p++) {
    if (passes(p) && passes(p + 1) && passes(p + 2)) {
      bits = p;
      break;
    }
  }
  const nonMonotone: number[] = [];
  const top = bits ?? MAX_BITS[family] - 2;
  for (let p = pMin; p < top; p++) if (memo.has(p) ? memo.get(p) === null : false) nonMonotone.push(p);
  // At p − 1: the same lead bits with one bit less after them, or, where none is left (p is
  // the least the range allows), one lead bit less: a format that cannot hold the range.
  let failureBelow: PrecisionRow["failureBelow"] = null;
  if (bits !== null && bits - 1 >= pMin) {
    const input = failure(bits - 1);
    if (input !== null) failureBelow = { bits: bits - 1, format: formatFor(family, bits - 1, lead), input };
  } else if (bits !== null && lead - 1 >= (family === "fixed" ? 1 : 2) && bits - 1 >= 2) {
    const name = formatFor(family, bits - 1, lead - 1);
    const input = firstFailure(subject, n, parseFormat(name), cases);
    if (input !== null) failureBelow = { bits: bits - 1, format: name, input };
  }
  return {
    n,
    bits,
    format: bits === null ? null : formatFor(family, bits, lead),
    checked: cases.checked,
    instances: cases.count,
    nonMonotone,
    failureBelow,
  };
}

/** Least-squares a + b·log₂ n over the rows that found a precision (null with fewer than 2). */
export function fitLogLine(rows: readonly { n: number; bits: number | null }[]): { intercept: number | null; slope: number | null } {
  const pts = rows.filter((r) => r.bits !== null).map((r) => [Math.log2(r.n), r.bits as number]);
  if (pts.length < 2) return { intercept: pts.length === 1 ? pts[0][1] : null, slope: pts.length === 1 ? 0 : null };
  const mx = pts.reduce((a, [x]) => a + x, 0) / pts.length;
  const my = pts.reduce((a, [, y]) => a + y, 0) / pts.length;
  const sxx = pts.reduce((a, [x]) => a + (x - mx) ** 2, 0);
  const sxy = pts.reduce((a, [x, y]) => a + (x - mx) * (y - my), 0);
  const slope = sxx === 0 ? 0 : sxy / sxx;
  return { intercept: my - slope * mx, slope };
}

export function precisionSearch(subject: PrecisionSubject, ns: readonly number[], family: PrecisionFamily, seed: number, samples: number, onRow?: (r: PrecisionRow) => void): PrecisionResult {
  const rows = ns.map((n) => {
    const r = precisionRow(subject, n, family, seed, samples);
    onRow?.(r);
    return r;
  });
  return { construction: subject.name, task: subject.task, family, rows, ...fitLogLine(rows) };
}
