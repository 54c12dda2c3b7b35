/**
 * A reproduction is data: an ordered list of steps, each a streambound command line at two
 * scales (--quick for a 2-core CPU, paper sizes for a GPU machine). `{out}` in an argument is
 * the reproduction's directory, `{device}` the --device given.
 */
export interface Step {
  /** File-safe id: its output is steps/<id>.json. */
  id: string;
  /** What the step shows, in plain words. */
  what: string;
  quick: readonly string[];
  paper: readonly string[];
  /**
   * What the step's stdout is: a report input (census, results, certificate JSON), or "log"
   * (kept, not plotted: e.g. a training run's summary).
   */
  output: "report" | "log";
  /** A training step: when its run directory exists but the step did not finish, resume it. */
  trainDir?: string;
}

export interface Reproduction {
  id: string;
  title: string;
  /** The paper's claim this stands beside. */
  claim: string;
  /** What is reproduced, what is left out and why (printed with the plan, shown in the report). */
  notes: readonly string[];
  steps: readonly Step[];
}
