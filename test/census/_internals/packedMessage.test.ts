import { describe, expect, it } from "vitest";
import { messageHex, packedWords, packMessage, parseMessageHex, unpackMessage } from "../../../src/census/_internals/packedMessage.js";
import { KeyTable } from "../../../src/census/_internals/keyTable.js";

describe("packed messages", () => {
  it("round-trip every length around word boundaries, through words and through hex", () => {
    for (const L of [0, 1, 5, 31, 32, 33, 63, 64, 65, 100, 256]) {
      let s = "";
      for (let k = 0; k < L; k++) s += (k * 7 + L) % 3 === 0 ? "1" : "0";
      const w = packedWords(L) + 1;
      const a = new Uint32Array(w + 2);
      packMessage(s, a, 1, w);
      expect(unpackMessage(a, 1)).toBe(s);
      const b = new Uint32Array(w);
      parseMessageHex(messageHex(a, 1), b, 0, w);
      expect(Array.from(b)).toEqual(Array.from(a.subarray(1, 1 + w)));
    }
  });
  it("tell apart messages that differ only in length", () => {
    const a = new Uint32Array(2);
    const b = new Uint32Array(2);
    packMessage("01", a, 0, 2);
    packMessage("010", b, 0, 2);
    expect(Array.from(a)).not.toEqual(Array.from(b));
  });
});

describe("KeyTable", () => {
  it("gives dense ids in insertion order through many rehashes and finds every key again", () => {
    const t = new KeyTable(3, 1);
    const key = new Uint32Array(3);
    const N = 50_000;
    for (let pass = 0; pass < 2; pass++) {
      for (let i = 0; i < N; i++) {
        key[0] = i % 7;
        key[1] = Math.imul(i, 2654435761) >>> 0;
        key[2] = i >>> 3;
        expect(t.insert(key)).toBe(i);
      }
    }
    expect(t.size).toBe(N);
    key.set([1, 2, 3]);
    expect(t.find(key)).toBe(-1);
    expect(t.keys().length).toBe(3 * N);
  });
});
