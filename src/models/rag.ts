/**
 * `rag`: any streaming model plus an in-context retriever from src/tasks (issue 7). The model
 * (the controller) is an ordinary StreamingModel, and its state is its own M bits: stateBits
 * and encode are the controller's. The retriever answers the queries the controller generates
 * in its chain of thought from the whole context, which the retriever holds and which is never
 * counted as the model's memory; `describe().params.context` says so. In the game and the
 * census every query and every answer is a counted message of a two-way protocol.
 */
import type { StreamingModel } from "../stream/model.js";
import type { Retriever } from "../stream/interpreter.js";
import { taskRetriever, RETRIEVAL_TASKS } from "../tasks/retrievers.js";
import { userError } from "../util/errors.js";

/** A streaming model that carries its retriever for a task of a given size. */
export interface RagModel<S = unknown> extends StreamingModel<S> {
  readonly task: string;
  /** The task size the retriever reads the context at. */
  readonly taskSize: number;
  readonly retriever: Retriever;
}

export function isRagModel(model: StreamingModel<unknown>): model is RagModel<unknown> {
  return typeof (model as Partial<RagModel>).retriever === "function" && typeof (model as Partial<RagModel>).task === "string";
}

/** Wraps `controller` with the retriever of `task` at size `taskSize`. */
export function ragModel<S>(controller: StreamingModel<S>, task: string, taskSize: number): RagModel<S> {
  const answer = taskRetriever(task);
  if (!answer) userError(`task ${task} has no retriever (tasks with one: ${RETRIEVAL_TASKS.join(", ")})`);
  const info = controller.describe();
  return {
    name: `rag(${controller.name}, ${task} retriever)`,
    vocabSize: controller.vocabSize,
    format: controller.format,
    task,
    taskSize,
    retriever: (context) => answer(context, taskSize),
    init: () => controller.init(),
    step: (s, token, t) => controller.step(s, token, t),
    logits: (s) => controller.logits(s),
    ...(controller.logitsFor ? { logitsFor: (s: S, tokens: readonly number[]) => controller.logitsFor!(s, tokens) } : {}),
    encode: (s) => controller.encode(s),
    decode: (bits) => controller.decode(bits),
    stateBits: (t) => controller.stateBits(t),
    describe: () => ({
      ...info,
      params: {
        ...info.params,
        controller: info.architecture,
        retriever: task,
        context: "held by the retriever; not part of the model's state and never counted in stateBits",
      },
      architecture: "rag",
    }),
  };
}
