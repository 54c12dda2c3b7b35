/**
 * An independent reference for the recurrent models over a saturating fixed:I.F format, written
 * straightforwardly with exact BigInt arithmetic on integer numerators k (value k/2^F) and 2-D
 * matrices. It shares no code with src/models or src/numeric. tanh/σ use Math.tanh/Math.exp and
 * refuse to answer when the double is within 1e-9 of a rounding boundary (so they are exact).
 */
export interface FixedRef {
  readonly F: number;
  readonly min: bigint;
  readonly max: bigint;
}

export function fixedRef(I: number, F: number): FixedRef {
  const B = I + F;
  return { F, min: -(1n << BigInt(B - 1)), max: (1n << BigInt(B - 1)) - 1n };
}

const sat = (R: FixedRef, k: bigint): bigint => (k < R.min ? R.min : k > R.max ? R.max : k);

/** round(n/d) half to even, d > 0 */
function divRound(n: bigint, d: bigint): bigint {
  let q = n / d;
  let r = n % d;
  if (r < 0n) {
    q -= 1n;
    r += d;
  }
  if (2n * r > d || (2n * r === d && (q & 1n) === 1n)) q += 1n;
  return q;
}

export const toInt = (R: FixedRef, x: number): bigint => {
  const k = x * 2 ** R.F;
  if (!Number.isInteger(k)) throw new Error(`${x} is not a value of fixed with ${R.F} fraction bits`);
  return BigInt(k);
};
export const toNum = (R: FixedRef, k: bigint): number => Number(k) / 2 ** R.F;

const add = (R: FixedRef, a: bigint, b: bigint) => sat(R, a + b);
const sub = (R: FixedRef, a: bigint, b: bigint) => sat(R, a - b);
const mul = (R: FixedRef, a: bigint, b: bigint) => sat(R, divRound(a * b, 1n << BigInt(R.F)));

function activation(R: FixedRef, k: bigint, fn: (x: number) => number): bigint {
  const t = fn(toNum(R, k)) * 2 ** R.F;
  const frac = t - Math.floor(t);
  if (Math.abs(frac - 0.5) < 1e-9) throw new Error(`reference cannot decide the rounding of ${t}`);
  return sat(R, BigInt(Math.round(t)));
}
const tanh = (R: FixedRef, k: bigint) => activation(R, k, Math.tanh);
const sigmoid = (R: FixedRef, k: bigint) => activation(R, k, (x) => 1 / (1 + Math.exp(-x)));

function dot(R: FixedRef, w: bigint[], x: bigint[]): bigint {
  let acc = 0n;
  for (let k = 0; k < w.length; k++) acc = add(R, acc, mul(R, w[k], x[k]));
  return acc;
}

/** A matrix from a flat row-major tensor. */
export function matrix(R: FixedRef, data: ArrayLike<number>, rows: number, cols: number): bigint[][] {
  const m: bigint[][] = [];
  for (let r = 0; r < rows; r++) m.push(Array.from({ length: cols }, (_, c) => toInt(R, data[r * cols + c])));
  return m;
}

export interface RefLayer {
  wih: bigint[][];
  whh: bigint[][];
  bih: bigint[];
  bhh: bigint[];
}
export interface RefModel {
  arch: "elman" | "lstm" | "gru";
  relu: boolean;
  H: number;
  embedding: bigint[][];
  layers: RefLayer[];
  readoutW: bigint[][];
  readoutB: bigint[];
}

/** h (and c for lstm) per layer. */
export interface RefState {
  h: bigint[][];
  c: bigint[][];
}

export function refInit(m: RefModel): RefState {
  return {
    h: m.layers.map(() => new Array(m.H).fill(0n)),
    c: m.layers.map(() => new Array(m.H).fill(0n)),
  };
}

export function refStep(R: FixedRef, m: RefModel, s: RefState, token: number): RefState {
  const H = m.H;
  const out: RefState = { h: [], c: [] };
  let x = m.embedding[token];
  m.layers.forEach((L, k) => {
    const h = s.h[k];
    const gi = L.wih.map((row, r) => add(R, dot(R, row, x), L.bih[r]));
    const gh = L.whh.map((row, r) => add(R, dot(R, row, h), L.bhh[r]));
    let hNew: bigint[];
    let cNew: bigint[] = s.c[k];
    if (m.arch === "elman") {
      hNew = gi.map((a, r) => {
        const pre = add(R, a, gh[r]);
        return m.relu ? (pre > 0n ? pre : 0n) : tanh(R, pre);
      });
    } else if (m.arch === "lstm") {
      const pre = gi.map((a, r) => add(R, a, gh[r]));
      cNew = [];
      hNew = [];
      for (let j = 0; j < H; j++) {
        const i = sigmoid(R, pre[j]);
        const f = sigmoid(R, pre[H + j]);
        const g = tanh(R, pre[2 * H + j]);
        const o = sigmoid(R, pre[3 * H + j]);
        const c = add(R, mul(R, f, s.c[k][j]), mul(R, i, g));
        cNew.push(c);
        hNew.push(mul(R, o, tanh(R, c)));
      }
    } else {
      const one = sat(R, 1n << BigInt(R.F));
      hNew = [];
      for (let j = 0; j < H; j++) {
        const r = sigmoid(R, add(R, gi[j], gh[j]));
        const z = sigmoid(R, add(R, gi[H + j], gh[H + j]));
        const n = tanh(R, add(R, gi[2 * H + j], mul(R, r, gh[2 * H + j])));
        hNew.push(add(R, mul(R, sub(R, one, z), n), mul(R, z, h[j])));
      }
    }
    out.h.push(hNew);
    out.c.push(cNew);
    x = hNew;
  });
  return out;
}

export function refLogits(R: FixedRef, m: RefModel, s: RefState): bigint[] {
  const top = s.h[s.h.length - 1];
  return m.readoutW.map((row, v) => add(R, dot(R, row, top), m.readoutB[v]));
}

/** Flattens a reference state in the model's layout: [h_l0, (c_l0,) h_l1, …]. */
export function refFlat(R: FixedRef, m: RefModel, s: RefState): number[] {
  const out: number[] = [];
  s.h.forEach((h, k) => {
    out.push(...h.map((v) => toNum(R, v)));
    if (m.arch === "lstm") out.push(...s.c[k].map((v) => toNum(R, v)));
  });
  return out;
}

/** Builds the reference from state_dict-style tensors. */
export function refModel(
  R: FixedRef,
  arch: "elman" | "lstm" | "gru",
  tensors: Record<string, { shape: readonly number[]; data: ArrayLike<number> }>,
  layers: number,
  relu = false,
): RefModel {
  const t = (name: string) => tensors[name];
  const m2 = (name: string) => matrix(R, t(name).data, t(name).shape[0], t(name).shape[1]);
  const v1 = (name: string) => Array.from(t(name).data, (x) => toInt(R, x));
  const H = t("readout.weight").shape[1];
  return {
    arch,
    relu,
    H,
    embedding: m2("embedding.weight"),
    layers: Array.from({ length: layers }, (_, k) => ({
      wih: m2(`rnn.weight_ih_l${k}`),
      whh: m2(`rnn.weight_hh_l${k}`),
      bih: v1(`rnn.bias_ih_l${k}`),
      bhh: v1(`rnn.bias_hh_l${k}`),
    })),
    readoutW: m2("readout.weight"),
    readoutB: v1("readout.bias"),
  };
}
