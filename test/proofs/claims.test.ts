import { describe, expect, it } from "vitest";
import { CLAIMS, NON_EXECUTABLE_CLAIMS } from "../../proofs/index.js";

/** Each claim proved and verified at a small size, on a model that must fail there. */
const SMALL: Record<string, Record<string, unknown>> = {
  "index-lower": { model: { model: "ideal", stateBits: 3 }, n: 6 },
  "ar-lower": { model: { model: "ideal", stateBits: 3 }, n: 5 },
  "cgram-lower": { model: { model: "ideal", stateBits: 2 }, n: 4, reductionOptions: { c: 3 } },
  "counting-lower": { model: { model: "ideal", stateBits: 3 }, n: 5 },
  "istree-cot-lower": { model: { model: "ideal", stateBits: 3 }, n: 5 },
  "cot-no-rescue": { model: { model: "ideal", stateBits: 2 }, n: 5, reduction: "ar/ar" },
  "indexlookup-lower": { model: { model: "ideal", stateBits: 3 }, n: 5, reductionOptions: { sigma: 4 } },
  "equality-lower": { model: { model: "ideal", stateBits: 2 }, n: 4 },
  "disjointness-lower": { model: { model: "ideal", stateBits: 2 }, n: 4 },
  "nn-lower": { model: { model: "ideal", stateBits: 3 }, n: 5 },
  "rag-upper": { model: { model: "rag-index" }, n: 8 },
  "dyck-rnn-upper": { model: { model: "dyck-rnn" }, n: 6 },
  // the one-layer Transformer game: a partition fooling pair, no census (test/proofs/transformerGameClaims.test.ts)
  "transformer1-lower": { model: { model: "transformer", layers: 1, width: 2, format: "fixed:2.2" }, n: 17 },
  "dyck-transformer-lower": { model: { model: "transformer", layers: 1, width: 2, format: "fixed:2.2" }, n: 6 },
  "construction-upper": { model: { model: "transformer-index" }, n: 6 },
};
const GAME_CLAIMS = new Set(["transformer1-lower", "dyck-transformer-lower"]);

describe("every executable claim", () => {
  it("has a small case here, and the non-executable ones say why", () => {
    expect(Object.keys(SMALL).sort()).toEqual([...CLAIMS.keys()].sort());
    for (const c of NON_EXECUTABLE_CLAIMS) expect(c.reason.length).toBeGreaterThan(20);
  });
  for (const [id, params] of Object.entries(SMALL).filter(([id]) => !id.endsWith("-upper") && !GAME_CLAIMS.has(id))) {
    it(`${id}: check gives a certificate that verifies, with n > M stated as the bound`, () => {
      const claim = CLAIMS.get(id)!;
      expect(claim.source).toMatch(/P1|P2/);
      const cert = claim.check(params as never);
      expect(cert.claim).toBe(id);
      expect(cert.n).toBeGreaterThan(cert.M);
      expect(cert.statement).toMatch(/every \d+-bit model/);
      expect(cert.facts.some((f) => f.kind === "foolingPair")).toBe(true);
      expect(cert.facts.some((f) => f.kind === "exactAccuracy")).toBe(true);
      expect(claim.verify(cert)).toMatchObject({ ok: true, claim: id });
      // A certificate of one claim is not one of another.
      const other = [...CLAIMS.values()].find((c) => c.id !== id)!;
      expect(other.verify(cert)).toMatchObject({ ok: false, field: "claim" });
    });
  }

  it("at n ≤ M the statement says the failure is the model's own, never implied by the bound", () => {
    const claim = CLAIMS.get("index-lower")!;
    const cert = claim.check({ model: { model: "lstm", width: 2, format: "fixed:2.6" }, n: 12 } as never);
    expect(cert.M).toBe(32);
    expect(cert.statement).toMatch(/the bound forces no error at this size/);
    expect(cert.statement).not.toMatch(/every 32-bit model has a fooling pair/);
    expect(claim.verify(cert)).toMatchObject({ ok: true });
  });

  it("an exact accuracy is below 1 − H₂⁻¹(1 − M/n) and the certificate says which is which", () => {
    const claim = CLAIMS.get("index-lower")!;
    const cert = claim.check({ model: { model: "ideal", stateBits: 4 }, n: 8 } as never);
    const acc = cert.facts.find((f) => f.kind === "exactAccuracy")!;
    const bound = cert.facts.find((f) => f.kind === "accuracyBound")!;
    if (acc.kind !== "exactAccuracy" || bound.kind !== "accuracyBound") throw new Error("fact kinds");
    expect(acc.correct / acc.total).toBeLessThanOrEqual(bound.accuracyUpperBound);
    expect(bound.accuracyUpperBound).toBeLessThan(1);
    expect(cert.statement).toContain(`${acc.correct}/${acc.total}`);
  });

  it("rag-upper: a controller with M < n bits and a retriever answers every input; the statement says the game is two-way", () => {
    const claim = CLAIMS.get("rag-upper")!;
    const cert = claim.check({ model: { model: "rag-index" }, n: 8 } as never);
    expect(cert.M).toBeLessThan(cert.n);
    const [acc] = cert.facts;
    if (acc.kind !== "exactAccuracy") throw new Error("fact kind");
    expect(acc.correct).toBe(acc.total);
    expect(acc.retrievalBitsMax).toBeGreaterThan(0);
    expect(cert.statement).toMatch(/two-way protocol/);
    expect(claim.verify(cert)).toMatchObject({ ok: true });
    expect(claim.verify({ ...cert, cot: { maxTokens: cert.cot!.maxTokens } })).toMatchObject({ ok: false, field: "cot.retrieval" });
    expect(() => claim.check({ model: { model: "ideal", stateBits: 3 }, n: 4 } as never)).toThrow(/no retriever/);
  });

  it("dyck-rnn-upper: the 8-state construction classifies every string up to length 6; a seeded GRU is refused", () => {
    const claim = CLAIMS.get("dyck-rnn-upper")!;
    const cert = claim.check({ model: { model: "dyck-rnn" }, n: 6 } as never);
    expect(cert.M).toBe(6);
    expect(cert.facts[0]).toMatchObject({ kind: "languageAccuracy", total: 4 + 16 + 64 + 256 + 1024 + 4096 });
    expect(claim.verify(cert)).toMatchObject({ ok: true });
    expect(cert.statement).toMatch(/not longer strings/);
    expect(claim.verify({ ...cert, M: 13 })).toMatchObject({ ok: false, field: "M" });
    expect(() => claim.check({ model: { model: "gru", width: 2 }, n: 3 } as never)).toThrow(/not a recogniser/);
  });

  describe("construction-upper: each construction exact on every input, its state growing with n", () => {
    const cases: [string, number, string][] = [
      ["transformer-index", 6, "index/index"],
      ["hybrid-index", 5, "index/index"],
      ["transformer-ar", 5, "ar/ar"],
      ["hybrid-ar", 5, "ar/ar"],
      ["transformer-eq", 4, "equality/equality"],
      ["transformer-disj", 4, "disjointness/disjointness"],
      ["transformer-indexlookup", 5, "indexlookup/indexlookup"],
    ];
    for (const [name, n, key] of cases) {
      it(`${name} at n = ${n}: accuracy 1/1 over every input of ${key}, M ≥ n and growing, verified`, () => {
        const claim = CLAIMS.get("construction-upper")!;
        const cert = claim.check({ model: { model: name }, n } as never);
        expect(`${cert.reduction.task}/${cert.reduction.name}`).toBe(key);
        const acc = cert.facts.find((f) => f.kind === "exactAccuracy")!;
        const sizes = cert.facts.find((f) => f.kind === "stateBits")!;
        if (acc.kind !== "exactAccuracy" || sizes.kind !== "stateBits") throw new Error("fact kinds");
        expect(acc.correct).toBe(acc.total);
        expect(acc.distinctMessages).toBe(2 ** n);
        expect(cert.M).toBeGreaterThanOrEqual(n);
        for (let k = 1; k < sizes.sizes.length; k++) expect(sizes.sizes[k].M).toBeGreaterThan(sizes.sizes[k - 1].M);
        expect(cert.statement).toContain(`at format ${cert.format}`);
        expect(cert.statement).toContain(`${acc.total}/${acc.total}`);
        expect(cert.statement).toMatch(/stands beside \w+-lower/);
        expect(cert.statement).toMatch(/this model at this format and this n only/);
        expect(claim.verify(cert)).toMatchObject({ ok: true, claim: "construction-upper" });
      });
    }

    it("transformer-indexlookup over |Σ| = 8 (reduction option sigma): every input at n = 4, verified", () => {
      const claim = CLAIMS.get("construction-upper")!;
      const cert = claim.check({ model: { model: "transformer-indexlookup" }, n: 4, reductionOptions: { sigma: 8 } } as never);
      expect(cert.reduction.options).toEqual({ sigma: 8 });
      expect(cert.statement).toContain("indexlookup/indexlookup(sigma=8)");
      expect(claim.verify(cert)).toMatchObject({ ok: true });
    });

    it("refuses non-constructions, constructions certified elsewhere, and a format where the construction errs", () => {
      const claim = CLAIMS.get("construction-upper")!;
      expect(() => claim.check({ model: { model: "ideal", stateBits: 3 }, n: 4 } as never)).toThrow(/about a construction/);
      expect(() => claim.check({ model: { model: "rag-index" }, n: 4 } as never)).toThrow(/rag-upper/);
      expect(() => claim.check({ model: { model: "transformer-index", format: "float:3.1" }, n: 6 } as never)).toThrow(/answers 192 of 384 inputs .* not an upper bound at this format/);
      expect(() => claim.check({ model: { model: "transformer-index" }, n: 17 } as never)).toThrow(/n/);
    });

    it("a lower-bound certificate's model swapped into it, or a state-bits entry changed, is refuted", () => {
      const claim = CLAIMS.get("construction-upper")!;
      const cert: any = claim.check({ model: { model: "transformer-index" }, n: 4 } as never);
      const k = cert.facts.findIndex((f: any) => f.kind === "stateBits");
      const bump = JSON.parse(JSON.stringify(cert));
      bump.facts[k].sizes[1].M += 8;
      expect(claim.verify(bump)).toMatchObject({ ok: false, field: `facts[${k}].sizes[1].M` });
      const ideal = { ...cert, model: { kind: "registry", request: { model: "ideal", stateBits: 4 } } };
      expect(claim.verify(ideal).ok).toBe(false);
    });
  });

  it("refuses a model that makes no error: there is nothing to certify", () => {
    const claim = CLAIMS.get("index-lower")!;
    expect(() => claim.check({ model: { model: "store", width: 6 }, n: 5 } as never)).toThrow(/no error to certify/);
  });
});
