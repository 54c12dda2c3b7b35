export type { Reproduction, Step } from "./plan.js";
export { runPlan, planText, stepArgv, commandFor, finishedSteps, type RunPlanOptions, type StepRecord } from "./runner.js";
export { REPRODUCTIONS } from "./registry.js";
