import { z } from "zod";
import type { Claim } from "./claim.js";
import { getReduction } from "../src/comm/reductions/registry.js";
import { modelFactory, type ModelRequest } from "../src/models/registry.js";
import { runCensus } from "../src/census/census.js";
import { aliceLength, alicePrefix, parseBits } from "../src/comm/reduction.js";
import { runModel } from "../src/stream/interpreter.js";
import { predict } from "../src/stream/model.js";
import { userError } from "../src/util/errors.js";

export interface IndexNeedsNBitsParams {
  model: ModelRequest;
  n: number;
  /** Past exhaustive sizes: sampled search with this many inputs. */
  samples?: number;
  seed?: number;
}

const certificateSchema = z.strictObject({
  claim: z.literal("index-needs-n-bits"),
  model: z.strictObject({
    model: z.string(),
    width: z.number().optional(),
    layers: z.number().optional(),
    format: z.string().optional(),
    seed: z.number().optional(),
    stateBits: z.number().optional(),
    weights: z.string().optional(),
  }),
  n: z.number().int().min(1),
  stateBits: z.number().int(),
  x: z.string().regex(/^[01]+$/),
  xPrime: z.string().regex(/^[01]+$/),
  query: z.number().int().min(0),
  message: z.string().regex(/^[01]*$/),
  output: z.number().int(),
});

export type IndexNeedsNBitsCertificate = z.infer<typeof certificateSchema>;

/**
 * INDEX_n needs n bits of one-way communication (theory.md §4): so a model whose state after
 * Alice's prefix has M < n bits maps two different x to one state and errs on one of them.
 * The certificate is that fooling pair; verifying it runs the model on the two named inputs.
 */
export const indexNeedsNBits: Claim<IndexNeedsNBitsParams, IndexNeedsNBitsCertificate> = {
  id: "index-needs-n-bits",
  source: "P1 (Wen, Dang, Lyu) and P2 (Bhattamishra et al.): RNN lower bounds via one-way INDEX",
  statement: "A streaming model with an M-bit state fails INDEX_n on some input once n > M.",
  check(params) {
    const r = getReduction("index");
    const factory = modelFactory(params.model, r, params.n);
    const exhaustive = params.n <= 20 && params.samples === undefined;
    const [row] = runCensus(
      { reduction: r, modelFor: factory },
      [params.n],
      exhaustive ? null : { method: "flip", samples: params.samples ?? 512, seed: params.seed ?? 1 },
    );
    const fp = row.foolingPair;
    if (!fp) userError(`no fooling pair found for ${params.model.model} at n=${params.n}${exhaustive ? " (the model distinguishes every input)" : "; try more --samples"}`);
    const model = factory(params.n);
    const { state } = runModel(model, alicePrefix(r, params.n, parseBits(fp.x)));
    return {
      claim: "index-needs-n-bits",
      model: params.model,
      n: params.n,
      stateBits: model.stateBits(aliceLength(r, params.n)),
      x: fp.x,
      xPrime: fp.xPrime,
      query: fp.query,
      message: model.encode(state),
      output: fp.output,
    };
  },
  verify(certificate) {
    const parsed = certificateSchema.safeParse(certificate);
    if (!parsed.success) return { ok: false, reason: `not a certificate of index-needs-n-bits: ${parsed.error.issues[0].message}` };
    const c = parsed.data;
    if (c.x.length !== c.n || c.xPrime.length !== c.n) return { ok: false, reason: "x and x' must have n bits" };
    if (c.x[c.query] === c.xPrime[c.query]) return { ok: false, reason: `x and x' agree at the queried bit ${c.query}` };
    const r = getReduction("index");
    const model = modelFactory(c.model, r, c.n)(c.n);
    // The independent check: the Index answer is the queried bit itself, read off the strings.
    const runs = [c.x, c.xPrime].map((bits) => {
      const prefix = alicePrefix(r, c.n, parseBits(bits));
      const alice = runModel(model, prefix);
      const message = model.encode(alice.state);
      const bob = runModel(model, r.suffix(c.n, c.query), { state: model.decode(message), t0: prefix.length });
      return { message, output: predict(model.logits(bob.state), r.answerTokens(c.n)), truth: Number(bits[c.query]) };
    });
    if (runs[0].message !== c.message || runs[1].message !== c.message) return { ok: false, reason: "the two inputs do not both reach the certified message" };
    if (runs[0].output !== c.output || runs[1].output !== c.output) return { ok: false, reason: "the model's answer differs from the certificate" };
    if (runs[0].truth === runs[1].truth) return { ok: false, reason: "the queried bits agree" };
    return { ok: true };
  },
};
