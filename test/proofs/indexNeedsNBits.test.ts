import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { indexNeedsNBits } from "../../proofs/index.js";
import { cli } from "../cli/helpers.js";

describe("claim index-needs-n-bits", () => {
  it("certifies an M-bit model's failure at n > M, and the certificate verifies", () => {
    const cert = indexNeedsNBits.check({ model: { model: "ideal", stateBits: 5 }, n: 7 });
    expect(cert.message).toHaveLength(5);
    expect(cert.x).not.toBe(cert.xPrime);
    expect(indexNeedsNBits.verify(cert)).toEqual({ ok: true });
  });
  it("finds a certificate by search past exhaustive sizes", () => {
    const cert = indexNeedsNBits.check({ model: { model: "ideal", stateBits: 16 }, n: 48, samples: 64 });
    expect(indexNeedsNBits.verify(cert)).toEqual({ ok: true });
  });
  it("rejects tampered certificates", () => {
    const cert = indexNeedsNBits.check({ model: { model: "ideal", stateBits: 3 }, n: 5 });
    const flipped = cert.message.replace(/^./, (b) => (b === "0" ? "1" : "0"));
    expect(indexNeedsNBits.verify({ ...cert, message: flipped }).ok).toBe(false);
    expect(indexNeedsNBits.verify({ ...cert, output: 1 - cert.output }).ok).toBe(false);
    expect(indexNeedsNBits.verify({ ...cert, xPrime: cert.x }).ok).toBe(false);
    expect(indexNeedsNBits.verify({ ...cert, extra: 1 }).ok).toBe(false);
  });
  it("round-trips through `streambound prove` and `streambound verify`", async () => {
    const out = join(mkdtempSync(join(tmpdir(), "sb-")), "cert.json");
    const p = await cli("prove", "index-needs-n-bits", "--model", "ideal", "--state-bits", "4", "--n", "6", "--out", out);
    expect(p.code).toBe(0);
    const v = await cli("verify", out, "--json");
    expect(JSON.parse(v.stdout)).toEqual({ claim: "index-needs-n-bits", ok: true });
  });
});
