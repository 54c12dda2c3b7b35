import type { Plot } from "./plots.js";

export interface HtmlCertificate {
  file: string;
  claim: string;
  modelName: string;
  n: number;
  M: number;
  statement: string;
  verdict: string;
}

export const escapeHtml = (s: string): string =>
  s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;").replace(/"/g, "&quot;");

/**
 * The self-contained report page: every plot inlined as an SVG data URI (so it opens offline
 * from file://, with no script, font or style sheet fetched), captions, and the certificates.
 */
export function reportHtml(o: { title: string; intro: string[]; plots: { plot: Plot; svg: string }[]; certificates: HtmlCertificate[]; tables?: { title: string; head: string[]; rows: string[][] }[] }): string {
  const figures = o.plots.map(
    ({ plot, svg }) => `<figure id="${escapeHtml(plot.id)}">
<img alt="${escapeHtml(plot.title)}" src="data:image/svg+xml;base64,${Buffer.from(svg, "utf8").toString("base64")}">
<figcaption><b>${escapeHtml(plot.title)}.</b> ${escapeHtml(plot.caption)} <a href="${escapeHtml(plot.id)}.svg">SVG</a></figcaption>
</figure>`,
  );
  const certs = o.certificates.length
    ? `<h2>Certificates</h2>
<p>Each was re-checked by <code>streambound verify</code>'s checker while this page was written. Re-check any of them yourself: <code>streambound verify FILE</code>.</p>
<table><thead><tr><th>file</th><th>claim</th><th>model</th><th>n</th><th>M</th><th>check</th><th>what it shows</th></tr></thead><tbody>
${o.certificates.map((c) => `<tr><td><code>${escapeHtml(c.file)}</code></td><td>${escapeHtml(c.claim)}</td><td>${escapeHtml(c.modelName)}</td><td>${c.n}</td><td>${c.M}</td><td>${escapeHtml(c.verdict)}</td><td>${escapeHtml(c.statement)}</td></tr>`).join("\n")}
</tbody></table>`
    : "";
  const tables = (o.tables ?? []).map(
    (t) => `<h2>${escapeHtml(t.title)}</h2>
<table><thead><tr>${t.head.map((h) => `<th>${escapeHtml(h)}</th>`).join("")}</tr></thead><tbody>
${t.rows.map((r) => `<tr>${r.map((c) => `<td>${escapeHtml(c)}</td>`).join("")}</tr>`).join("\n")}
</tbody></table>`,
  );
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src data:; style-src 'unsafe-inline'">
<title>${escapeHtml(o.title)}</title>
<style>
body { font-family: sans-serif; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; color: #222; }
figure { margin: 2rem 0; } figure img { max-width: 100%; border: 1px solid #ddd; }
figcaption { font-size: 0.9rem; color: #444; }
table { border-collapse: collapse; font-size: 0.85rem; } td, th { border: 1px solid #ccc; padding: 0.25rem 0.5rem; vertical-align: top; text-align: left; }
</style>
</head>
<body>
<h1>${escapeHtml(o.title)}</h1>
${o.intro.map((p) => `<p>${escapeHtml(p)}</p>`).join("\n")}
${tables.join("\n")}
${figures.join("\n")}
${certs}
</body>
</html>
`;
}
