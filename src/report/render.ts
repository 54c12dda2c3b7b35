import * as vega from "vega";
import { compile } from "vega-lite";

/** Renders a Vega-Lite spec to SVG in Node: no browser, no canvas (text measured by estimate). */
export async function renderSvg(spec: Record<string, unknown>): Promise<string> {
  const compiled = compile(spec as never).spec;
  const view = new vega.View(vega.parse(compiled), { renderer: "none" });
  try {
    return await view.toSVG();
  } finally {
    view.finalize();
  }
}
