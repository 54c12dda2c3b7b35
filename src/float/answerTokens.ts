import { getReduction } from "../comm/reductions/registry.js";
import { INDEXLOOKUP_DEFAULT_SIGMA } from "../tasks/indexlookup.js";

/**
 * The tokens that can be a task's answer at size n, ascending: what *answer accuracy* takes
 * the argmax over (as the census and the game do), against *exact match*, which takes it over
 * the whole vocabulary at every supervised token. Ranges as each task's header documents them;
 * the two-answer tasks use their reduction's answer tokens. null when unknown.
 */
export function taskAnswerTokens(task: string, n: number): number[] | null {
  const [base, param] = task.split(":");
  const range = (lo: number, count: number) => Array.from({ length: count }, (_, k) => lo + k);
  switch (base) {
    case "ar":
      return range(n, n); // values v0..v{n−1} at n..2n−1
    case "cgram":
      return range(0, n); // every symbol s0..s{n−1}
    case "indexlookup":
      return range(0, param ? Number(param) : INDEXLOOKUP_DEFAULT_SIGMA); // the alphabet a0..a{S−1}
    default:
      try {
        return [...getReduction(base).answerTokens(n)].sort((a, b) => a - b);
      } catch {
        return null;
      }
  }
}
