import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { sweepResults, type ResultsTable } from "../float/results.js";
import { userError } from "../util/errors.js";

/** A census document as `streambound census … --json` prints it (fields the report uses). */
export interface CensusDoc {
  task: string;
  reduction: string;
  model: string;
  format: string | null;
  stateBits: number;
  stateBitsFormula?: string;
  rows: {
    n: number;
    exhaustive: boolean;
    distinctStates: string;
    distinctStatesIsLowerEstimate: boolean;
    accuracy: number;
    accuracyIsEstimate: boolean;
    bayesOptimalAccuracy: number | null;
    accuracyUpperBound: number | null;
    /** Growing states (KV caches): M at this n, where the census reports it. */
    stateBits?: number;
    foolingPair: { x: string; xPrime: string; query: number } | null;
  }[];
  /** True for a two-way census (census --retrieval of a rag-* model). */
  retrieval?: boolean;
  /** A label the report shows instead of the model name (reproductions set it). */
  label?: string;
}

/** A certificate (src/verify), shown in a table with its statement. */
export interface CertificateDoc {
  schema: string;
  claim: string;
  statement: string;
  modelName: string;
  n: number;
  M: number;
  facts: { kind: string }[];
}

/** State bits against n for models whose state grows (a reproduction writes these). */
export interface StateBitsDoc {
  kind: "streambound.stateBits";
  series: { label: string; n: number; stateBits: number }[];
}

export interface ReportInputs {
  census: CensusDoc[];
  results: ResultsTable[];
  certificates: { path: string; doc: CertificateDoc }[];
  stateBits: StateBitsDoc[];
}

function classify(doc: unknown, source: string, into: ReportInputs): void {
  if (Array.isArray(doc)) {
    for (const d of doc) classify(d, source, into);
    return;
  }
  if (typeof doc !== "object" || doc === null) userError(`${source}: not a report input (a census, results, certificate or state-bits JSON document)`);
  const d = doc as Record<string, unknown>;
  if (typeof d.schema === "string" && d.schema.startsWith("streambound.certificate/")) into.certificates.push({ path: source, doc: d as unknown as CertificateDoc });
  else if (d.kind === "streambound.stateBits" && Array.isArray(d.series)) into.stateBits.push(d as unknown as StateBitsDoc);
  else if (Array.isArray(d.rows) && typeof d.task === "string" && typeof d.stateBits === "number") into.census.push(d as unknown as CensusDoc);
  else if (Array.isArray(d.rows) && typeof d.sweep === "string") into.results.push(d as unknown as ResultsTable);
  else userError(`${source}: not a report input (a census, results, certificate or state-bits JSON document)`);
}

function readJsonFile(path: string, into: ReportInputs): void {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    userError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
  }
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (e) {
    userError(`${path}: not JSON (${(e as Error).message.split("\n")[0]})`);
  }
  classify(doc, path, into);
}

/**
 * Reads what `report` is given: JSON files (census, results, certificates, state-bits series),
 * sweep directories (aggregated as `streambound results` does), and directories of such files.
 */
export function readReportInputs(paths: readonly string[]): ReportInputs {
  const into: ReportInputs = { census: [], results: [], certificates: [], stateBits: [] };
  for (const p of paths) {
    if (!existsSync(p)) userError(`cannot read ${p}: no such file or directory`);
    if (statSync(p).isDirectory()) {
      if (existsSync(join(p, "sweep.json"))) into.results.push(sweepResults({ sweep: p }));
      else {
        const files = readdirSync(p).filter((f) => f.endsWith(".json")).sort();
        if (files.length === 0) userError(`${p}: a directory with no .json files and no sweep.json`);
        for (const f of files) readJsonFile(join(p, f), into);
      }
    } else readJsonFile(p, into);
  }
  return into;
}
