/**
 * The one-way game on a string split at any point (issue 8 item 3): Alice holds the prefix
 * w_0 … w_{k−1}, runs the model on it and sends its encoded state; Bob decodes it, runs the
 * suffix w_k … w_{n−1} and answers. Used for Dyck-(2,2), where the task is a whole string, not
 * a bit-block reduction. For a recurrent model the message is its constant M bits.
 */
import type { BitString, StreamingModel } from "../stream/model.js";
import { predictAt } from "../stream/model.js";
import { encodeChecked, runModel } from "../stream/interpreter.js";
import { userError } from "../util/errors.js";

export interface StringTranscript {
  model: string;
  n: number;
  split: number;
  aliceTokens: number[];
  bobTokens: number[];
  message: BitString;
  messageBits: number;
  /** stateBits(split): the budget Alice's message had. */
  stateBits: number;
  output: number;
  expected: number;
  correct: boolean;
}

export function playStringGame<S>(
  model: StreamingModel<S>,
  tokens: readonly number[],
  split: number,
  answerTokens: readonly number[],
  expected: number,
): StringTranscript {
  const n = tokens.length;
  if (!(Number.isInteger(split) && split >= 0 && split <= n)) userError(`--split must be a whole number from 0 to ${n} (the string has ${n} symbols), got ${split}`);
  const aliceTokens = tokens.slice(0, split);
  const bobTokens = tokens.slice(split);
  const alice = runModel(model, aliceTokens);
  const message = encodeChecked(model, alice.state, alice.t);
  const bob = runModel(model, bobTokens, { state: model.decode(message), t0: split });
  const output = predictAt(model, bob.state, answerTokens);
  return {
    model: model.name,
    n,
    split,
    aliceTokens,
    bobTokens,
    message,
    messageBits: message.length,
    stateBits: model.stateBits(split),
    output,
    expected,
    correct: output === expected,
  };
}
