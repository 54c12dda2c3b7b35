import { describe, expect, it } from "vitest";
import { parseFormat } from "../../../src/numeric/parseFormat.js";
import { linear } from "../../../src/models/_internals/linear.js";
import { modelOps } from "../../../src/models/_internals/modelOps.js";
import { applyNorm, normEpsilon } from "../../../src/models/_internals/norm.js";
import { swiglu } from "../../../src/models/_internals/swiglu.js";
import { AttentionMixer } from "../../../src/models/_internals/attention.js";
import { RopeAngles, sinusoidalRow } from "../../../src/models/_internals/positions.js";
import { isSubformat, parseRoleFormats, roleFormatsName } from "../../../src/models/_internals/roleFormats.js";
import { Rng } from "../../../src/util/rng.js";
import { UserError } from "../../../src/util/errors.js";

const fp64 = parseFormat("fp64");
const ops64 = modelOps(fp64);
const vec = (rng: Rng, n: number) => Float64Array.from({ length: n }, () => rng.uniform(-1, 1));

describe("linear", () => {
  it("is the left-to-right dot plus the bias, each rounded", () => {
    const f = parseFormat("fixed:4.4");
    const ops = modelOps(f);
    const W = Float64Array.from([0.5, 0.25, -1, 1.5, 0.0625, 2]);
    const x = Float64Array.from([1.5, -0.75, 0.5]);
    const b = Float64Array.from([0.125, -3]);
    const out = linear(ops, W, 2, 3, x, 0, b);
    for (let r = 0; r < 2; r++) {
      let acc = 0;
      for (let k = 0; k < 3; k++) acc = f.add(acc, f.mul(W[r * 3 + k], x[k]));
      expect(out[r]).toBe(f.add(acc, b[r]));
    }
    const noBias = linear(ops, W, 2, 3, x);
    expect(noBias[1]).toBe(f.sum([f.mul(1.5, 1.5), f.mul(0.0625, -0.75), f.mul(2, 0.5)]));
  });
});

describe("norms", () => {
  it("RMSNorm and LayerNorm at fp64 equal the float64 formulas of blocks.py", () => {
    const rng = new Rng(3);
    const x = vec(rng, 6);
    const w = vec(rng, 6);
    const b = vec(rng, 6);
    const ms = x.reduce((a, v) => a + v * v, 0) / 6;
    const rms = applyNorm(ops64, "rmsnorm", { weight: w }, x, 1e-5);
    x.forEach((v, i) => expect(rms[i]).toBeCloseTo(v * (1 / Math.sqrt(ms + 1e-5)) * w[i], 14));
    const mu = x.reduce((a, v) => a + v, 0) / 6;
    const vr = x.reduce((a, v) => a + (v - mu) ** 2, 0) / 6; // biased
    const ln = applyNorm(ops64, "layernorm", { weight: w, bias: b }, x, 1e-5);
    x.forEach((v, i) => expect(ln[i]).toBeCloseTo((v - mu) * (1 / Math.sqrt(vr + 1e-5)) * w[i] + b[i], 14));
  });

  it("ε that rounds to 0 becomes the smallest positive value; no norm of zeros throws", () => {
    const f = parseFormat("fixed:2.6");
    expect(normEpsilon(f, 1e-5)).toEqual({ value: 2 ** -6, replaced: true });
    expect(normEpsilon(parseFormat("fp16"), 1e-5).replaced).toBe(false);
    const y = applyNorm(modelOps(f), "rmsnorm", { weight: Float64Array.from([1, 1]) }, new Float64Array(2), 2 ** -6);
    expect(Array.from(y)).toEqual([0, 0]);
  });
});

describe("SwiGLU", () => {
  it("at fp64 equals w_down(silu(w_gate x) ⊙ w_up x)", () => {
    const rng = new Rng(4);
    const [d, F] = [3, 5];
    const p = { gate: vec(rng, F * d), up: vec(rng, F * d), down: vec(rng, d * F), hidden: F, width: d };
    const x = vec(rng, d);
    const y = swiglu(ops64, p, x);
    const h = Array.from({ length: F }, (_, j) => {
      const g = [0, 1, 2].reduce((a, k) => a + p.gate[j * d + k] * x[k], 0);
      const u = [0, 1, 2].reduce((a, k) => a + p.up[j * d + k] * x[k], 0);
      return (g / (1 + Math.exp(-g))) * u;
    });
    for (let i = 0; i < d; i++) expect(y[i]).toBeCloseTo(h.reduce((a, v, j) => a + p.down[i * F + j] * v, 0), 14);
  });
});

describe("positions", () => {
  it("the sinusoidal row is sin/cos of p·10000^(−2k/d)", () => {
    const r = sinusoidalRow(3, 6);
    expect(r[0]).toBe(Math.sin(3));
    expect(r[1]).toBe(Math.cos(3));
    expect(r[4]).toBe(Math.sin(3 * Math.pow(10000, -4 / 6)));
  });

  it("RoPE is the identity at position 0 and a rotation (norm kept) elsewhere", () => {
    const rope = new RopeAngles(4, 10000, fp64);
    const x = Float64Array.from([0.3, -0.7, 1.1, 0.2]);
    const y = Float64Array.from(x);
    rope.rotate(ops64, y, 0, 0);
    expect(Array.from(y)).toEqual(Array.from(x));
    rope.rotate(ops64, y, 0, 5);
    expect(Math.hypot(y[0], y[1])).toBeCloseTo(Math.hypot(x[0], x[1]), 14);
    expect(y[0]).toBeCloseTo(x[0] * Math.cos(5) - x[1] * Math.sin(5), 14);
  });
});

describe("attention mixer", () => {
  it("grows its KV cache by 2d per token and matches softmax attention in fp64", () => {
    const rng = new Rng(7);
    const d = 4;
    const p = { wq: vec(rng, 16), wk: vec(rng, 16), wv: vec(rng, 16), wo: vec(rng, 16), width: d, heads: 2 };
    const mixer = new AttentionMixer(p, (x) => x, null);
    const xs = [vec(rng, d), vec(rng, d), vec(rng, d)];
    let state = mixer.init();
    let y = new Float64Array(0);
    for (const x of xs) ({ state, y } = mixer.step(ops64, state, x, (v) => v));
    expect(state.length).toBe(mixer.stateLength(3));
    const proj = (W: Float64Array, x: Float64Array) => Array.from({ length: d }, (_, r) => x.reduce((a, v, k) => a + W[r * d + k] * v, 0));
    const qs = xs.map((x) => proj(p.wq, x));
    const ks = xs.map((x) => proj(p.wk, x));
    const vs = xs.map((x) => proj(p.wv, x));
    const o: number[] = [];
    for (let h = 0; h < 2; h++) {
      const sl = (v: number[]) => v.slice(2 * h, 2 * h + 2);
      const sc = ks.map((k) => sl(qs[2]).reduce((a, q, j) => a + q * sl(k)[j], 0) / Math.sqrt(2));
      const m = Math.max(...sc);
      const e = sc.map((s) => Math.exp(s - m));
      const z = e.reduce((a, b) => a + b, 0);
      for (let j = 0; j < 2; j++) o.push(e.reduce((a, es, s) => a + (es / z) * sl(vs[s])[j], 0));
    }
    const want = proj(p.wo, Float64Array.from(o));
    want.forEach((w, i) => expect(y[i]).toBeCloseTo(w, 13));
  });
});

describe("role formats", () => {
  it("one name means every role; three roles in any order; all three required", () => {
    expect(roleFormatsName(parseRoleFormats("fp16"))).toBe("fp16");
    expect(roleFormatsName(parseRoleFormats("fixed:2.6:ovf=error"))).toBe("fixed:2.6:ovf=error");
    const r = parseRoleFormats("state=bf16,weights=bf16,compute=fp32");
    expect([r.weights.name, r.compute.name, r.state.name]).toEqual(["bf16", "fp32", "bf16"]);
    expect(roleFormatsName(r)).toBe("weights=bf16,compute=fp32,state=bf16");
    expect(() => parseRoleFormats("weights=bf16,compute=fp32")).toThrow(UserError);
    expect(() => parseRoleFormats("weights=fp32,compute=bf16,state=bf16")).toThrow(/compute format bf16 cannot hold/);
  });

  it("subformats: bf16 and fp16 in fp32, fixed:2.6 in fixed:4.12 and fp32, not the reverse", () => {
    const f = (n: string) => parseFormat(n);
    expect(isSubformat(f("bf16"), f("fp32"))).toBe(true);
    expect(isSubformat(f("fp16"), f("fp32"))).toBe(true);
    expect(isSubformat(f("fp16"), f("bf16"))).toBe(false);
    expect(isSubformat(f("fixed:2.6"), f("fixed:4.12"))).toBe(true);
    expect(isSubformat(f("fixed:2.6"), f("fp32"))).toBe(true);
    expect(isSubformat(f("fixed:4.12"), f("fixed:2.6"))).toBe(false);
    expect(isSubformat(f("fp32"), f("fp64"))).toBe(true);
    expect(isSubformat(f("fp64"), f("fp32"))).toBe(false);
  });
});
