/** Public API of src/tasks: every task, its token format, its solver, and the registry. */
export type { Task, TaskInstance } from "./task.js";
export { getTask, TASK_NAMES } from "./registry.js";
export { indexTask, indexVocabulary, solveIndex, indexQueryToken, INDEX_BIT0, INDEX_BIT1 } from "./indexTask.js";
export { arTask, arVocabulary, solveAr, arKeyToken, arValueToken } from "./ar.js";
export { cgramTask, cgramDefaultTask, cgramVocabulary, solveCgram, CGRAM_DEFAULT_C } from "./cgram.js";
export {
  countingTask, countingVocabulary, solveCounting, countingSymbolToken, countingThresholdToken,
  COUNTING_NO, COUNTING_YES, COUNTING_FILLER,
} from "./counting.js";
export {
  indexLookupTask, indexLookupDefaultTask, indexLookupVocabulary, solveIndexLookup,
  indexLookupSymbolToken, indexLookupPositionToken, INDEXLOOKUP_DEFAULT_SIGMA,
} from "./indexlookup.js";
export { BIT0, BIT1, BIT_PAIR_SEPARATOR, bitPairInput } from "./bitPair.js";
export { equalityTask, equalityVocabulary, solveEquality } from "./equality.js";
export { disjointnessTask, disjointnessVocabulary, solveDisjointness } from "./disjointness.js";
export {
  dyckTask, dyckVocabulary, solveDyck, isDyckWord, DYCK_OPEN_ROUND, DYCK_CLOSE_ROUND,
  DYCK_OPEN_SQUARE, DYCK_CLOSE_SQUARE, DYCK_NO, DYCK_YES, DYCK_MAX_DEPTH,
} from "./dyck.js";
export {
  nnTask, nnDefaultTask, nnVocabulary, solveNn, nearOrthogonalKeys, nnVectorTokens,
  defaultNnDimension, NN_LABEL0, NN_LABEL1, NN_PLUS, NN_MINUS,
} from "./nn.js";
export {
  istreeTask, isTreeTask, isTreeInstance, solveIsTree, checkIsTreeSize, ISTREE_MODES, type IsTreeMode,
} from "./istree.js";
export * from "./istreeVocabulary.js";
export { type IsTreeGraph, isTreeGraph, graphInputTokens, parseGraphInput, neighbourLists } from "./istreeGraph.js";
export { type IsTreeFamily, ISTREE_FAMILIES, binaryGraph, randomGraph, drawGraph } from "./istreeFamilies.js";
export { eulerTour, retrievalTour } from "./istreeTours.js";
export { retrieve, endsWithQuery, trailingQuery, type RetrievalQuery } from "./retriever.js";
