import type { Reduction } from "../comm/reduction.js";
import { modelProtocol, playGame, type CotOptions } from "../comm/game.js";
import type { StreamingModel } from "../stream/model.js";
import { UserError } from "../util/errors.js";
import type { AccuracyBoundFact, ExactAccuracyFact, Fact, FoolingPairFact, GadgetMembershipFact, LanguageAccuracyFact, PartitionFoolingPairFact, StateBitsFact } from "./certificate.js";
import { disjointnessAnswer, GADGET_ANSWERS, gadgetGame, partitionProtocol } from "../comm/transformerPartitionGame.js";
import { OneLayerPartitionView } from "../models/transformerPartition.js";
import { dyckGadget } from "../comm/reductions/dyckGadget.js";
import { aliceLength } from "../comm/reduction.js";
import { predict, predictAt } from "../stream/model.js";
import { DYCK_CLOSE_ROUND, DYCK_CLOSE_SQUARE, DYCK_NO, DYCK_OPEN_ROUND, DYCK_OPEN_SQUARE, DYCK_YES, solveDyck } from "../tasks/dyck.js";
import { BOUND_TOLERANCE, universalAccuracyBound } from "./bound.js";
import { sha256Hex } from "./model.js";

/** A fact that does not hold: the field it concerns and why. */
export class Refutation extends Error {
  constructor(readonly field: string, readonly reason: string) {
    super(`${field}: ${reason}`);
  }
}

function refute(field: string, reason: string): never {
  throw new Refutation(field, reason);
}

/** Exact-accuracy facts replay 2^n·Q (x, q) pairs: this caps them (n ≤ 16 for Index). */
export const MAX_REPLAYED_PAIRS = 2 ** 20;
export const MAX_EXHAUSTIVE_BITS = 16;

/** Dyck-(2,2)'s alphabet, in the order strings are numbered, and its answers [no, yes]. */
export const DYCK_ALPHABET = [DYCK_OPEN_ROUND, DYCK_CLOSE_ROUND, DYCK_OPEN_SQUARE, DYCK_CLOSE_SQUARE] as const;
export const DYCK_ANSWERS = [DYCK_NO, DYCK_YES] as const;
/** Language facts replay Σ_{k ≤ n} 4^k strings: n ≤ 9. */
export const MAX_STRING_LENGTH = 9;

export interface FactContext {
  /** True for a certificate about Dyck strings (no bit-block reduction). */
  strings?: boolean;
  /** True for the one-layer Transformer game on the Dyck DISJ gadget (disjointness/dyck-gadget). */
  gadget?: boolean;
  model: StreamingModel<unknown>;
  reduction: Reduction;
  n: number;
  M: number;
  cot: CotOptions | null;
  /** The certificate's model rebuilt at another size (state-bits facts). */
  modelAt?: (n: number) => StreamingModel<unknown>;
}

function bitsOf(x: number, n: number): Uint8Array {
  const out = new Uint8Array(n);
  for (let j = 0; j < n; j++) out[j] = (x >>> j) & 1;
  return out;
}

/** Runs the game on the two named inputs only, from scratch, and checks every field of the pair. */
export function checkFoolingPair(ctx: FactContext, f: FoolingPairFact, at: string): void {
  const { model, reduction: r, n, M } = ctx;
  if (f.x.length !== n) refute(`${at}.x`, `has ${f.x.length} bits; n is ${n}`);
  if (f.xPrime.length !== n) refute(`${at}.xPrime`, `has ${f.xPrime.length} bits; n is ${n}`);
  if (f.x === f.xPrime) refute(`${at}.xPrime`, "equals x: a fooling pair needs two different inputs");
  const Q = r.queryCount(n);
  if (f.query < 0 || f.query >= Q) refute(`${at}.query`, `must be in 0..${Q - 1}`);
  if (f.message.length > M) refute(`${at}.message`, `has ${f.message.length} bits, more than M = ${M}`);
  if (sha256Hex(f.message) !== f.messageSha256) refute(`${at}.messageSha256`, "is not the sha256 of the message");
  const protocol = modelProtocol(model, r, n, ctx.cot);
  const x = Uint8Array.from(f.x, (c) => Number(c));
  const xPrime = Uint8Array.from(f.xPrime, (c) => Number(c));
  const m = protocol.send(x);
  const mPrime = protocol.send(xPrime);
  if (m !== f.message && mPrime !== f.message) refute(`${at}.message`, "neither x nor x′ reaches this message");
  if (m !== f.message) refute(`${at}.x`, "the model's message on x is not the certified message");
  if (mPrime !== f.message) refute(`${at}.xPrime`, "the model's message on x′ is not the certified message");
  const expected = r.expected(n, x, f.query);
  const expectedPrime = r.expected(n, xPrime, f.query);
  if (expected !== f.expected) refute(`${at}.expected`, `the right answer on (x, query) is ${expected}, not ${f.expected}`);
  if (expectedPrime !== f.expectedPrime) refute(`${at}.expectedPrime`, `the right answer on (x′, query) is ${expectedPrime}, not ${f.expectedPrime}`);
  if (expected === expectedPrime) refute(`${at}.query`, `x and x′ have the same answer (${expected}) at this query: it does not separate them`);
  // Bob sees only the message, so one run answers for both inputs; it is run once per input all the same.
  for (const who of ["x", "xPrime"] as const) {
    const out = protocol.decode(who === "x" ? m : mPrime, f.query).output;
    if (out !== f.output) refute(`${at}.output`, `the model answers ${out} on (${who === "x" ? "x" : "x′"}, query), not ${f.output}`);
  }
}

/** Replays every x ∈ {0,1}^n and every query in a plain loop: no state classes, no census. */
export function checkExactAccuracy(ctx: FactContext, f: ExactAccuracyFact, at: string): void {
  const { model, reduction: r, n } = ctx;
  const Q = r.queryCount(n);
  if (n > MAX_EXHAUSTIVE_BITS || 2 ** n * Q > MAX_REPLAYED_PAIRS) {
    refute("n", `an exact accuracy at n = ${n} needs ${2 ** n}·${Q} replays; the verifier replays at most ${MAX_REPLAYED_PAIRS} (n ≤ ${MAX_EXHAUSTIVE_BITS})`);
  }
  const total = 2 ** n * Q;
  if (f.total !== total) refute(`${at}.total`, `there are 2^${n}·${Q} = ${total} pairs (x, q), not ${f.total}`);
  if (ctx.cot?.retriever) return checkTwoWayAccuracy(ctx, f, at);
  if (f.retrievalBitsMax !== undefined) refute(`${at}.retrievalBitsMax`, "there is no retriever in this game");
  const protocol = modelProtocol(model, r, n, ctx.cot);
  const messages = new Set<string>();
  let correct = 0;
  for (let xi = 0; xi < 2 ** n; xi++) {
    const x = bitsOf(xi, n);
    const message = protocol.send(x);
    messages.add(message);
    for (let q = 0; q < Q; q++) {
      if (protocol.decode(message, q).output === r.expected(n, x, q)) correct++;
    }
  }
  if (correct !== f.correct) refute(`${at}.correct`, `the model is right on ${correct} of ${total} pairs, not ${f.correct}`);
  if (messages.size !== f.distinctMessages) refute(`${at}.distinctMessages`, `the model sends ${messages.size} distinct messages, not ${f.distinctMessages}`);
}

/** With a retriever every (x, q) is its own two-way game, played from scratch; its bits are counted. */
function checkTwoWayAccuracy(ctx: FactContext, f: ExactAccuracyFact, at: string): void {
  const { model, reduction: r, n } = ctx;
  const Q = r.queryCount(n);
  const messages = new Set<string>();
  let correct = 0;
  let bitsMax = 0;
  for (let xi = 0; xi < 2 ** n; xi++) {
    const x = bitsOf(xi, n);
    for (let q = 0; q < Q; q++) {
      const game = playGame(model, r, n, x, q, ctx.cot);
      if (q === 0) messages.add(game.message);
      if (game.correct) correct++;
      bitsMax = Math.max(bitsMax, game.retrievalBits);
    }
  }
  const total = 2 ** n * Q;
  if (correct !== f.correct) refute(`${at}.correct`, `the model is right on ${correct} of ${total} pairs, not ${f.correct}`);
  if (messages.size !== f.distinctMessages) refute(`${at}.distinctMessages`, `the model sends ${messages.size} distinct messages, not ${f.distinctMessages}`);
  if (f.retrievalBitsMax !== bitsMax) refute(`${at}.retrievalBitsMax`, `the most bits one game exchanged with the retriever is ${bitsMax}, not ${f.retrievalBitsMax ?? "missing"}`);
}

export function checkAccuracyBound(ctx: FactContext, f: AccuracyBoundFact, at: string, facts: readonly Fact[]): void {
  const bits = ctx.reduction.informationBits?.(ctx.n);
  if (bits === undefined) refute(`${at}.kind`, `reduction ${ctx.reduction.task}/${ctx.reduction.name} has no information-bits bound`);
  if (f.informationBits !== bits) refute(`${at}.informationBits`, `the queries reveal ${bits} uniform bits at n = ${ctx.n}, not ${f.informationBits}`);
  const bound = universalAccuracyBound(bits, ctx.M);
  if (!(Math.abs(bound - f.accuracyUpperBound) <= BOUND_TOLERANCE)) {
    refute(`${at}.accuracyUpperBound`, `1 − H₂⁻¹(1 − ${ctx.M}/${bits}) = ${bound}, not ${f.accuracyUpperBound}`);
  }
  facts.forEach((g, k) => {
    if (g.kind === "exactAccuracy" && !(g.correct / g.total <= bound + BOUND_TOLERANCE)) {
      refute(`facts[${k}].correct`, `an accuracy of ${g.correct}/${g.total} exceeds the bound ${bound}, which no ${ctx.M}-bit model can`);
    }
  });
}

/** Runs the model on every string of length 1..n over ( ) [ ], each from scratch, against the task's solver. */
export function checkLanguageAccuracy(ctx: FactContext, f: LanguageAccuracyFact, at: string): void {
  if (!ctx.strings) refute(`${at}.kind`, "a language fact is about a string task (dyck)");
  if (ctx.n > MAX_STRING_LENGTH) refute("n", `the verifier replays every string up to length ${MAX_STRING_LENGTH}`);
  let correct = 0;
  let total = 0;
  for (let len = 1; len <= ctx.n; len++) {
    const word = new Array<number>(len);
    for (let code = 0; code < 4 ** len; code++) {
      for (let k = 0, c = code; k < len; k++, c = Math.floor(c / 4)) word[k] = DYCK_ALPHABET[c % 4];
      let s = ctx.model.init();
      word.forEach((tok, t) => (s = ctx.model.step(s, tok, t)));
      if (ctx.model.encode(s).length > ctx.M) refute("M", `the model's state after ${len} symbols has more than ${ctx.M} bits`);
      if (predictAt(ctx.model, s, DYCK_ANSWERS) === solveDyck(len, word)) correct++;
      total++;
    }
  }
  if (f.total !== total) refute(`${at}.total`, `there are ${total} strings of length 1..${ctx.n}, not ${f.total}`);
  if (f.correct !== correct) refute(`${at}.correct`, `the model classifies ${correct} of ${total} strings correctly, not ${f.correct}`);
}

/** Gadget membership facts solve 4^n strings of length 4n: n ≤ 8. */
export const MAX_GADGET_BITS = 8;

/**
 * Replays the two named inputs of the one-layer Transformer game: Alice's message on each, Bob's
 * answer from it on y, and both full partition-order evaluations from scratch.
 */
export function checkPartitionFoolingPair(ctx: FactContext, f: PartitionFoolingPairFact, at: string): void {
  const { model, n, M } = ctx;
  for (const k of ["x", "xPrime", "y"] as const) if (f[k].length !== n) refute(`${at}.${k}`, `has ${f[k].length} bits; n is ${n}`);
  if (f.x === f.xPrime) refute(`${at}.xPrime`, "equals x: a fooling pair needs two different inputs");
  if (f.message.length !== M) refute(`${at}.message`, `has ${f.message.length} bits; a message of this game has M = ${M}`);
  if (sha256Hex(f.message) !== f.messageSha256) refute(`${at}.messageSha256`, "is not the sha256 of the message");
  const protocol = partitionProtocol(model, n);
  const x = Uint8Array.from(f.x, Number);
  const xPrime = Uint8Array.from(f.xPrime, Number);
  const y = Uint8Array.from(f.y, Number);
  const m = protocol.send(x);
  const mPrime = protocol.send(xPrime);
  if (m !== f.message && mPrime !== f.message) refute(`${at}.message`, "neither x nor x′ sends this message");
  if (m !== f.message) refute(`${at}.x`, "Alice's message on x is not the certified message");
  if (mPrime !== f.message) refute(`${at}.xPrime`, "Alice's message on x′ is not the certified message");
  const expected = disjointnessAnswer(x, y);
  const expectedPrime = disjointnessAnswer(xPrime, y);
  if (expected !== f.expected) refute(`${at}.expected`, `DISJ(x, y) is token ${expected}, not ${f.expected}`);
  if (expectedPrime !== f.expectedPrime) refute(`${at}.expectedPrime`, `DISJ(x′, y) is token ${expectedPrime}, not ${f.expectedPrime}`);
  if (expected === expectedPrime) refute(`${at}.y`, `DISJ(x, y) = DISJ(x′, y): y does not separate x and x′`);
  const bob = protocol.decode(f.message, y).output;
  if (bob !== f.output) refute(`${at}.output`, `Bob answers ${bob} from the message and y, not ${f.output}`);
  const view = OneLayerPartitionView.of(model);
  for (const [who, bits] of [["x", x], ["xPrime", xPrime]] as const) {
    const { tokens, alice } = gadgetGame(bits, y);
    const out = predict(view.partitionOrderLogits(tokens, alice), GADGET_ANSWERS);
    if (out !== f.output) refute(`${at}.output`, `the partition-order evaluation on (${who === "x" ? "x" : "x′"}, y) answers ${out}, not ${f.output}`);
  }
}

/** Every (x, y) at n in a plain loop: the gadget string through the dyck task's solver, against DISJ. */
export function checkGadgetMembership(ctx: FactContext, f: GadgetMembershipFact, at: string): void {
  const { n } = ctx;
  if (n > MAX_GADGET_BITS) refute("n", `a gadget membership fact at n = ${n} solves 4^${n} strings; the verifier solves them up to n = ${MAX_GADGET_BITS}`);
  let agree = 0;
  for (let xi = 0; xi < 2 ** n; xi++) {
    const x = bitsOf(xi, n);
    for (let yi = 0; yi < 2 ** n; yi++) {
      const y = bitsOf(yi, n);
      if (solveDyck(4 * n, dyckGadget(x, y).tokens) === disjointnessAnswer(x, y)) agree++;
    }
  }
  if (f.total !== 4 ** n) refute(`${at}.total`, `there are 4^${n} = ${4 ** n} pairs (x, y), not ${f.total}`);
  if (f.agree !== agree) refute(`${at}.agree`, `membership agrees with DISJ on ${agree} of ${4 ** n} pairs, not ${f.agree}`);
}

/** Rebuilds the model at each listed size and recounts its state bits after Alice's prefix. */
export function checkStateBits(ctx: FactContext, f: StateBitsFact, at: string): void {
  if (!ctx.modelAt) refute(`${at}.kind`, "state bits at other sizes need the model's spec");
  // Each size rebuilds the model: a certificate lists at most one per n up to the exhaustive limit.
  if (f.sizes.length > MAX_EXHAUSTIVE_BITS) refute(`${at}.sizes`, `lists ${f.sizes.length} sizes; at most ${MAX_EXHAUSTIVE_BITS}`);
  const minBits = (ctx.reduction as Reduction & { minBits?: number }).minBits ?? 1;
  f.sizes.forEach((s, k) => {
    if (s.n < minBits || s.n > ctx.n) refute(`${at}.sizes[${k}].n`, `must be in ${minBits}..${ctx.n}`);
    if (k > 0 && s.n <= f.sizes[k - 1].n) refute(`${at}.sizes[${k}].n`, "sizes must increase");
  });
  const last = f.sizes[f.sizes.length - 1];
  if (last.n !== ctx.n) refute(`${at}.sizes[${f.sizes.length - 1}].n`, `the last size must be the certificate's n = ${ctx.n}`);
  f.sizes.forEach((s, k) => {
    const M = ctx.modelAt!(s.n).stateBits(aliceLength(ctx.reduction, s.n));
    if (M !== s.M) refute(`${at}.sizes[${k}].M`, `the model's state at n = ${s.n} has ${M} bits, not ${s.M}`);
  });
}

/** Checks one fact; model errors a user could cause (bad tokens, budgets) become refutations of `at`. */
export function checkFact(ctx: FactContext, f: Fact, at: string, facts: readonly Fact[]): void {
  try {
    if (f.kind === "partitionFoolingPair" || f.kind === "gadgetMembership") {
      if (!ctx.gadget) refute(`${at}.kind`, `a ${f.kind} fact is about the one-layer Transformer game (disjointness/dyck-gadget)`);
      if (f.kind === "partitionFoolingPair") checkPartitionFoolingPair(ctx, f, at);
      else checkGadgetMembership(ctx, f, at);
    } else if (ctx.gadget) refute(`${at}.kind`, `a ${f.kind} fact needs a prefix/suffix reduction; the Dyck gadget interleaves its owners`);
    else if (f.kind === "languageAccuracy") checkLanguageAccuracy(ctx, f, at);
    else if (ctx.strings) refute(`${at}.kind`, `a ${f.kind} fact needs a bit-block reduction; dyck strings have none`);
    else if (f.kind === "foolingPair") checkFoolingPair(ctx, f, at);
    else if (f.kind === "exactAccuracy") checkExactAccuracy(ctx, f, at);
    else if (f.kind === "stateBits") checkStateBits(ctx, f, at);
    else checkAccuracyBound(ctx, f, at, facts);
  } catch (e) {
    if (e instanceof Refutation) throw e;
    if (e instanceof UserError || (e instanceof Error && e.name === "BudgetExceededError")) refute(at, e.message.split("\n")[0]);
    throw e;
  }
}

