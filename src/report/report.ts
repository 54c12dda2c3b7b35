import { join, relative, resolve } from "node:path";
import { mkdirSync } from "node:fs";
import { writeFileAtomic } from "../cli/io.js";
import { verify } from "../../proofs/index.js";
import { readReportInputs, type ReportInputs } from "./inputs.js";
import { reportPlots } from "./plots.js";
import { renderSvg } from "./render.js";
import { reportHtml, type HtmlCertificate } from "./html.js";

export interface ReportOptions {
  out: string;
  title?: string;
  /** Paragraphs above the plots (reproductions say what was run, at which sizes). */
  intro?: string[];
  tables?: { title: string; head: string[]; rows: string[][] }[];
}

export interface ReportSummary {
  out: string;
  index: string;
  plots: { id: string; file: string; title: string }[];
  certificates: number;
}

/** Writes one SVG per plot and index.html under `out`; inputs are read (and checked) before anything is written. */
export async function writeReport(inputs: ReportInputs, o: ReportOptions): Promise<ReportSummary> {
  const plots = reportPlots(inputs);
  const rendered = [];
  for (const plot of plots) rendered.push({ plot, svg: await renderSvg(plot.spec) });
  const out = resolve(o.out);
  const certificates: HtmlCertificate[] = inputs.certificates.map(({ path, doc }) => {
    const v = (doc as { model?: { kind?: string } }).model?.kind === "supplied" ? null : verify(doc);
    return {
      file: relative(out, resolve(path)) || path,
      claim: doc.claim,
      modelName: doc.modelName,
      n: doc.n,
      M: doc.M,
      statement: doc.statement,
      verdict: v === null ? "not re-checked here (a supplied model: verify it with its module)" : v.ok ? "verified" : `REFUTED: ${v.field}: ${v.reason}`,
    };
  });
  mkdirSync(out, { recursive: true });
  for (const { plot, svg } of rendered) writeFileAtomic(join(out, `${plot.id}.svg`), svg);
  const html = reportHtml({
    title: o.title ?? "streambound report",
    intro: o.intro ?? [`${inputs.census.length} census document(s), ${inputs.results.length} sweep result table(s), ${inputs.certificates.length} certificate(s).`],
    plots: rendered,
    certificates,
    tables: o.tables,
  });
  const index = join(out, "index.html");
  writeFileAtomic(index, html);
  return { out, index, plots: plots.map((p) => ({ id: p.id, file: join(out, `${p.id}.svg`), title: p.title })), certificates: certificates.length };
}

/** `streambound report PATHS… --out DIR`. */
export async function reportFromPaths(paths: readonly string[], o: ReportOptions): Promise<ReportSummary> {
  return writeReport(readReportInputs(paths), o);
}
