import type { Reduction } from "../comm/reduction.js";
import type { ModelInfo, StreamingModel } from "../stream/model.js";
import { uintBits, BitCursor } from "../stream/codec.js";
import { userError } from "../util/errors.js";

/** State of the ideal algorithm: the stored bits of x, then the suffix tokens Bob has read. */
export interface IdealState {
  readonly stored: Uint8Array;
  readonly suffix: readonly number[];
}

/**
 * `ideal`: the textbook M-bit streaming algorithm for a reduction at size n. It keeps the first
 * M bits of x (reading bit j off block j, which it can locate because the position t is known
 * to both parties) and guesses the rest as 0. Its message is exactly M bits. Bob's side of a
 * one-way protocol is unbounded, but the ideal still pays for it explicitly: after Alice's
 * prefix it buffers the suffix tokens, ⌈log₂ V⌉ bits each, and answers the reduction's
 * expected answer on its reconstruction of x once the suffix names a query.
 */
export function idealModel(opts: { stateBits: number; reduction: Reduction; n: number }): StreamingModel<IdealState> {
  const { stateBits: M, reduction: r, n } = opts;
  if (!(Number.isInteger(M) && M >= 0)) userError(`--state-bits must be a whole number ≥ 0 (got ${M})`);
  const header = r.header(n);
  const L = r.block(n, 0, 0).length;
  for (let j = 0; j < n; j++) {
    if (r.block(n, j, 0).length !== L || r.block(n, j, 1).length !== L) {
      userError(`the ideal algorithm needs equal-length blocks; reduction ${r.name} has blocks of varying length`);
    }
  }
  const aliceLength = header.length + n * L;
  const V = r.vocabSize(n);
  const tokenBits = Math.max(1, Math.ceil(Math.log2(V)));
  const kept = Math.min(M, n);
  const suffixes = Array.from({ length: r.queryCount(n) }, (_, q) => r.suffix(n, q));

  const answerFor = (s: IdealState): number | null => {
    const q = suffixes.findIndex((suf) => suf.length === s.suffix.length && suf.every((tok, k) => tok === s.suffix[k]));
    if (q < 0) return null;
    const x = new Uint8Array(n);
    x.set(s.stored.subarray(0, kept));
    return r.expected(n, x, q);
  };

  const info: ModelInfo = {
    architecture: "ideal",
    format: null,
    stateBitsFormula: `M = ${M} during Alice's prefix; M + ${tokenBits}·(suffix tokens read) afterwards`,
    params: { stateBits: M, reduction: `${r.task}/${r.name}`, n },
  };
  return {
    name: `ideal(M=${M})`,
    vocabSize: V,
    format: null,
    init: () => ({ stored: new Uint8Array(M), suffix: [] }),
    step(s, token, t) {
      if (t >= aliceLength) return { stored: s.stored, suffix: [...s.suffix, token] };
      const j = Math.floor((t - header.length) / L);
      if (t < header.length || j >= kept) return s;
      const o = t - header.length - j * L;
      const b0 = r.block(n, j, 0)[o];
      const b1 = r.block(n, j, 1)[o];
      if (b0 === b1) return s;
      if (token !== b0 && token !== b1) userError(`token ${token} at position ${t} is not part of a ${r.name} prefix`);
      const stored = s.stored.slice();
      stored[j] = token === b1 ? 1 : 0;
      return { stored, suffix: s.suffix };
    },
    logits(s) {
      const out = new Float64Array(V);
      const a = answerFor(s);
      if (a !== null) out[a] = 1;
      return out;
    },
    encode(s) {
      let bits = "";
      for (let k = 0; k < M; k++) bits += s.stored[k] ? "1" : "0";
      for (const tok of s.suffix) bits += uintBits(tok, tokenBits);
      return bits;
    },
    decode(bits) {
      const c = new BitCursor(bits);
      const stored = new Uint8Array(M);
      for (let k = 0; k < M; k++) stored[k] = c.take(1) === "1" ? 1 : 0;
      const suffix: number[] = [];
      while (!c.done()) suffix.push(c.uint(tokenBits));
      return { stored, suffix };
    },
    stateBits: (t) => M + Math.max(0, t - aliceLength) * tokenBits,
    describe: () => info,
  };
}
