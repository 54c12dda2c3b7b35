import { describe, expect, it } from "vitest";
import fc from "fast-check";
import { packedCodec } from "../../../src/census/_internals/stateCodec.js";
import { packMessage } from "../../../src/census/_internals/packedMessage.js";
import { createGru } from "../../../src/models/gru.js";
import { createLstm } from "../../../src/models/lstm.js";
import { parseFormat } from "../../../src/numeric/index.js";
import { idealModel } from "../../../src/models/ideal.js";
import { indexReduction } from "../../../src/comm/reductions/indexReduction.js";
import type { StreamingModel } from "../../../src/stream/model.js";
import { createModel } from "../../../src/models/createModel.js";
import { scalarCodes } from "../../../src/stream/codec.js";

function check<S>(model: StreamingModel<S>, tokens: number[]): void {
  const codec = packedCodec(model);
  let state = model.init();
  for (let t = 0; t < tokens.length; t++) {
    state = model.step(state, tokens[t], t);
    const w = codec.width(t + 1);
    const fast = new Uint32Array(w);
    const slow = new Uint32Array(w);
    codec.pack(state, t + 1, fast, 0, w);
    packMessage(model.encode(state), slow, 0, w);
    expect(Array.from(fast)).toEqual(Array.from(slow));
    expect(model.encode(codec.unpack(fast, 0))).toBe(model.encode(state));
  }
}

describe("the census's packed codec is exactly packMessage(encode(state))", () => {
  for (const format of ["fp32", "fp16", "bf16", "fp8e4m3fn", "fp8e5m2", "fixed:2.6", "fixed:4.12", "fixed:3.2", "fp64"]) {
    it(`LSTM and GRU at ${format}, on random token streams`, () => {
      const f = parseFormat(format);
      const models = [createLstm({ width: 3, layers: 2, format: f, vocabSize: 6, seed: 2 }), createGru({ width: 5, layers: 1, format: f, vocabSize: 6, seed: 3 })];
      fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 5 }), { minLength: 1, maxLength: 12 }), (tokens) => models.forEach((m) => check(m, tokens))), { numRuns: 30 });
    });
  }
  it("the generic path (ideal model, growing suffix)", () => {
    const n = 6;
    const model = idealModel({ stateBits: 4, reduction: indexReduction, n });
    check(model, [1, 0, 1, 1, 0, 1, 3, 4]);
  });
});

describe("special values pack as encode() writes them", () => {
  for (const format of ["fp32", "fp16", "bf16", "fp8e4m3fn", "fp8e5m2"]) {
    it(format, () => {
      const f = parseFormat(format);
      const model = createLstm({ width: 4, layers: 1, format: f, vocabSize: 3, seed: 1 });
      const codec = packedCodec(model);
      const specials = [0, -0, NaN, Infinity, -Infinity, f.decode(1), -f.decode(1), f.decode(f.encode(1)), f.decode(f.encode(-1.5))];
      const isValue = (v: number): boolean => {
        try {
          return Number.isNaN(v) ? Number.isNaN(f.decode(f.encode(v))) : Object.is(f.decode(f.encode(v)), v);
        } catch {
          return false; // e.g. no infinities in the fn formats
        }
      };
      const values = specials.filter(isValue);
      for (let start = 0; start < values.length; start += 8) {
        const state = model.init();
        for (let i = 0; i < 8; i++) state[i] = values[(start + i) % values.length];
        const w = codec.width(0);
        const fast = new Uint32Array(w);
        const slow = new Uint32Array(w);
        codec.pack(state, 0, fast, 0, w);
        packMessage(model.encode(state), slow, 0, w);
        expect(Array.from(fast)).toEqual(Array.from(slow));
        expect(model.encode(codec.unpack(fast, 0))).toBe(model.encode(state));
      }
    });
  }
});

describe("sequence models pack their fields straight into words, as packMessage(encode(state))", () => {
  const archs: [string, Record<string, unknown>][] = [
    ["transformer", { width: 4, layers: 2, vocabSize: 6 }],
    ["mamba", { width: 4, layers: 1, vocabSize: 6 }],
    ["hybrid", { width: 4, layers: 1, vocabSize: 6, base: "gru" }],
  ];
  for (const format of ["fp32", "fp16", "fp8e4m3fn", "fixed:2.6", "fp64"]) {
    it(`transformer, mamba and hybrid at ${format}`, () => {
      for (const [arch, config] of archs) {
        const model = createModel(arch, config, parseFormat(format), 5) as StreamingModel<unknown>;
        check(model, [0, 3, 5, 1, 1, 2, 4, 0, 5]);
      }
    });
  }
});

describe("scalarCodes(fp32) is the format's encode and decode", () => {
  it("on specials and random patterns", () => {
    const f = parseFormat("fp32");
    const codes = scalarCodes(f);
    const patterns = [0, 0x80000000, 1, 0x7f7fffff, 0x7f800000, 0xff800000, 0x7fc00000, 0x7f800001, 0xffffffff, 0x00800000, 0x3f800000];
    for (let i = 0; i < 2000; i++) patterns.push((Math.imul(i + 1, 0x9e3779b1) >>> 0));
    for (const p of patterns) {
      const v = f.decode(p);
      expect(Object.is(codes.decode(p), v)).toBe(true);
      expect(codes.encode(v)).toBe(f.encode(v));
    }
  });
});

describe("scalarCodes of the ≤ 16-bit formats decode every code as the format does", () => {
  for (const format of ["fp16", "bf16", "fp8e4m3fn", "fp8e5m2", "fixed:2.6", "fixed:4.12"]) {
    it(format, () => {
      const f = parseFormat(format);
      const codes = scalarCodes(f);
      for (let c = 0; c < 2 ** f.bits; c++) {
        const v = f.decode(c);
        const got = codes.decode(c);
        if (Number.isNaN(v)) expect(Number.isNaN(got)).toBe(true);
        else if (!Object.is(got, v)) expect.fail(`${format} code ${c}: ${got} against ${v}`);
      }
    });
  }
});
