// The plotly kind: a raw plotly figure, rebuilt through the sanitiser's whitelist of trace types
// and attributes; dlab's common layout (theme, title) stays on top.
import { need } from "../validate-fields";
import { sanitizePlotly } from "../sanitize";
import type { KindResult } from "../plotly-helpers";
import type { PlotlyFigure } from "dlab/dist/payload";

/**
 * Checks a raw plotly payload's shape: traces are objects, the layout an object. Their attributes
 * are whitelisted when drawn ({@link traces}).
 * @example
 * validate({ kind: "plotly", data: [{ type: "bar", x: [1], y: [2] }] });
 */
export function validate(o: Record<string, unknown>): void {
  need.arr(o.data, "data").forEach((t, i) => need.obj(t, `data[${i}]`));
  if (o.layout !== undefined) need.obj(o.layout, "layout");
}

/**
 * A raw plotly figure, rebuilt through the whitelist; the common layout (theme, title) stays on top.
 * @example
 * traces({ kind: "plotly", data: [{ type: "bar", x: [1], y: [2] }] }).data[0].type; // "bar"
 */
export function traces(p: PlotlyFigure): KindResult {
  const { data, layout } = sanitizePlotly(p.data, p.layout);
  // The payload's own title and axis labels (escaped) win over the raw layout's.
  for (const k of ["paper_bgcolor", "plot_bgcolor", "font"]) delete layout[k];
  if (p.title !== undefined) delete layout.title;
  return { data, layout };
}
