/**
 * Explicit states of the finite-state controllers (rag-*): a fixed list of named unsigned
 * integer fields, each with its own bit width, encoded as their concatenation (most
 * significant bit first, in field order). stateBits is the sum of the widths: the length of
 * this explicit encoding, the same after every token.
 */
import { BitCursor, uintBits } from "../../../stream/codec.js";
import type { BitString } from "../../../stream/model.js";
import { UserError } from "../../../util/errors.js";

export type FieldState<K extends string> = Readonly<Record<K, number>>;

export interface FieldLayout<K extends string> {
  readonly fields: readonly (readonly [K, number])[];
  readonly bits: number;
  encode(s: FieldState<K>): BitString;
  decode(bits: BitString): FieldState<K>;
  /** "phase 2 + u 7 + …": the widths, for describe(). */
  formula(): string;
}

/** Bits for the values 0 … count − 1 (at least 1). */
export const bitsFor = (count: number): number => Math.max(1, Math.ceil(Math.log2(count)));

export function fieldLayout<K extends string>(fields: readonly (readonly [K, number])[]): FieldLayout<K> {
  const bits = fields.reduce((a, [, w]) => a + w, 0);
  return {
    fields,
    bits,
    encode: (s) => fields.map(([k, w]) => uintBits(s[k], w)).join(""),
    decode(text) {
      if (text.length !== bits || /[^01]/.test(text)) throw new UserError(`a controller state is ${bits} bits of 0/1, got ${text.length} characters`);
      const c = new BitCursor(text);
      const out = {} as Record<K, number>;
      for (const [k, w] of fields) out[k] = c.uint(w);
      return out;
    },
    formula: () => `${fields.map(([k, w]) => `${k} ${w}`).join(" + ")} = ${bits}`,
  };
}

/** Logits with one 1 at `token` (the controller's next emission) and 0 elsewhere. */
export function oneHot(vocabSize: number, token: number): Float64Array {
  const out = new Float64Array(vocabSize);
  if (token >= 0 && token < vocabSize) out[token] = 1;
  return out;
}
