/**
 * The in-context retriever of each task that has one, by task name: IsTree's (Algorithm 2 of
 * rnn-icrag, retriever.ts), Index's (a position → the token there) and AR's (a key → its
 * value). A retriever sees the whole context so far and returns one answer token, or null when
 * the context does not end with a query.
 */
import { endsWithQuery, retrieve } from "./retriever.js";
import { indexRetrieve } from "./indexRetriever.js";
import { arRetrieve } from "./arRetriever.js";

/** Answers the query the context ends with, for a task of size `size`, or null. */
export type TaskRetriever = (context: readonly number[], size: number) => number | null;

const RETRIEVERS: Readonly<Record<string, TaskRetriever>> = {
  istree: (context, size) => (endsWithQuery(context, size) ? retrieve(context, size) : null),
  index: indexRetrieve,
  ar: arRetrieve,
};

/** Names of the tasks that have a retriever. */
export const RETRIEVAL_TASKS: readonly string[] = Object.keys(RETRIEVERS);

/** The retriever of a task (`istree:random` uses IsTree's), or null when it has none. */
export function taskRetriever(task: string): TaskRetriever | null {
  const base = task.split(":")[0];
  return Object.hasOwn(RETRIEVERS, base) ? RETRIEVERS[base] : null;
}
