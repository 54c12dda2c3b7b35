import { getReduction } from "../../src/comm/reductions/registry.js";
import type { Certificate } from "../../src/verify/index.js";

/**
 * What a lower-bound certificate shows, in words, from its fields alone: the verifier
 * regenerates it, so a statement can never say more than its facts. A claim about every M-bit
 * model is stated as the bound; one model's failure at n ≤ M is said to be that model's own.
 */
export function lowerBoundStatement(c: Certificate, config: { separatesEveryPair: boolean }): string {
  const r = getReduction(c.reduction.task, c.reduction.name, c.reduction.options);
  const opts = Object.entries(c.reduction.options).map(([k, v]) => `${k}=${v}`).join(",");
  const out: string[] = [];
  out.push(
    `${c.modelName} has an M = ${c.M}-bit state after Alice's prefix of ${c.reduction.task}/${c.reduction.name}${opts ? `(${opts})` : ""} at n = ${c.n}` +
      (c.cot ? `, and Bob generates a chain of thought of up to ${c.cot.maxTokens} tokens before he answers.` : "."),
  );
  c.facts.forEach((f, k) => {
    if (f.kind === "foolingPair") {
      const text = (tok: number): string => (tok < 0 ? "(no answer)" : r.tokenText(c.n, tok));
      out.push(
        `facts[${k}]: two inputs x ≠ x′ reach one ${f.message.length}-bit message, and the model gives both the answer ${text(f.output)} to query ${r.queryText(c.n, f.query)}, ` +
          `whose right answers differ (${text(f.expected)} and ${text(f.expectedPrime)}): this model errs on one of them; both are replayed.` +
          (c.cot ? " Bob's chain of thought starts from the message alone, so it is the same on both, whatever its length." : ""),
      );
    } else if (f.kind === "exactAccuracy") {
      out.push(`facts[${k}]: over all ${f.total} pairs (x, q) this model answers ${f.correct} correctly: exact accuracy ${f.correct}/${f.total} ≈ ${(f.correct / f.total).toFixed(4)}, from ${f.distinctMessages} distinct messages; every input replayed.`);
    } else if (f.kind === "accuracyBound") {
      if (c.M >= f.informationBits) {
        out.push(`facts[${k}]: the counting bound allows every model with M = ${c.M} ≥ ${f.informationBits} bits accuracy 1 here (recomputed, not run).`);
      } else {
        out.push(
          `facts[${k}]: every model with an M = ${c.M}-bit message has accuracy at most 1 − H₂⁻¹(1 − ${c.M}/${f.informationBits}) = ${f.accuracyUpperBound.toFixed(4)} on uniform (x, q) (the counting bound, a theorem; recomputed, not run)` +
            (c.facts.some((g) => g.kind === "exactAccuracy") ? ", and this model's exact accuracy is within it." : "."),
        );
      }
    }
  });
  let bits = c.n;
  for (const f of c.facts) if (f.kind === "accuracyBound") bits = f.informationBits;
  if (bits <= c.M) {
    out.push(`Here M = ${c.M} ≥ ${bits}: the bound forces no error at this size, so any error above is this model's own, not a consequence of its state size.`);
  } else if (config.separatesEveryPair) {
    out.push(`Here n = ${c.n} > M = ${c.M}: 2^${c.n} inputs share at most 2^${c.M} messages, so every ${c.M}-bit model has a fooling pair at this size; this certificate exhibits one for this model${c.facts.some((f) => f.kind === "foolingPair") ? "" : " only through its exact accuracy"}.`);
  } else {
    out.push(`Here n = ${c.n} > M = ${c.M}: the bound above applies to every ${c.M}-bit model; the facts are about this model.`);
  }
  return out.join(" ");
}
