/**
 * Runs a time-invariant model (a recurrent cell, whose step ignores t) on many long strings
 * fast: a transition is computed by the model's own step the first time its (encoded state,
 * token) pair occurs and reused after that. Equal encodings decode to equal states, and a pure,
 * time-invariant step maps equal states to equal states, so this is the model's run, exactly.
 */
import type { StreamingModel } from "../../../stream/model.js";

export function memoRunner<S>(model: StreamingModel<S>): (tokens: readonly number[]) => S {
  const codes = new Map<string, number>();
  const states: S[] = [];
  const next: number[][] = [];
  const id = (s: S): number => {
    const key = model.encode(s);
    let k = codes.get(key);
    if (k === undefined) {
      k = states.length;
      codes.set(key, k);
      states.push(s);
      next.push([]);
    }
    return k;
  };
  const start = id(model.init());
  return (tokens) => {
    let k = start;
    for (let t = 0; t < tokens.length; t++) {
      let j = next[k][tokens[t]];
      if (j === undefined) next[k][tokens[t]] = j = id(model.step(states[k], tokens[t], t));
      k = j;
    }
    return states[k];
  };
}
