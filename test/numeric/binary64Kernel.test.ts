/**
 * float:11.52 is binary64 with p = 53 > 25, so every + − × ÷ √ goes through the BigInt exact
 * kernel; IEEE hardware is then an independent oracle: the results must equal native JS exactly,
 * subnormals, signed zeros, infinities and NaN included.
 */
import { describe, expect, it } from "vitest";
import { parseFormat } from "../../src/numeric/index.js";
import { deriveSeed, Rng } from "../../src/util/rng.js";
import { show } from "./_oracle/expectedOp.js";

describe("float:11.52 (BigInt kernel) equals native binary64", () => {
  it("+ − × ÷ √ round on 20,000 seeded pairs", () => {
    const f = parseFormat("float:11.52");
    const rng = new Rng(deriveSeed(64, "binary64-kernel"));
    const f64 = new Float64Array(1);
    const u32 = new Uint32Array(f64.buffer);
    const raw = (): number => {
      u32[0] = rng.int(0, 0xffff) * 65536 + rng.int(0, 0xffff);
      u32[1] = rng.int(0, 0xffff) * 65536 + rng.int(0, 0xffff);
      return f64[0];
    };
    const SPECIAL = [0, -0, Infinity, -Infinity, NaN, Number.MIN_VALUE, -Number.MIN_VALUE, Number.MAX_VALUE, 2 ** -1022];
    const failures: string[] = [];
    for (let i = 0; i < 20_000 && failures.length < 10; i++) {
      let a = i % 11 === 0 ? SPECIAL[rng.int(0, SPECIAL.length - 1)] : raw();
      if (i % 5 === 0) a *= 2 ** -1000; // into the subnormal range
      const pick = rng.int(0, 2);
      const b = pick === 0 ? a * (1 + rng.int(-4, 4) * 2 ** -52) : pick === 1 ? raw() : rng.int(1, 7) * 2 ** rng.int(-60, 60);
      const pairs: [string, number, number][] = [
        ["add", f.add(a, b), a + b],
        ["sub", f.sub(a, b), a - b],
        ["mul", f.mul(a, b), a * b],
        ["div", f.div(a, b), a / b],
        ["sqrt", f.sqrt(a), Math.sqrt(a)],
        ["round", f.round(a), a],
      ];
      for (const [op, got, want] of pairs) if (!Object.is(got, want)) failures.push(`${op}(${show(a)}, ${show(b)}) = ${show(got)}, want ${show(want)}`);
    }
    expect(failures).toEqual([]);
  });
});
