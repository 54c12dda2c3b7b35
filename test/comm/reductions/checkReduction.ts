import { expect } from "vitest";
import type { TaskReduction } from "../../../src/comm/reductions/taskReduction.js";
import { alicePrefix } from "../../../src/comm/reduction.js";

/**
 * Test helpers shared by the reduction tests (not a test file itself).
 *
 * `checkExhaustive` runs the reduction's expected answer (which is the task solver's verdict on
 * the assembled sequence) for every x ∈ {0,1}^n and every query, and compares it with the value
 * the reduction CLAIMS, written independently in each test (e.g. "x_i" or "DISJ(x, y)").
 */
export function forEachBits(n: number, visit: (x: Uint8Array) => void): void {
  const x = new Uint8Array(n);
  for (let m = 0; m < 1 << n; m++) {
    for (let j = 0; j < n; j++) x[j] = (m >> j) & 1;
    visit(x);
  }
}

/** Number of (x, q) pairs checked, so a test can assert it really ran. */
export function checkExhaustive(
  r: TaskReduction,
  n: number,
  claim: (x: Uint8Array, q: number) => 0 | 1,
): number {
  const tokens = r.answerTokens(n);
  let checked = 0;
  let firstFailure: string | undefined;
  forEachBits(n, (x) => {
    for (let q = 0; q < r.queryCount(n); q++) {
      const want = tokens[claim(x, q)];
      const got = r.expected(n, x, q);
      checked++;
      if (got !== want && firstFailure === undefined) {
        firstFailure = `n=${n} x=${Array.from(x).join("")} q=${q}: solver says ${got}, claim says ${want}`;
      }
    }
  });
  expect(firstFailure).toBeUndefined();
  return checked;
}

/** Alice's prefix splits into the header plus n blocks of one constant length. */
export function checkBlockShape(r: TaskReduction, n: number): void {
  const len = r.block(n, 0, 0).length;
  expect(len).toBeGreaterThan(0);
  for (let j = 0; j < n; j++) {
    expect(r.block(n, j, 0).length).toBe(len);
    expect(r.block(n, j, 1).length).toBe(len);
    expect(r.block(n, j, 0)).not.toEqual(r.block(n, j, 1));
  }
  const x = new Uint8Array(n).fill(1);
  expect(alicePrefix(r, n, x).length).toBe(r.header(n).length + n * len);
  // Every token is inside the task's vocabulary at this size.
  const V = r.vocabSize(n);
  const all = [...alicePrefix(r, n, x), ...alicePrefix(r, n, new Uint8Array(n))];
  for (let q = 0; q < r.queryCount(n); q++) all.push(...r.suffix(n, q));
  for (const t of all) expect(t >= 0 && t < V).toBe(true);
}
