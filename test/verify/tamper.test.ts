import { describe, expect, it } from "vitest";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { CLAIMS } from "../../proofs/index.js";
import { createLstm, getReduction } from "../../src/index.js";
import { parseFormat } from "../../src/numeric/index.js";
import { saveWeights } from "../../src/models/weights/save.js";
import { mutations } from "./_helpers/mutations.js";
import { falseFact } from "./_helpers/rederive.js";

const weightsPath = join(mkdtempSync(join(tmpdir(), "sb-tamper-")), "lstm.json");
saveWeights(createLstm({ width: 2, layers: 1, format: parseFormat("fixed:2.6"), vocabSize: getReduction("index").vocabSize(6), seed: 7 }), weightsPath, "json");

/** Real certificates of every claim kind, at sizes where each verification takes milliseconds. */
const CASES: [string, Record<string, unknown>][] = [
  ["index-lower", { model: { model: "lstm", width: 2, format: "fixed:2.6" }, n: 20 }],
  ["index-lower", { model: { model: "lstm", width: 2, format: "fixed:2.6" }, n: 6 }],
  ["index-lower", { model: { model: "ideal", stateBits: 3 }, n: 5 }],
  ["index-lower", { model: { model: "lstm", weights: weightsPath, format: "fixed:2.6" }, n: 6 }],
  ["index-lower", { model: { model: "ideal", stateBits: 8 }, n: 24, samples: 40 }],
  ["ar-lower", { model: { model: "ideal", stateBits: 2 }, n: 4 }],
  ["cgram-lower", { model: { model: "ideal", stateBits: 2 }, n: 4 }],
  ["counting-lower", { model: { model: "lstm", width: 1 }, n: 4 }],
  ["istree-cot-lower", { model: { model: "lstm", width: 1 }, n: 3, cotTokens: 8 }],
  ["cot-no-rescue", { model: { model: "ideal", stateBits: 2 }, n: 4, cotTokens: 6 }],
  ["indexlookup-lower", { model: { model: "gru", width: 1 }, n: 4 }],
  ["equality-lower", { model: { model: "ideal", stateBits: 2 }, n: 3 }],
  ["disjointness-lower", { model: { model: "gru", width: 1 }, n: 3 }],
  ["nn-lower", { model: { model: "elman", width: 1 }, n: 4 }],
  ["rag-upper", { model: { model: "rag-index" }, n: 5 }],
  ["rag-upper", { model: { model: "rag-ar" }, n: 4, reduction: "ar/ar" }],
  ["dyck-rnn-upper", { model: { model: "dyck-rnn" }, n: 4 }],
  ["transformer1-lower", { model: { model: "transformer", layers: 1, width: 2, format: "fixed:2.2" }, n: 17 }],
  ["dyck-transformer-lower", { model: { model: "transformer", layers: 1, width: 2, format: "fixed:2.2" }, n: 5 }],
  ["construction-upper", { model: { model: "transformer-index" }, n: 4 }],
  ["construction-upper", { model: { model: "transformer-indexlookup" }, n: 3 }],
  ["construction-upper", { model: { model: "hybrid-ar" }, n: 3 }],
  ["construction-upper", { model: { model: "transformer-eq" }, n: 3 }],
];

describe("tampering with certificates", () => {
  for (const [id, params] of CASES) {
    it(`${id} ${JSON.stringify(params.model)} n=${params.n}: every tampered leaf is refuted naming a field, or still states only true facts`, () => {
      const claim = CLAIMS.get(id)!;
      const cert = claim.check(params as never);
      expect(claim.verify(cert)).toMatchObject({ ok: true });
      expect(falseFact(cert)).toBeNull();
      let refuted = 0;
      let stillTrue = 0;
      const falsePasses: string[] = [];
      for (const m of mutations(cert)) {
        const v = claim.verify(m.value);
        if (v.ok) {
          const bad = falseFact(m.value);
          if (bad === null) stillTrue++;
          else falsePasses.push(`${m.path.join(".")} ${m.what}: ${bad}`);
        } else {
          refuted++;
          expect(v.field, `${m.path.join(".")} ${m.what}`).toMatch(/^[A-Za-z(]/);
          expect(v.reason).not.toMatch(/\n/);
          expect(v.reason.length).toBeGreaterThan(0);
        }
      }
      expect(falsePasses).toEqual([]);
      expect(refuted).toBeGreaterThan(20);
      expect(refuted + stillTrue).toBeGreaterThan(30);
    });
  }

  it("names the field for the tamperings the issue lists (n = 20 > exhaustive sizes, M = 32)", () => {
    const claim = CLAIMS.get("index-lower")!;
    const cert: any = claim.check({ model: { model: "lstm", width: 2, format: "fixed:2.6" }, n: 20 } as never);
    const pair = cert.facts.find((f: any) => f.kind === "foolingPair");
    const k = cert.facts.indexOf(pair);
    const field = (patch: (c: any) => void): string => {
      const c = JSON.parse(JSON.stringify(cert));
      patch(c);
      const v = claim.verify(c);
      return v.ok ? "(accepted)" : v.field;
    };
    expect(field((c) => (c.M = 23))).toBe("M");
    expect(field((c) => (c.M = 1e9))).toBe("M");
    expect(field((c) => (c.facts[k].messageSha256 = "0".repeat(64)))).toBe(`facts[${k}].messageSha256`);
    expect(field((c) => (c.facts[k].output = 1 - pair.output))).toBe(`facts[${k}].output`);
    expect(field((c) => (c.weightsSha256 = "0".repeat(64)))).toBe("weightsSha256");
    expect(field((c) => (c.model.request.seed = 2))).toBe("weightsSha256");
    expect(field((c) => (c.n = 19))).toMatch(/^(modelName|facts\[\d\]\.x)$/);
    const flip = (s: string, j: number) => s.slice(0, j) + (s[j] === "0" ? "1" : "0") + s.slice(j + 1);
    expect(field((c) => (c.facts[k].x = flip(pair.x, pair.query)))).toMatch(new RegExp(`^facts\\[${k}\\]\\.(x|xPrime|query)$`));
    // flipping x′ at the query changes its right answer: refuted at the pair or at its claimed answer
    expect(field((c) => (c.facts[k].xPrime = flip(pair.xPrime, pair.query)))).toMatch(new RegExp(`^facts\\[${k}\\]\\.(x|xPrime|query|expectedPrime)$`));
    expect(field((c) => (c.format = "fixed:3.6"))).toMatch(/^(format|M)$/);
    expect(field((c) => (c.model.request.format = "fixed:3.6"))).toMatch(/^(modelName|format|M|weightsSha256)$/);
  });

  it("ideal: changing --state-bits in the spec or M is refuted (M is recomputed from the model)", () => {
    const claim = CLAIMS.get("index-lower")!;
    const cert: any = claim.check({ model: { model: "ideal", stateBits: 4 }, n: 8 } as never);
    for (const M of [3, 5, 23, 1e9]) {
      expect(claim.verify({ ...cert, M })).toMatchObject({ ok: false, field: "M" });
      const spec = { ...cert.model, request: { ...cert.model.request, stateBits: M } };
      expect(claim.verify({ ...cert, model: spec }).ok).toBe(false);
    }
  });
});
