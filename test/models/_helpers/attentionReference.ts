import type { Format } from "../../../src/numeric/format.js";
import type { NamedTensors } from "../../../src/models/recurrentIndex.js";

/**
 * An independent, non-streaming transformer forward in the order docs/models.md documents,
 * written against Format's own methods: every position's q/k/v recomputed from scratch at each
 * layer, attention over the whole prefix, nothing cached. Returns the last position's logits.
 */
export function referenceTransformerLogits(
  f: Format,
  T: NamedTensors,
  c: { width: number; layers: number; vocabSize: number; heads: number; norm: string; ffnSize: number; positions: string; normEps: number; readoutBias: boolean; ropeBase: number },
  tokens: readonly number[],
): number[] {
  const d = c.width;
  const dh = d / c.heads;
  const eps = f.round(c.normEps) > 0 ? f.round(c.normEps) : f.minPositive;
  const get = (n: string) => T[n].data;
  const dot = (w: Float64Array, off: number, x: ArrayLike<number>, n: number) => {
    let acc = 0;
    for (let k = 0; k < n; k++) acc = f.add(acc, f.mul(w[off + k], x[k]));
    return acc;
  };
  const mat = (w: Float64Array, rows: number, cols: number, x: ArrayLike<number>) => Array.from({ length: rows }, (_, r) => dot(w, r * cols, x, cols));
  const norm = (prefix: string, x: number[]) => {
    const w = get(`${prefix}.weight`);
    if (c.norm === "rmsnorm") {
      let ss = 0;
      for (const v of x) ss = f.add(ss, f.mul(v, v));
      const r = f.rsqrt(f.add(f.div(ss, d), eps));
      return x.map((v, i) => f.mul(f.mul(v, r), w[i]));
    }
    const b = get(`${prefix}.bias`);
    let s = 0;
    for (const v of x) s = f.add(s, v);
    const mu = f.div(s, d);
    const cx = x.map((v) => f.sub(v, mu));
    let ss = 0;
    for (const v of cx) ss = f.add(ss, f.mul(v, v));
    const r = f.rsqrt(f.add(f.div(ss, d), eps));
    return cx.map((v, i) => f.add(f.mul(f.mul(v, r), w[i]), b[i]));
  };
  const rope = (x: number[], p: number) => {
    const y = x.slice();
    for (let h = 0; h < c.heads; h++)
      for (let i = 0; 2 * i < dh; i++) {
        const ang = p * Math.pow(c.ropeBase, -(2 * i) / dh);
        const cs = f.round(Math.cos(ang));
        const sn = f.round(Math.sin(ang));
        const a = x[h * dh + 2 * i];
        const b = x[h * dh + 2 * i + 1];
        y[h * dh + 2 * i] = f.sub(f.mul(a, cs), f.mul(b, sn));
        y[h * dh + 2 * i + 1] = f.add(f.mul(a, sn), f.mul(b, cs));
      }
    return y;
  };
  let xs = tokens.map((tok, p) => {
    const e = Array.from(get("embedding.weight").subarray(tok * d, (tok + 1) * d));
    if (c.positions === "learned") return e.map((v, i) => f.add(v, get("positions.weight")[p * d + i]));
    if (c.positions === "sinusoidal")
      return e.map((v, i) => {
        const k = i >> 1;
        const ang = p * Math.pow(10000, -(2 * k) / d);
        return f.add(v, f.round(i % 2 === 0 ? Math.sin(ang) : Math.cos(ang)));
      });
    return e;
  });
  const scale = f.round(Math.sqrt(dh));
  for (let l = 0; l < c.layers; l++) {
    const pre = `layers.${l}`;
    const xn = xs.map((x) => norm(`${pre}.attn_norm`, x));
    const qs = xn.map((x, p) => (c.positions === "rope" ? rope(mat(get(`${pre}.attn.wq.weight`), d, d, x), p) : mat(get(`${pre}.attn.wq.weight`), d, d, x)));
    const ks = xn.map((x, p) => (c.positions === "rope" ? rope(mat(get(`${pre}.attn.wk.weight`), d, d, x), p) : mat(get(`${pre}.attn.wk.weight`), d, d, x)));
    const vs = xn.map((x) => mat(get(`${pre}.attn.wv.weight`), d, d, x));
    xs = xs.map((x, t) => {
      const o = new Array<number>(d).fill(0);
      for (let h = 0; h < c.heads; h++) {
        const sl = (v: number[]) => v.slice(h * dh, (h + 1) * dh);
        const sc = ks.slice(0, t + 1).map((k) => f.div(dot(Float64Array.from(sl(qs[t])), 0, sl(k), dh), scale));
        let m = sc[0];
        for (const v of sc) if (v > m) m = v;
        const e = sc.map((v) => f.exp(f.sub(v, m)));
        let z = 0;
        for (const v of e) z = f.add(z, v);
        const pr = e.map((v) => f.div(v, z));
        for (let j = 0; j < dh; j++) {
          let acc = 0;
          for (let s = 0; s <= t; s++) acc = f.add(acc, f.mul(pr[s], vs[s][h * dh + j]));
          o[h * dh + j] = acc;
        }
      }
      const a = mat(get(`${pre}.attn.wo.weight`), d, d, o);
      const hres = x.map((v, i) => f.add(v, a[i]));
      const hn = norm(`${pre}.mlp_norm`, hres);
      const g = mat(get(`${pre}.mlp.w_gate.weight`), c.ffnSize, d, hn);
      const u = mat(get(`${pre}.mlp.w_up.weight`), c.ffnSize, d, hn);
      const hid = g.map((v, j) => f.mul(f.silu(v), u[j]));
      const dn = mat(get(`${pre}.mlp.w_down.weight`), d, c.ffnSize, hid);
      return hres.map((v, i) => f.add(v, dn[i]));
    });
  }
  const last = norm("final_norm", xs[xs.length - 1]);
  return Array.from({ length: c.vocabSize }, (_, v) => {
    const r = dot(get("readout.weight"), v * d, last, d);
    return c.readoutBias ? f.add(r, get("readout.bias")[v]) : r;
  });
}
