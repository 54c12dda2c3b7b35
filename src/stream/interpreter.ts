import type { BitString, StreamingModel } from "./model.js";
import { predictAt } from "./model.js";

/** A state that needs more bits than the model declared for that point of the stream. */
export class BudgetExceededError extends Error {
  constructor(model: string, t: number, used: number, allowed: number) {
    super(`model ${model} used ${used} state bits after ${t} tokens; its budget there is ${allowed}`);
    this.name = "BudgetExceededError";
  }
}

/** Encodes a state and enforces the budget stateBits(t) (t = tokens consumed so far). */
export function encodeChecked<S>(model: StreamingModel<S>, state: S, t: number): BitString {
  const bits = model.encode(state);
  const allowed = model.stateBits(t);
  if (bits.length > allowed) throw new BudgetExceededError(model.name, t, bits.length, allowed);
  return bits;
}

export interface RunResult<S> {
  state: S;
  /** Tokens consumed in total (the next token's position). */
  t: number;
}

/**
 * Runs tokens from `state` (default: init) starting at position t0, checking the budget
 * after every token unless `checkBudget` is false.
 */
export function runModel<S>(
  model: StreamingModel<S>,
  tokens: readonly number[],
  opts: { state?: S; t0?: number; checkBudget?: boolean } = {},
): RunResult<S> {
  let state = opts.state ?? model.init();
  let t = opts.t0 ?? 0;
  const check = opts.checkBudget ?? true;
  for (const tok of tokens) {
    state = model.step(state, tok, t);
    t++;
    if (check) encodeChecked(model, state, t);
  }
  return { state, t };
}

/** An external retriever (in-context RAG): given the context so far, the answer token or null. */
export type Retriever = (context: readonly number[]) => number | null;

export interface GenerateOptions {
  /** Stop after emitting one of these tokens (it is included in the output). */
  stopTokens: readonly number[];
  maxTokens: number;
  /** Tokens the model may emit (default: all). */
  allowed?: readonly number[];
  /** Called after each model token with the whole context; an answer is appended and fed in. */
  retriever?: Retriever;
  /** The context before generation (needed by a retriever). */
  context?: readonly number[];
}

export interface GenerateResult<S> extends RunResult<S> {
  /** Every token appended after the start: the model's and the retriever's. */
  tokens: number[];
  /** 1 where the token came from the retriever. */
  fromRetriever: (0 | 1)[];
  /** True when a stop token was emitted before maxTokens ran out. */
  stopped: boolean;
}

/**
 * Greedy generation (chain of thought): the model emits the argmax token, which is fed back.
 * A retriever's answers are appended and fed in too, but never predicted by the model.
 */
export function generate<S>(model: StreamingModel<S>, state: S, t0: number, opts: GenerateOptions): GenerateResult<S> {
  const context = [...(opts.context ?? [])];
  const tokens: number[] = [];
  const fromRetriever: (0 | 1)[] = [];
  let t = t0;
  let s = state;
  while (tokens.length < opts.maxTokens) {
    const tok = predictAt(model, s, opts.allowed);
    s = model.step(s, tok, t++);
    encodeChecked(model, s, t);
    tokens.push(tok);
    fromRetriever.push(0);
    context.push(tok);
    if (opts.stopTokens.includes(tok)) return { state: s, t, tokens, fromRetriever, stopped: true };
    const answer = opts.retriever?.(context) ?? null;
    if (answer !== null) {
      s = model.step(s, answer, t++);
      encodeChecked(model, s, t);
      tokens.push(answer);
      fromRetriever.push(1);
      context.push(answer);
    }
  }
  return { state: s, t, tokens, fromRetriever, stopped: false };
}

export interface RoundTripReport {
  ok: boolean;
  /** First continuation step (0 = right after decoding) where the two runs differ, or null. */
  firstDifference: number | null;
}

/**
 * Checks that decode(encode(s)) continues exactly like s: the same encoded states and the
 * same logits after every token of `continuation`.
 */
export function checkRoundTrip<S>(
  model: StreamingModel<S>,
  state: S,
  t: number,
  continuation: readonly number[],
): RoundTripReport {
  let a = state;
  let b = model.decode(model.encode(state));
  const same = (k: number): boolean => {
    if (model.encode(a) !== model.encode(b)) return false;
    const la = model.logits(a);
    const lb = model.logits(b);
    if (la.length !== lb.length) return false;
    for (let v = 0; v < la.length; v++) if (!Object.is(la[v], lb[v])) return false;
    return k >= 0;
  };
  if (!same(0)) return { ok: false, firstDifference: 0 };
  for (let k = 0; k < continuation.length; k++) {
    a = model.step(a, continuation[k], t + k);
    b = model.step(b, continuation[k], t + k);
    if (!same(k + 1)) return { ok: false, firstDifference: k + 1 };
  }
  return { ok: true, firstDifference: null };
}
