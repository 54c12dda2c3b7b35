// Another project's test suite: streambound comes from `npm pack`, used through its public API only.
import { describe, expect, it } from "vitest";
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { CLAIMS, indexReduction, indexQueryToken, runCensus, verify } from "streambound";
import { checkStateBits, bitsArbitrary } from "streambound/testing";

/** Our own StreamingModel: it keeps the first K bits of an Index stream in a K-bit state. */
function firstBits(K, vocabSize) {
  return {
    name: `first-bits(K=${K})`,
    vocabSize,
    format: null,
    init: () => "0".repeat(K),
    step(state, token, t) {
      if (token <= 1) return t < K ? state.slice(0, t) + String(token) + state.slice(t + 1) : state;
      const j = token - indexQueryToken(0);
      return (j < K ? state[j] : "0").repeat(K);
    },
    logits(state) {
      const out = new Array(vocabSize).fill(0);
      out[state[0] === "1" ? 1 : 0] = 1;
      return out;
    },
    encode: (state) => state,
    decode: (bits) => bits,
    stateBits: () => K,
    describe: () => ({ architecture: "first-bits", format: null, stateBitsFormula: `K = ${K}`, params: { K } }),
  };
}

const K = 5;
const model = firstBits(K, 32);

describe("our model against streambound's bounds", () => {
  it("its encoded state is exactly K bits", () => {
    checkStateBits(model, [0, 1, 1, 0, 1, 0, 1]);
    expect(bitsArbitrary(3)).toBeDefined();
  });

  it("solves Index up to its K state bits and fails beyond them, within the universal bound", () => {
    const rows = runCensus({ reduction: indexReduction, modelFor: () => model }, [K, K + 1, K + 3]);
    expect(rows[0].accuracy).toBe(1);
    for (const row of rows.slice(1)) {
      expect(row.accuracy).toBeLessThan(1);
      expect(row.foolingPair).not.toBeNull();
      expect(row.bayesOptimalAccuracy).toBeLessThanOrEqual(row.accuracyUpperBound + 1e-12);
    }
  });

  it("a certificate for it verifies, and a tampered one does not", () => {
    const claim = CLAIMS.get("index-lower");
    const cert = claim.check({ model: { supplied: model }, n: K + 3 });
    expect(cert.M).toBe(K);
    expect(verify(cert, { model })).toMatchObject({ ok: true });
    expect(verify(JSON.parse(JSON.stringify(cert)), { model }).ok).toBe(true);
    expect(verify({ ...cert, M: K + 1 }, { model })).toMatchObject({ ok: false, field: "M" });
    const pair = cert.facts.findIndex((f) => f.kind === "foolingPair");
    const bad = JSON.parse(JSON.stringify(cert));
    bad.facts[pair].output = 1 - bad.facts[pair].output;
    expect(verify(bad, { model })).toMatchObject({ ok: false, field: `facts[${pair}].output` });
    expect(verify(null).ok).toBe(false);
  });
});

describe("docs/api.md", () => {
  it("every example in it runs as written", () => {
    const require = createRequire(import.meta.url);
    const root = dirname(require.resolve("streambound/package.json"));
    const doc = readFileSync(join(root, "docs", "api.md"), "utf8");
    const blocks = [...doc.matchAll(/```js\n([\s\S]*?)```/g)].map((m) => m[1]);
    expect(blocks.length).toBeGreaterThan(5);
    const dir = mkdtempSync(join(process.cwd(), ".api-examples-"));
    blocks.forEach((code, k) => {
      const file = join(dir, `example-${k}.mjs`);
      writeFileSync(file, code);
      execFileSync(process.execPath, [file], { stdio: "pipe", cwd: dir });
    });
  });
});
