import type { Format } from "../../../src/numeric/format.js";

/**
 * An independent reference for the four sequence mixers: the formulas of docs/models.md written
 * out plainly with the format's own operations (src/numeric only; nothing of src/models), 2-D
 * arrays, the whole sequence at once. Returns the logits after the last token.
 */
type T = Record<string, { shape: readonly number[]; data: Float64Array }>;

interface Cfg {
  width: number;
  layers: number;
  vocabSize: number;
  norm: "rmsnorm" | "layernorm";
  heads: number;
  ffnSize: number;
  dState: number;
  dConv: number;
  expand: number;
  dtRank: number;
  readoutBias: boolean;
}

export function referenceLogits(arch: string, c: Cfg, t: T, F: Format, tokens: readonly number[]): number[] {
  const one = F.round(1);
  const rsqrt = (a: number): number => {
    const r = (F as unknown as { rsqrt?: (a: number) => number }).rsqrt;
    return typeof r === "function" ? r.call(F, a) : F.div(one, F.sqrt(a));
  };
  const elu = (a: number): number => {
    const e = (F as unknown as { elu?: (a: number) => number }).elu;
    return typeof e === "function" ? e.call(F, a) : a > 0 ? a : F.sub(F.exp(a), one);
  };
  const eps = (e: number): number => (F.round(e) === 0 ? F.minPositive : F.round(e));
  const mat = (name: string): number[][] => {
    const { shape, data } = t[name];
    const cols = shape.slice(1).reduce((a, b) => a * b, 1);
    return Array.from({ length: shape[0] }, (_, r) => Array.from(data.subarray(r * cols, (r + 1) * cols)));
  };
  const vec = (name: string): number[] => Array.from(t[name].data);
  const dot = (a: number[], b: number[]): number => a.reduce((acc, x, k) => F.add(acc, F.mul(x, b[k])), 0);
  const lin = (W: number[][], x: number[]): number[] => W.map((row) => dot(row, x));
  const sum = (xs: number[]): number => xs.reduce((acc, x) => F.add(acc, x), 0);
  const normEps = eps(1e-5);
  const norm = (prefix: string, x: number[]): number[] => {
    const w = vec(`${prefix}.weight`);
    const d = x.length;
    if (c.norm === "rmsnorm") {
      const r = rsqrt(F.add(F.div(sum(x.map((v) => F.mul(v, v))), d), normEps));
      return x.map((v, i) => F.mul(F.mul(v, r), w[i]));
    }
    const b = vec(`${prefix}.bias`);
    const mu = F.div(sum(x), d);
    const e = x.map((v) => F.sub(v, mu));
    const r = rsqrt(F.add(F.div(sum(e.map((v) => F.mul(v, v))), d), normEps));
    return e.map((v, i) => F.add(F.mul(F.mul(v, r), w[i]), b[i]));
  };
  const d = c.width;
  const L = c.layers;
  // per-layer memories, 2-D
  const mem: { h?: number[][]; win?: number[][]; S?: number[][][]; z?: number[][]; dh?: number[] }[] = [];
  for (let k = 0; k < L; k++) {
    const E = c.expand * d;
    const dh = d / c.heads;
    if (arch === "mamba") mem.push({ h: zeros(E, c.dState), win: zeros(E, c.dConv - 1) });
    else if (arch === "diagonal-rnn") mem.push({ dh: new Array(c.dState).fill(0) });
    else mem.push({ S: Array.from({ length: c.heads }, () => zeros(dh, dh)), z: zeros(c.heads, dh) });
  }
  let top: number[] = [];
  const emb = mat("embedding.weight");
  for (const tok of tokens) {
    let x = emb[tok].slice();
    for (let k = 0; k < L; k++) {
      const p = `layers.${k}.mixer.`;
      const u = norm(`layers.${k}.norm`, x);
      const m = mem[k];
      let y: number[];
      if (arch === "mamba") {
        const E = c.expand * d;
        const [N, K, R] = [c.dState, c.dConv, c.dtRank];
        const xz = lin(mat(p + "in_proj.weight"), u);
        const conv = mat(p + "conv1d.weight");
        const cb = vec(p + "conv1d.bias");
        const xc: number[] = [];
        for (let e = 0; e < E; e++) {
          const window = [...m.win![e], xz[e]];
          xc.push(F.silu(F.add(dot(conv[e], window), cb[e])));
          m.win![e] = window.slice(1);
        }
        const dbc = lin(mat(p + "x_proj.weight"), xc);
        const dtW = mat(p + "dt_proj.weight");
        const dtB = vec(p + "dt_proj.bias");
        const Alog = mat(p + "A_log");
        const D = vec(p + "D");
        const g: number[] = [];
        for (let e = 0; e < E; e++) {
          const delta = F.softplus(F.add(dot(dtW[e], dbc.slice(0, R)), dtB[e]));
          for (let n = 0; n < N; n++) {
            const A = F.neg(F.exp(Alog[e][n]));
            m.h![e][n] = F.add(F.mul(F.exp(F.mul(delta, A)), m.h![e][n]), F.mul(F.mul(delta, dbc[R + n]), xc[e]));
          }
          const ye = F.add(dot(m.h![e], dbc.slice(R + N)), F.mul(D[e], xc[e]));
          g.push(F.mul(ye, F.silu(xz[E + e])));
        }
        void K;
        y = lin(mat(p + "out_proj.weight"), g);
      } else if (arch === "diagonal-rnn") {
        const lam = vec(p + "decay_logit").map((v) => F.sigmoid(v));
        const inp = lin(mat(p + "in_proj.weight"), u);
        m.dh = m.dh!.map((h, n) => F.add(F.mul(lam[n], h), inp[n]));
        const D = vec(p + "D");
        y = lin(mat(p + "out_proj.weight"), m.dh).map((v, i) => F.add(v, F.mul(D[i], u[i])));
      } else {
        const H = c.heads;
        const dh = d / H;
        const q = lin(mat(p + "wq.weight"), u);
        const kk = lin(mat(p + "wk.weight"), u);
        const v = lin(mat(p + "wv.weight"), u);
        const o: number[] = [];
        if (arch === "linear-attention") {
          const fq = q.map((a) => F.add(elu(a), one));
          const fk = kk.map((a) => F.add(elu(a), one));
          for (let h = 0; h < H; h++) {
            const S = m.S![h];
            const z = m.z![h];
            for (let i = 0; i < dh; i++) {
              for (let j = 0; j < dh; j++) S[i][j] = F.add(S[i][j], F.mul(fk[h * dh + i], v[h * dh + j]));
              z[i] = F.add(z[i], fk[h * dh + i]);
            }
            const qh = fq.slice(h * dh, (h + 1) * dh);
            const den = F.add(dot(qh, z), eps(1e-6));
            for (let j = 0; j < dh; j++) o.push(F.div(dot(qh, S.map((row) => row[j])), den));
          }
        } else {
          const g = lin(mat(p + "wg.weight"), u);
          const scale = invSqrt(F, dh);
          const qs = q.map((a) => F.mul(a, scale));
          for (let h = 0; h < H; h++) {
            const gamma = F.round(1 - 2 ** (-5 - h));
            const S = m.S![h];
            for (let i = 0; i < dh; i++) for (let j = 0; j < dh; j++) S[i][j] = F.add(F.mul(gamma, S[i][j]), F.mul(kk[h * dh + i], v[h * dh + j]));
            const qh = qs.slice(h * dh, (h + 1) * dh);
            const oh = Array.from({ length: dh }, (_, j) => dot(qh, S.map((row) => row[j])));
            const mu = F.div(sum(oh), dh);
            const e = oh.map((a) => F.sub(a, mu));
            const r = rsqrt(F.add(F.div(sum(e.map((a) => F.mul(a, a))), dh), eps(1e-5)));
            e.forEach((a, j) => o.push(F.mul(F.silu(g[h * dh + j]), F.mul(a, r))));
          }
        }
        y = lin(mat(p + "wo.weight"), o);
      }
      x = x.map((a, i) => F.add(a, y[i]));
      if (arch !== "mamba") {
        const n2 = norm(`layers.${k}.mlp_norm`, x);
        const gate = lin(mat(`layers.${k}.mlp.w_gate.weight`), n2);
        const up = lin(mat(`layers.${k}.mlp.w_up.weight`), n2);
        const hidden = gate.map((a, j) => F.mul(F.silu(a), up[j]));
        const down = lin(mat(`layers.${k}.mlp.w_down.weight`), hidden);
        x = x.map((a, i) => F.add(a, down[i]));
      }
    }
    top = x;
  }
  const xf = norm("final_norm", top);
  const W = mat("readout.weight");
  const b = c.readoutBias ? vec("readout.bias") : null;
  return W.map((row, v) => (b ? F.add(dot(row, xf), b[v]) : dot(row, xf)));
}

function zeros(r: number, c: number): number[][] {
  return Array.from({ length: r }, () => new Array(c).fill(0));
}

/** round(1/√n) by brute force over the format's nonnegative codes near the double (no shared code). */
function invSqrt(F: Format, n: number): number {
  const v = 1 / Math.sqrt(n);
  let best = F.round(v);
  const code = Number(F.encode(best));
  for (const k of [code - 2, code - 1, code + 1, code + 2]) {
    if (k < 0) continue;
    const w = F.decode(k);
    if (Number.isFinite(w) && w >= 0 && Math.abs(w - v) < Math.abs(best - v)) best = w;
  }
  return best;
}
