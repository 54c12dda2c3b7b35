import type { CensusDoc, ReportInputs } from "./inputs.js";

/** One figure of the report: a Vega-Lite spec, its file name and a caption saying what is exact and what is sampled. */
export interface Plot {
  id: string;
  title: string;
  caption: string;
  spec: Record<string, unknown>;
}

const SCHEMA = "https://vega.github.io/schema/vega-lite/v6.json";
const SIZE = { width: 420, height: 260 };
/** Legends wide enough for the series names (Vega truncates at 160 px by default). */
const CONFIG = { legend: { labelLimit: 400, titleLimit: 400 }, title: { limit: 700 } };

function slug(s: string): string {
  return s.replace(/[^A-Za-z0-9]+/g, "-").replace(/^-|-$/g, "").toLowerCase().slice(0, 60);
}

const label = (d: CensusDoc): string => d.label ?? `${d.model}${d.format ? ` at ${d.format}` : ""} (M = ${d.stateBits}) on ${d.task}/${d.reduction}`;
const sampledNote = (d: CensusDoc): string => {
  const exact = d.rows.filter((r) => r.exhaustive).map((r) => r.n);
  const sampled = d.rows.filter((r) => !r.exhaustive).map((r) => r.n);
  return [
    d.retrieval ? "a two-way game (Bob's chain of thought asks the model's retriever, every query and answer counted): the one-way bound and the per-state ceiling do not apply" : "",
    exact.length ? `exact (every x ∈ {0,1}^n enumerated) at n = ${exact.join(", ")}` : "",
    sampled.length ? `sampled search at n = ${sampled.join(", ")} (counts there are lower estimates, accuracies estimates; fooling pairs exact)` : "",
  ].filter(Boolean).join("; ");
};

function line(values: unknown[], x: Record<string, unknown>, y: Record<string, unknown>, title: string, colors?: string[]): Record<string, unknown> {
  return {
    $schema: SCHEMA,
    title,
    ...SIZE,
    config: CONFIG,
    data: { values },
    mark: { type: "line", point: true },
    encoding: {
      x,
      y,
      // one colour per quantity in every plot of a kind (the domain lists them all)
      color: { field: "series", type: "nominal", title: "series", ...(colors ? { scale: { domain: colors } } : {}) },
      strokeDash: { field: "kind", type: "nominal", title: "computed" },
    },
  };
}

/** log₂ D(n) against n, with the lines M and n. */
function distinctStatesPlot(d: CensusDoc): Plot {
  const values = d.rows.flatMap((r) => [
    { n: r.n, bits: Math.log2(Number(r.distinctStates)), series: "log₂ D(n)", kind: r.exhaustive ? "exact" : "sampled (lower estimate)" },
    { n: r.n, bits: r.stateBits ?? d.stateBits, series: "M (state bits)", kind: "exact" },
    { n: r.n, bits: r.n, series: "n (Alice's input bits)", kind: "exact" },
  ]);
  return {
    id: `distinct-states-${slug(label(d))}`,
    title: `Distinguishable states: ${label(d)}`,
    caption: `log₂ of the number D(n) of distinct states after Alice's prefix, against n, beside M = ${d.stateBits} state bits and n. D(n) ≤ 2^min(n, M): where log₂ D(n) < n, two inputs share a state and a fooling pair exists. ${sampledNote(d)}.`,
    spec: line(values, { field: "n", type: "quantitative", title: "n (input bits)" }, { field: "bits", type: "quantitative", title: "bits" }, `log₂ D(n): ${label(d)}`, ["log₂ D(n)", "M (state bits)", "n (Alice's input bits)"]),
  };
}

/** Exact accuracy beside the Bayes-optimal accuracy of the same state map and the universal bound. */
function accuracyPlot(d: CensusDoc): Plot {
  const values = d.rows.flatMap((r) => [
    { n: r.n, accuracy: r.accuracy, series: "model's accuracy", kind: r.accuracyIsEstimate ? "sampled estimate" : "exact" },
    ...(r.bayesOptimalAccuracy === null ? [] : [{ n: r.n, accuracy: r.bayesOptimalAccuracy, series: "Bayes-optimal for its states", kind: "exact" }]),
    ...(r.accuracyUpperBound === null ? [] : [{ n: r.n, accuracy: r.accuracyUpperBound, series: "bound 1 − H₂⁻¹(1 − M/n), any M-bit model", kind: "exact" }]),
  ]);
  return {
    id: `accuracy-${slug(label(d))}`,
    title: `Accuracy against the ceilings: ${label(d)}`,
    caption: `Fraction of all (x, q) pairs answered correctly, against n; beside it the Bayes-optimal accuracy of this model's own state map (an exact ceiling for any readout of these states) and the universal bound 1 − H₂⁻¹(1 − M/n) for every ${d.stateBits}-bit model (a theorem, computed). ${sampledNote(d)}.`,
    spec: line(values, { field: "n", type: "quantitative", title: "n (input bits)" }, { field: "accuracy", type: "quantitative", title: "accuracy (fraction of (x, q) pairs)", scale: { domain: [0, 1] } }, `accuracy: ${label(d)}`, ["model's accuracy", "Bayes-optimal for its states", "bound 1 − H₂⁻¹(1 − M/n), any M-bit model"]),
  };
}

/** State bits against n, one line per model. */
function stateBitsPlot(inputs: ReportInputs): Plot | null {
  const values = [
    ...inputs.census.flatMap((d) => {
      const series = d.label ?? `${d.model}${d.format ? ` at ${d.format}` : ""}`;
      // A census states M once, at its largest n; where the formula depends on t or on the vocabulary
      // (a KV cache, a controller holding a token id), M differs at smaller n, so only that point is known.
      const grows = d.rows.every((r) => r.stateBits === undefined) && /\bt\b|\bV\b|vocabSize/.test(d.stateBitsFormula ?? "");
      const rows = grows ? d.rows.slice(-1) : d.rows;
      return rows.map((r) => ({ n: r.n, stateBits: r.stateBits ?? d.stateBits, series }));
    }),
    ...inputs.stateBits.flatMap((s) => s.series.map((p) => ({ n: p.n, stateBits: p.stateBits, series: p.label }))),
  ];
  if (values.length === 0) return null;
  return {
    id: "state-bits",
    title: "State bits against n",
    caption: "Bits of each model's state after Alice's prefix (M, counted exactly from the state's encoding at its format), against n. A recurrent model's M is constant; a KV cache grows with n.",
    spec: {
      $schema: SCHEMA,
      title: "state bits M against n",
      ...SIZE,
      config: CONFIG,
      data: { values },
      mark: { type: "line", point: true },
      encoding: {
        x: { field: "n", type: "quantitative", title: "n (input bits)" },
        y: { field: "stateBits", type: "quantitative", title: "state bits M (bits)", scale: { type: "log" } },
        color: { field: "series", type: "nominal", title: "model" },
      },
    },
  };
}

/** Accuracy heat maps over (length × width), one per (sweep, task, architecture). */
function heatMaps(inputs: ReportInputs): Plot[] {
  const out: Plot[] = [];
  for (const t of inputs.results) {
    const groups = new Map<string, typeof t.rows>();
    for (const r of t.rows) groups.set(`${r.task} ${r.arch}`, [...(groups.get(`${r.task} ${r.arch}`) ?? []), r]);
    for (const [key, rows] of groups) {
      out.push({
        id: `heatmap-${slug(`${t.sweep}-${key}`)}`,
        title: `Trained accuracy over length × width: ${key}`,
        caption: `Mean test accuracy of the float (PyTorch) runs over every seed and learning rate (sampled: a finite test set), per sequence length n and width. Not exact: float training results.`,
        spec: {
          $schema: SCHEMA,
          title: `float test accuracy: ${key}`,
          ...SIZE,
          config: CONFIG,
          data: { values: rows.map((r) => ({ n: String(r.n), width: String(r.width), accuracy: r.meanAccuracy })) },
          mark: "rect",
          encoding: {
            x: { field: "n", type: "ordinal", title: "n (sequence length, tokens)", sort: rows.map((r) => r.n).sort((a, b) => a - b).map(String) },
            y: { field: "width", type: "ordinal", title: "width (hidden units)", sort: rows.map((r) => r.width).sort((a, b) => b - a).map(String) },
            color: { field: "accuracy", type: "quantitative", title: "test accuracy", scale: { domain: [0, 1], scheme: "viridis" } },
          },
        },
      });
    }
  }
  return out;
}

/** Float accuracy beside the exact ceiling of the same weights and the universal bound. */
function floatBesideExact(inputs: ReportInputs): Plot[] {
  const out: Plot[] = [];
  for (const t of inputs.results) {
    const values = t.rows.flatMap((r) => {
      const who = `${r.arch} w${r.width}`;
      return [
        { n: r.n, accuracy: r.meanAccuracy, series: who, kind: "float test accuracy (sampled)" },
        ...(r.exactCeiling === null ? [] : [{ n: r.n, accuracy: r.exactCeiling, series: who, kind: "exact ceiling of its states" }]),
        ...(r.universalBound === null ? [] : [{ n: r.n, accuracy: r.universalBound, series: who, kind: "bound for its M bits" }]),
      ];
    });
    if (values.length === 0) continue;
    out.push({
      id: `float-vs-exact-${slug(t.sweep)}`,
      title: "Float accuracy beside the exact ceiling",
      caption: `Float test accuracy (sampled, mean over runs) of each trained model beside the exact Bayes-optimal ceiling of its own weights at ${t.format} (exhaustive census) and the universal bound for its M bits (computed). The float numbers are estimates; the ceilings are exact.`,
      spec: line(values, { field: "n", type: "quantitative", title: "n (input bits)" }, { field: "accuracy", type: "quantitative", title: "accuracy (fraction)", scale: { domain: [0, 1] } }, "float accuracy and exact ceilings"),
    });
  }
  return out;
}

/** Every plot the inputs support, in a fixed order. */
export function reportPlots(inputs: ReportInputs): Plot[] {
  const plots: Plot[] = [];
  for (const d of inputs.census) plots.push(distinctStatesPlot(d), accuracyPlot(d));
  const sb = stateBitsPlot(inputs);
  if (sb) plots.push(sb);
  plots.push(...heatMaps(inputs), ...floatBesideExact(inputs));
  const seen = new Map<string, number>();
  for (const p of plots) {
    const k = (seen.get(p.id) ?? 0) + 1;
    seen.set(p.id, k);
    if (k > 1) p.id = `${p.id}-${k}`;
  }
  return plots;
}
