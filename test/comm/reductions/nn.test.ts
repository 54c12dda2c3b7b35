import { describe, expect, it } from "vitest";
import { nnReduction } from "../../../src/comm/reductions/nn.js";
import { fullInput } from "../../../src/comm/reduction.js";
import { NN_LABEL0, NN_LABEL1, solveNn } from "../../../src/tasks/nn.js";
import { checkBlockShape, checkExhaustive } from "./checkReduction.js";
import { Rng, deriveSeed } from "../../../src/util/rng.js";
import { UserError } from "../../../src/util/errors.js";

describe("nn reduction", () => {
  it("default keys: the nn solver answers x_i for every x and i, n ≤ 10", () => {
    const r = nnReduction();
    for (let n = 1; n <= 10; n++) {
      checkExhaustive(r, n, (x, i) => x[i] as 0 | 1);
      checkBlockShape(r, n);
      expect(r.block(n, 0, 1).length).toBe(r.dimension(n) + 1);
    }
  });
  it("a fixed small dimension still works while keys are distinct (d = 4, n ≤ 10)", () => {
    const r = nnReduction({ dimension: 4, seed: 3 });
    expect(r.task).toBe("nn:4");
    for (let n = 1; n <= 10; n++) checkExhaustive(r, n, (x, i) => x[i] as 0 | 1);
  });
  it("10,000 seeded key sets with random x and i agree with the solver", () => {
    const pick = new Rng(deriveSeed(11, "nn-reduction-sample"));
    const labels = new Set<number>();
    for (let k = 0; k < 10_000; k++) {
      const r = nnReduction({ seed: deriveSeed(11, `keys-${k}`) });
      const n = pick.int(1, 64);
      const x = Array.from({ length: n }, () => pick.bit() as number);
      const i = pick.int(0, n - 1);
      const answer = solveNn(r.dimension(n), n, fullInput(r, n, x, i));
      expect(answer).toBe(x[i] === 1 ? NN_LABEL1 : NN_LABEL0);
      expect(r.expected(n, x, i)).toBe(answer);
      labels.add(answer);
    }
    expect(labels.size).toBe(2);
  });
  it("keys are distinct, ±1, and the same for the same seed; near-orthogonal on average", () => {
    const a = nnReduction({ seed: 5 });
    const b = nnReduction({ seed: 5 });
    const c = nnReduction({ seed: 6 });
    const n = 64;
    const keys = a.keys(n);
    expect(keys.map((k) => k.join())).toEqual(b.keys(n).map((k) => k.join()));
    expect(keys.map((k) => k.join())).not.toEqual(c.keys(n).map((k) => k.join()));
    expect(new Set(keys.map((k) => k.join())).size).toBe(n);
    const d = a.dimension(n);
    let sum = 0;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < i; j++) {
        let dot = 0;
        for (let t = 0; t < d; t++) dot += keys[i][t] * keys[j][t];
        sum += Math.abs(dot) / d;
      }
    }
    // Independent random signs: E|⟨v_i, v_j⟩|/d ≈ sqrt(2/(π d)) ≈ 0.16 at d = 24.
    expect(sum / ((n * (n - 1)) / 2)).toBeLessThan(0.3);
  });
  it("bad options are user errors", () => {
    expect(() => nnReduction({ dimension: 0 })).toThrow(UserError);
    expect(() => nnReduction({ dimension: 2 }).block(5, 0, 0)).toThrow(UserError); // 5 > 2^2 keys
  });
});
