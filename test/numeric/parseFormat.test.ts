import { describe, expect, it } from "vitest";
import { parseFormat, PRESETS } from "../../src/numeric/index.js";
import { UserError } from "../../src/util/errors.js";

describe("parseFormat", () => {
  it.each([
    ["fp16", "fp16"],
    ["float:5.10", "fp16"],
    ["float:4.3:nan=fn", "fp8e4m3fn"],
    ["float:4.3:bias=7:sub=off:nan=fn:ovf=saturate", "float:4.3:sub=off:nan=fn:ovf=saturate"],
    ["float:4.3:ovf=saturate:bias=6", "float:4.3:bias=6:ovf=saturate"],
    ["fp16:ovf=saturate", "float:5.10:ovf=saturate"],
    ["fp8e4m3fn:nan=ieee", "float:4.3"],
    ["fixed:2.6:ovf=error", "fixed:2.6:ovf=error"],
    ["fixed:2.6:ovf=saturate", "fixed:2.6"],
    ["float:11.52", "float:11.52"],
    ["fp64", "fp64"],
  ])("%s is named %s and the name round-trips", (input, name) => {
    const f = parseFormat(input);
    expect(f.name).toBe(name);
    expect(parseFormat(f.name).name).toBe(f.name);
    expect(parseFormat(f.name)).toBe(f);
  });

  it.each([
    "fixed:0.0", "float:1.2", "fixed:2.x", "fixed:1.0", "fixed:20.13", "float:12.3", "float:4.0", "float:4.53",
    "fp16:foo=1", "fixed:2.6:ovf=inf", "fixed:2.6:ovf=nan", "fixed:2.6:bias=3", "float:4.3:nan=fn:ovf=inf",
    "float:4.3:sub=maybe", "float:4.3:bias=x", "float:4.3:bias=2000", "fp64:ovf=error", "fp17", "", "float:4.3:ovf=inf:ovf=inf",
    "float:4.3:", "FP16",
  ])("rejects %j with one UserError line saying what is accepted", (bad) => {
    let err: unknown;
    try {
      parseFormat(bad);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(UserError);
    const msg = (err as Error).message;
    expect(msg).not.toContain("\n");
    expect(msg).toContain("accepted: fp32 fp16 bf16");
  });

  it("presets are defined as PyTorch defines them", () => {
    const t = (n: keyof typeof PRESETS) => [PRESETS[n].bits, PRESETS[n].maxFinite, PRESETS[n].minPositive];
    expect(t("fp32")).toEqual([32, 3.4028234663852886e38, 2 ** -149]);
    expect(t("fp16")).toEqual([16, 65504, 2 ** -24]);
    expect(t("bf16")).toEqual([16, 3.3895313892515355e38, 2 ** -133]);
    expect(t("fp8e5m2")).toEqual([8, 57344, 2 ** -16]);
    expect(t("fp8e4m3fn")).toEqual([8, 448, 2 ** -9]);
    expect(t("fp64")).toEqual([64, Number.MAX_VALUE, Number.MIN_VALUE]);
    expect(PRESETS.fp8e4m3fn.spec).toMatchObject({ bias: 7, infNan: "fn", overflow: "nan", subnormals: true });
  });
});
