import { describe, expect, it } from "vitest";
import { CLAIMS } from "../../proofs/index.js";
import { modelFactory } from "../../src/models/registry.js";
import { GADGET_MODEL_TARGET, partitionProtocol } from "../../src/comm/transformerPartitionGame.js";
import { UserError } from "../../src/util/errors.js";

const T = (format: string, width: number, heads = 1) => ({ model: "transformer", layers: 1, width, format, ...(heads > 1 ? { config: { heads } } : {}) });

describe("the one-layer Transformer game's claims", () => {
  it("transformer1-lower: H(d_h+2)p = 16 < n = 17, a replayed pair; the statement gives the bound, then this model's error", () => {
    const claim = CLAIMS.get("transformer1-lower")!;
    const cert = claim.check({ model: T("fixed:2.2", 2), n: 17 } as never);
    expect(cert.M).toBe(16);
    expect(cert.reduction).toEqual({ task: "disjointness", name: "dyck-gadget", options: {} });
    expect(cert.facts.map((f) => f.kind)).toEqual(["partitionFoolingPair"]);
    expect(cert.statement).toContain("needs H(d_h+2)p ≥ n");
    expect(cert.statement).toContain("fewer than n = 17, so by counting two x share a message");
    expect(cert.statement).toMatch(/this model, at this format, errs on \(x′?, y\); both are replayed/);
    expect(claim.verify(cert)).toMatchObject({ ok: true, claim: "transformer1-lower" });
    expect(CLAIMS.get("dyck-transformer-lower")!.verify(cert)).toMatchObject({ ok: false, field: "claim" });
  });

  it("transformer1-lower at n ≤ H(d_h+2)p: a pair found is the model's own, and the statement says counting did not force it", () => {
    const claim = CLAIMS.get("transformer1-lower")!;
    const cert = claim.check({ model: T("fixed:3.3", 4), n: 8 } as never);
    expect(cert.M).toBe(36);
    expect(cert.statement).toContain("at least n = 8, so counting does not force a shared message; this pair is this model's own");
    expect(claim.verify(cert)).toMatchObject({ ok: true });
  });

  it("dyck-transformer-lower: every (x, y) at n = 6 solved against DISJ, then a pair; M from the encoding with 2 heads", () => {
    const claim = CLAIMS.get("dyck-transformer-lower")!;
    const cert = claim.check({ model: T("fp8e4m3fn", 4, 2), n: 6 } as never);
    const model = modelFactory(T("fp8e4m3fn", 4, 2) as never, GADGET_MODEL_TARGET, 6)(6);
    const protocol = partitionProtocol(model, 6);
    expect(cert.M).toBe(2 * (2 + 2) * 8);
    expect(protocol.send(new Uint8Array(6)).length).toBe(cert.M);
    expect(cert.facts[0]).toEqual({ kind: "gadgetMembership", inputs: "every (x, y) in {0,1}^n x {0,1}^n", agree: 4096, total: 4096 });
    expect(cert.facts[1].kind).toBe("partitionFoolingPair");
    expect(cert.statement).toContain("is in Dyck-(2,2) iff DISJ(x, y)");
    expect(claim.verify(cert)).toMatchObject({ ok: true, claim: "dyck-transformer-lower" });
  });

  it("refuses models that are not one-layer transformers, sizes past the gadget check, and a search that finds nothing", () => {
    const claim = CLAIMS.get("transformer1-lower")!;
    expect(() => claim.check({ model: { model: "lstm", width: 2 }, n: 4 } as never)).toThrow(UserError);
    expect(() => claim.check({ model: { ...T("fp16", 2), layers: 2 }, n: 4 } as never)).toThrow(/--layers 1/);
    expect(() => CLAIMS.get("dyck-transformer-lower")!.check({ model: T("fp16", 2), n: 9 } as never)).toThrow(UserError);
    expect(() => claim.check({ model: T("fp16", 4), n: 3 } as never)).toThrow(/counting does not force one/);
  });

  it("a tampered pair, M or reduction is refuted naming the field", () => {
    const claim = CLAIMS.get("transformer1-lower")!;
    const cert: any = claim.check({ model: T("fixed:2.2", 2), n: 17 } as never);
    const field = (patch: (c: any) => void) => {
      const c = JSON.parse(JSON.stringify(cert));
      patch(c);
      const v = claim.verify(c);
      return v.ok ? "(accepted)" : v.field;
    };
    expect(field((c) => (c.M = 17))).toBe("M");
    expect(field((c) => (c.facts[0].output = 9 - c.facts[0].output))).toBe("facts[0].output");
    expect(field((c) => (c.facts[0].y = "0".repeat(17)))).toMatch(/^facts\[0\]\.(expected|expectedPrime|y)$/);
    expect(field((c) => (c.facts[0].xPrime = c.facts[0].x))).toBe("facts[0].xPrime");
    expect(field((c) => (c.reduction.name = "disjointness"))).toBe("reduction");
    expect(field((c) => (c.facts = [{ kind: "gadgetMembership", inputs: "every (x, y) in {0,1}^n x {0,1}^n", agree: 1, total: 1 }]))).toMatch(/^(n|facts\[0\]\.total|facts)$/);
  });
});
