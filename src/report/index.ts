export { reportFromPaths, writeReport, type ReportOptions, type ReportSummary } from "./report.js";
export { readReportInputs, type ReportInputs, type CensusDoc, type CertificateDoc, type StateBitsDoc } from "./inputs.js";
export { reportPlots, type Plot } from "./plots.js";
export { renderSvg } from "./render.js";
