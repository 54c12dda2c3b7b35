/**
 * Boundary tables per format: powers of two ± one ulp, round-half-even ties, the largest finite
 * value, the overflow threshold maxFinite + ulp/2 (and the double just below it), the smallest
 * subnormal and subnormal ties. Expected values are exact decimal strings compared with big.js
 * on the exact decimal expansion of the result (see _oracle/exactDecimal.ts for why not
 * `new Big(number)`); "+0"/"-0"/"+inf"/"-inf"/"NaN" are compared with Object.is, "RangeError"
 * means the operation must throw one.
 */
import { Big } from "big.js";
import { describe, expect, it } from "vitest";
import { parseFormat } from "../../src/numeric/index.js";
import { exactDecimal, nextDown, nextUp } from "./_oracle/exactDecimal.js";

type Op = "round" | "add" | "sub" | "mul" | "div" | "sqrt";
/** [what, operation, operands, expected] */
type Row = readonly [string, Op, readonly number[], string];

const P = (k: number): number => 2 ** k; // exact powers of two

// exact decimals too long to read inline
const TWO_M149 = "1.40129846432481707092372958328991613128026194187651577175706828388979108268586060148663818836212158203125e-45";
const TWO_M148 = "2.8025969286496341418474591665798322625605238837530315435141365677795821653717212029732763767242431640625e-45";
const TWO_M126 = "1.1754943508222875079687365372222456778186655567720875215087517062784172594547271728515625e-38";
const TWO_M133 = "9.18354961579912115600575419704879435795832466228193376178712270530013483949005603790283203125e-41";
const TWO_M132 = "1.83670992315982423120115083940975887159166493245638675235742454106002696789801120758056640625e-40";
const FP32_MAX = "340282346638528859811704183484516925440"; // (2 − 2^−23)·2^127
const BF16_MAX = "338953138925153547590470800371487866880"; // (2 − 2^−7)·2^127

const TABLES: Record<string, readonly Row[]> = {
  // B = 7, ulp 1/16, k ∈ [−64, 63]
  "fixed:3.4": [
    ["1", "round", [1], "1"],
    ["1 + ulp", "round", [1 + P(-4)], "1.0625"],
    ["1 − ulp", "round", [1 - P(-4)], "0.9375"],
    ["2 + ulp", "round", [2 + P(-4)], "2.0625"],
    ["2 − ulp", "round", [2 - P(-4)], "1.9375"],
    ["tie 1 + ulp/2 → even k = 16", "round", [1 + P(-5)], "1"],
    ["tie 1 + 3ulp/2 → even k = 18", "round", [1 + 3 * P(-5)], "1.125"],
    ["tie ulp/2 → 0", "round", [P(-5)], "+0"],
    ["tie −ulp/2 → +0 (fixed has no −0)", "round", [-P(-5)], "+0"],
    ["tie −3ulp/2 → even k = −2", "round", [-3 * P(-5)], "-0.125"],
    ["smallest positive", "round", [P(-4)], "0.0625"],
    ["just above ulp/2", "round", [nextUp(P(-5))], "0.0625"],
    ["largest", "round", [3.9375], "3.9375"],
    ["threshold max + ulp/2 (k 63.5 → 64 > kmax): saturate", "round", [3.96875], "3.9375"],
    ["just below the threshold", "round", [nextDown(3.96875)], "3.9375"],
    ["far above: saturate", "round", [100], "3.9375"],
    ["smallest (−2^(I−1))", "round", [-4], "-4"],
    ["min − ulp/2 (k −64.5 → −64, even): in range", "round", [-4.03125], "-4"],
    ["just below min − ulp/2: saturate", "round", [nextDown(-4.03125)], "-4"],
    ["add past the max: saturate", "add", [3.9375, 0.0625], "3.9375"],
    ["mul tie 3/32 → 2/16", "mul", [0.1875, 0.5], "0.125"],
    ["mul tie 1/32 → 0", "mul", [0.0625, 0.5], "+0"],
    ["div 1/3 (k 5.33 → 5)", "div", [1, 3], "0.3125"],
    ["sqrt 2 (k 22.63 → 23)", "sqrt", [2], "1.4375"],
    ["1/0 = +∞: saturate", "div", [1, 0], "3.9375"],
    ["0/0 has no value", "div", [0, 0], "RangeError"],
  ],
  // B = 8, ulp 1/64, k ∈ [−128, 127]
  "fixed:2.6": [
    ["1 + ulp", "round", [1 + P(-6)], "1.015625"],
    ["1 − ulp", "round", [1 - P(-6)], "0.984375"],
    ["0.5 + ulp", "round", [0.5 + P(-6)], "0.515625"],
    ["0.5 − ulp", "round", [0.5 - P(-6)], "0.484375"],
    ["tie 1 + ulp/2 → 1", "round", [1 + P(-7)], "1"],
    ["tie 1 + 3ulp/2 → 1 + 2ulp", "round", [1 + 3 * P(-7)], "1.03125"],
    ["tie ulp/2 → 0", "round", [P(-7)], "+0"],
    ["tie 3ulp/2 → 2ulp", "round", [3 * P(-7)], "0.03125"],
    ["smallest positive", "round", [P(-6)], "0.015625"],
    ["largest", "round", [127 / 64], "1.984375"],
    ["threshold max + ulp/2: saturate", "round", [1.9921875], "1.984375"],
    ["just below the threshold", "round", [nextDown(1.9921875)], "1.984375"],
    ["smallest", "round", [-2], "-2"],
    ["min − ulp/2 (k −128.5 → −128): in range", "round", [-2.0078125], "-2"],
    ["just below min − ulp/2: saturate", "round", [nextDown(-2.0078125)], "-2"],
    ["1.5 × 1.5 = 2.25: saturate", "mul", [1.5, 1.5], "1.984375"],
    ["−2 × −2 = 4: saturate", "mul", [-2, -2], "1.984375"],
    ["−2 × 1 = −2 exactly", "mul", [-2, 1], "-2"],
    ["div 0.5/1.5 = 1/3 (k 21.33 → 21)", "div", [0.5, 1.5], "0.328125"],
    ["sqrt 0.5 (k 45.25 → 45)", "sqrt", [0.5], "0.703125"],
  ],
  // E 3 bias 3: emin −2, emax 3, max 1.75·8 = 14, top ulp 2, subnormal quantum 2^−4
  "float:3.2": [
    ["1 + ulp", "round", [1.25], "1.25"],
    ["1 − ulp (binade below)", "round", [0.875], "0.875"],
    ["8 + ulp", "round", [10], "10"],
    ["8 − ulp", "round", [7], "7"],
    ["tie 1 + ulp/2 → 1", "round", [1.125], "1"],
    ["tie 1 + 3ulp/2 → 1.5", "round", [1.375], "1.5"],
    ["tie 1 − ulp/2 (below) → 1", "round", [0.9375], "1"],
    ["tie 9 → 8", "round", [9], "8"],
    ["tie 11 → 12", "round", [11], "12"],
    ["largest", "round", [14], "14"],
    ["threshold 14 + 1 (max significand odd) → ∞", "round", [15], "+inf"],
    ["just below the threshold", "round", [nextDown(15)], "14"],
    ["−threshold", "round", [-15], "-inf"],
    ["just above −threshold", "round", [-nextDown(15)], "-14"],
    ["14 + 1 overflows", "add", [14, 1], "+inf"],
    ["14 + 0.75 stays", "add", [14, 0.75], "14"],
    ["smallest subnormal", "round", [P(-4)], "0.0625"],
    ["largest subnormal", "round", [3 * P(-4)], "0.1875"],
    ["smallest normal", "round", [P(-2)], "0.25"],
    ["tie min subnormal/2 → +0", "round", [P(-5)], "+0"],
    ["tie −min subnormal/2 → −0", "round", [-P(-5)], "-0"],
    ["just above min subnormal/2", "round", [nextUp(P(-5))], "0.0625"],
    ["subnormal tie 1.5 q → 2q", "round", [3 * P(-5)], "0.125"],
    ["subnormal tie 2.5 q → 2q", "round", [5 * P(-5)], "0.125"],
    ["subnormal tie 3.5 q → smallest normal", "round", [7 * P(-5)], "0.25"],
    ["mul to min subnormal/2 → +0", "mul", [P(-4), 0.5], "+0"],
    ["mul to −min subnormal/2 → −0", "mul", [-P(-4), 0.5], "-0"],
    ["mul to 1.5 q → 2q", "mul", [3 * P(-4), 0.5], "0.125"],
    ["1/0", "div", [1, 0], "+inf"],
    ["−1/0", "div", [-1, 0], "-inf"],
    ["√−1", "sqrt", [-1], "NaN"],
  ],
  // E 4 bias 7: emin −6, emax 7, max 1.875·128 = 240, top ulp 16, subnormal quantum 2^−9
  "float:4.3": [
    ["1 + ulp", "round", [1.125], "1.125"],
    ["1 − ulp", "round", [0.9375], "0.9375"],
    ["128 + ulp", "round", [144], "144"],
    ["128 − ulp", "round", [120], "120"],
    ["tie 1 + ulp/2 → 1", "round", [1.0625], "1"],
    ["tie 1 + 3ulp/2 → 1.25", "round", [1.1875], "1.25"],
    ["tie 1 − ulp/2 → 1", "round", [0.96875], "1"],
    ["tie 136 → 128", "round", [136], "128"],
    ["tie 152 → 160", "round", [152], "160"],
    ["largest", "round", [240], "240"],
    ["threshold 240 + 8 → ∞", "round", [248], "+inf"],
    ["just below the threshold", "round", [nextDown(248)], "240"],
    ["−threshold", "round", [-248], "-inf"],
    ["240 + 8 overflows", "add", [240, 8], "+inf"],
    ["240 + 7.5 stays", "add", [240, 7.5], "240"],
    ["smallest subnormal", "round", [P(-9)], "0.001953125"],
    ["largest subnormal", "round", [7 * P(-9)], "0.013671875"],
    ["tie q/2 → +0", "round", [P(-10)], "+0"],
    ["tie −q/2 → −0", "round", [-P(-10)], "-0"],
    ["subnormal tie 1.5 q → 2q", "round", [3 * P(-10)], "0.00390625"],
    ["subnormal tie 2.5 q → 2q", "round", [5 * P(-10)], "0.00390625"],
    ["subnormal tie 7.5 q → smallest normal", "round", [15 * P(-10)], "0.015625"],
    ["mul to q/2 → +0", "mul", [P(-9), 0.5], "+0"],
  ],
  // E 4 M 3 bias 7, no ∞, S.1111.111 = NaN: max 1.110·2^8 = 448 (even significand), ulp 32
  fp8e4m3fn: [
    ["1 + ulp", "round", [1.125], "1.125"],
    ["1 − ulp", "round", [0.9375], "0.9375"],
    ["256 + ulp", "round", [288], "288"],
    ["256 − ulp", "round", [240], "240"],
    ["tie 272 → 256", "round", [272], "256"],
    ["tie 304 → 320", "round", [304], "320"],
    ["largest", "round", [448], "448"],
    ["tie 448 + 16 → 448 (max significand even: no overflow)", "round", [464], "448"],
    ["just above 464 → 480 > max: NaN", "round", [nextUp(464)], "NaN"],
    ["just below 464", "round", [nextDown(464)], "448"],
    ["480 (the NaN code's place)", "round", [480], "NaN"],
    ["−464 → −448", "round", [-464], "-448"],
    ["just below −464: NaN", "round", [-nextUp(464)], "NaN"],
    ["448 + 16 → 448", "add", [448, 16], "448"],
    ["448 + 18 → NaN", "add", [448, 18], "NaN"],
    ["−448 × 2 → NaN", "mul", [-448, 2], "NaN"],
    ["1/0 (no ∞) → NaN", "div", [1, 0], "NaN"],
    ["smallest subnormal", "round", [P(-9)], "0.001953125"],
    ["tie q/2 → +0", "round", [P(-10)], "+0"],
    ["tie −q/2 → −0", "round", [-P(-10)], "-0"],
    ["subnormal tie 1.5 q → 2q", "round", [3 * P(-10)], "0.00390625"],
    ["subnormal tie 7.5 q → smallest normal", "round", [15 * P(-10)], "0.015625"],
  ],
  // E 5 M 2 bias 15: emin −14, emax 15, max 1.11·2^15 = 57344, top ulp 8192, q = 2^−16
  fp8e5m2: [
    ["1 + ulp", "round", [1.25], "1.25"],
    ["1 − ulp", "round", [0.875], "0.875"],
    ["32768 + ulp", "round", [40960], "40960"],
    ["32768 − ulp", "round", [28672], "28672"],
    ["tie 1.125 → 1", "round", [1.125], "1"],
    ["tie 1.375 → 1.5", "round", [1.375], "1.5"],
    ["tie 36864 → 32768", "round", [36864], "32768"],
    ["tie 45056 → 49152", "round", [45056], "49152"],
    ["largest", "round", [57344], "57344"],
    ["threshold 57344 + 4096 → ∞", "round", [61440], "+inf"],
    ["just below the threshold", "round", [nextDown(61440)], "57344"],
    ["−threshold", "round", [-61440], "-inf"],
    ["57344 + 4096 overflows", "add", [57344, 4096], "+inf"],
    ["57344 + 3584 stays", "add", [57344, 3584], "57344"],
    ["smallest subnormal", "round", [P(-16)], "0.0000152587890625"],
    ["tie q/2 → +0", "round", [P(-17)], "+0"],
    ["tie −q/2 → −0", "round", [-P(-17)], "-0"],
    ["subnormal tie 1.5 q → 2q", "round", [3 * P(-17)], "0.000030517578125"],
    ["subnormal tie 2.5 q → 2q", "round", [5 * P(-17)], "0.000030517578125"],
    ["subnormal tie 3.5 q → smallest normal", "round", [7 * P(-17)], "0.00006103515625"],
  ],
  // E 5 M 10 bias 15: max 65504, top ulp 32, q = 2^−24
  fp16: [
    ["1 + ulp", "round", [1 + P(-10)], "1.0009765625"],
    ["1 − ulp", "round", [1 - P(-11)], "0.99951171875"],
    ["2048 + ulp", "round", [2050], "2050"],
    ["2048 − ulp", "round", [2047], "2047"],
    ["tie 1 + ulp/2 → 1", "round", [1 + P(-11)], "1"],
    ["tie 1 + 3ulp/2 → 1 + 2ulp", "round", [1 + 3 * P(-11)], "1.001953125"],
    ["tie 1 − ulp/2 → 1", "round", [1 - P(-12)], "1"],
    ["tie 2049 → 2048", "round", [2049], "2048"],
    ["tie 2051 → 2052", "round", [2051], "2052"],
    ["largest", "round", [65504], "65504"],
    ["threshold 65504 + 16 → ∞", "round", [65520], "+inf"],
    ["just below the threshold", "round", [nextDown(65520)], "65504"],
    ["−threshold", "round", [-65520], "-inf"],
    ["65504 + 16 overflows", "add", [65504, 16], "+inf"],
    ["65504 + 15 stays", "add", [65504, 15], "65504"],
    ["smallest subnormal", "round", [P(-24)], "5.9604644775390625e-8"],
    ["largest subnormal", "round", [P(-14) - P(-24)], "0.000060975551605224609375"],
    ["tie q/2 → +0", "round", [P(-25)], "+0"],
    ["tie −q/2 → −0", "round", [-P(-25)], "-0"],
    ["just above q/2", "round", [nextUp(P(-25))], "5.9604644775390625e-8"],
    ["subnormal tie 1.5 q → 2q", "round", [3 * P(-25)], "1.1920928955078125e-7"],
    ["subnormal tie 2.5 q → 2q", "round", [5 * P(-25)], "1.1920928955078125e-7"],
    ["tie below the smallest normal → it", "round", [P(-14) - P(-25)], "0.00006103515625"],
    ["mul to 1.5 q → 2q", "mul", [3 * P(-24), 0.5], "1.1920928955078125e-7"],
  ],
  // E 8 M 7 bias 127: max (2 − 2^−7)·2^127, top ulp 2^120, q = 2^−133
  bf16: [
    ["1 + ulp", "round", [1 + P(-7)], "1.0078125"],
    ["1 − ulp", "round", [1 - P(-8)], "0.99609375"],
    ["256 + ulp", "round", [258], "258"],
    ["256 − ulp", "round", [255], "255"],
    ["tie 1 + ulp/2 → 1", "round", [1 + P(-8)], "1"],
    ["tie 1 + 3ulp/2 → 1 + 2ulp", "round", [1 + 3 * P(-8)], "1.015625"],
    ["tie 257 → 256", "round", [257], "256"],
    ["tie 259 → 260", "round", [259], "260"],
    ["largest", "round", [255 * P(120)], BF16_MAX],
    ["threshold max + 2^119 → ∞", "round", [(2 - P(-8)) * P(127)], "+inf"],
    ["just below the threshold", "round", [nextDown((2 - P(-8)) * P(127))], BF16_MAX],
    ["−threshold", "round", [-(2 - P(-8)) * P(127)], "-inf"],
    ["max + 2^119 overflows", "add", [255 * P(120), P(119)], "+inf"],
    ["2^127 × 2 overflows", "mul", [P(127), 2], "+inf"],
    ["smallest subnormal", "round", [P(-133)], TWO_M133],
    ["tie q/2 → +0", "round", [P(-134)], "+0"],
    ["tie −q/2 → −0", "round", [-P(-134)], "-0"],
    ["subnormal tie 1.5 q → 2q", "round", [3 * P(-134)], TWO_M132],
    ["subnormal tie 2.5 q → 2q", "round", [5 * P(-134)], TWO_M132],
    ["tie below the smallest normal → it", "round", [P(-126) - P(-134)], TWO_M126],
  ],
  // binary32
  fp32: [
    ["1 + ulp", "round", [1 + P(-23)], "1.00000011920928955078125"],
    ["1 − ulp", "round", [1 - P(-24)], "0.999999940395355224609375"],
    ["2^24 + ulp", "round", [16777218], "16777218"],
    ["2^24 − ulp", "round", [16777215], "16777215"],
    ["tie 1 + ulp/2 → 1", "round", [1 + P(-24)], "1"],
    ["tie 1 + 3ulp/2 → 1 + 2ulp", "round", [1 + 3 * P(-24)], "1.0000002384185791015625"],
    ["tie 2^24 + 1 → 2^24", "round", [16777217], "16777216"],
    ["tie 2^24 + 3 → 2^24 + 4", "round", [16777219], "16777220"],
    ["largest", "round", [(2 - P(-23)) * P(127)], FP32_MAX],
    ["threshold max + 2^103 → ∞", "round", [(2 - P(-24)) * P(127)], "+inf"],
    ["just below the threshold", "round", [nextDown((2 - P(-24)) * P(127))], FP32_MAX],
    ["−threshold", "round", [-(2 - P(-24)) * P(127)], "-inf"],
    ["max + 2^103 overflows", "add", [(2 - P(-23)) * P(127), P(103)], "+inf"],
    ["max + 2^102 stays", "add", [(2 - P(-23)) * P(127), P(102)], FP32_MAX],
    ["smallest subnormal", "round", [P(-149)], TWO_M149],
    ["tie q/2 → +0", "round", [P(-150)], "+0"],
    ["tie −q/2 → −0", "round", [-P(-150)], "-0"],
    ["just above q/2", "round", [nextUp(P(-150))], TWO_M149],
    ["subnormal tie 1.5 q → 2q", "round", [3 * P(-150)], TWO_M148],
    ["subnormal tie 2.5 q → 2q", "round", [5 * P(-150)], TWO_M148],
    ["tie below the smallest normal → it", "round", [P(-126) - P(-150)], TWO_M126],
    ["mul to q/2 → +0", "mul", [P(-149), 0.5], "+0"],
    ["mul to 1.5 q → 2q", "mul", [3 * P(-149), 0.5], TWO_M148],
  ],
};

/**
 * The overflow threshold under every policy the format admits: the same inputs, the expected
 * result per policy (RNE first as if the exponent range were unbounded, then the policy).
 */
const POLICIES: Record<string, readonly Row[]> = {
  "fixed:3.4:ovf=error": [
    ["threshold max + ulp/2", "round", [3.96875], "RangeError"],
    ["just below the threshold", "round", [nextDown(3.96875)], "3.9375"],
    ["min − ulp/2 rounds to min (even)", "round", [-4.03125], "-4"],
    ["just below min − ulp/2", "round", [nextDown(-4.03125)], "RangeError"],
    ["add past the max", "add", [3.9375, 0.0625], "RangeError"],
  ],
  "fixed:2.6:ovf=error": [
    ["threshold", "round", [1.9921875], "RangeError"],
    ["just below", "round", [nextDown(1.9921875)], "1.984375"],
    ["min − ulp/2", "round", [-2.0078125], "-2"],
    ["−2 × −2", "mul", [-2, -2], "RangeError"],
  ],
  "float:3.2:ovf=saturate": [
    ["threshold", "round", [15], "14"],
    ["−threshold", "round", [-15], "-14"],
    ["1/0", "div", [1, 0], "+inf"], // an exact ∞ stays ∞ in a format that has it
  ],
  "float:3.2:ovf=nan": [
    ["threshold", "round", [15], "NaN"],
    ["just below", "round", [nextDown(15)], "14"],
  ],
  "float:3.2:ovf=error": [
    ["threshold", "round", [15], "RangeError"],
    ["just below", "round", [nextDown(15)], "14"],
    ["14 + 1", "add", [14, 1], "RangeError"],
  ],
  "fp16:ovf=saturate": [
    ["threshold", "round", [65520], "65504"],
    ["−threshold", "round", [-65520], "-65504"],
  ],
  "fp8e4m3fn:ovf=saturate": [
    ["tie 464 → 448 under every policy", "round", [464], "448"],
    ["just above 464", "round", [nextUp(464)], "448"],
    ["1/0 (exact ∞, no ∞ in the format)", "div", [1, 0], "448"],
  ],
  "fp8e4m3fn:ovf=error": [
    ["tie 464 → 448 under every policy", "round", [464], "448"],
    ["just above 464", "round", [nextUp(464)], "RangeError"],
  ],
};

function run(name: string, rows: readonly Row[]): void {
  describe(name, () => {
    const f = parseFormat(name);
    it.each(rows.map((r) => [r[0], r] as const))("%s", (_what, [, op, args, want]) => {
      if (op !== "round") for (const a of args) expect(f.isValue(a), `operand ${a} is a value of ${name}`).toBe(true);
      const call = (): number => (op === "round" || op === "sqrt" ? f[op](args[0]) : f[op](args[0], args[1]));
      if (want === "RangeError") {
        expect(call).toThrow(RangeError);
        return;
      }
      const got = call();
      const special: Record<string, number> = { "+0": 0, "-0": -0, "+inf": Infinity, "-inf": -Infinity, NaN: NaN };
      if (want in special) {
        expect(Object.is(got, special[want]), `got ${Object.is(got, -0) ? "-0" : got}, want ${want}`).toBe(true);
        return;
      }
      expect(Number.isFinite(got), `got ${got}, want ${want}`).toBe(true);
      const exact = exactDecimal(got);
      expect(new Big(exact).eq(new Big(want)), `got ${exact}, want ${want}`).toBe(true);
    });
  });
}

describe("boundary tables", () => {
  for (const [name, rows] of Object.entries(TABLES)) run(name, rows);
});
describe("the overflow threshold per policy", () => {
  for (const [name, rows] of Object.entries(POLICIES)) run(name, rows);
});

describe("the table's exact decimals", () => {
  it("exactDecimal is exact (2^−24 is not its shortest round-trip string)", () => {
    expect(exactDecimal(P(-24))).toBe("0.000000059604644775390625");
    expect(new Big(exactDecimal(P(-149))).eq(new Big(TWO_M149))).toBe(true);
    expect(new Big(exactDecimal(0.1)).eq(new Big("0.1"))).toBe(false);
    expect(exactDecimal(-1.5)).toBe("-1.5");
  });
});
