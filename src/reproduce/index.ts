export type { Reproduction, Step } from "./plan.js";
export { runPlan, planText, stepArgv, finishedSteps, type RunPlanOptions, type StepRecord } from "./runner.js";
export { REPRODUCTIONS } from "./registry.js";
