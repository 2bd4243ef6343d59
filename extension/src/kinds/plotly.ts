// The plotly kind: a raw plotly figure, rebuilt through the sanitiser's whitelist of trace types
// and attributes; dlab's common layout (theme, title) stays on top.
import { checkMarkers, need } from "../validate-fields";
import { LIMITS } from "../limits";
import { sanitizePlotly } from "../sanitize";
import type { KindResult } from "../plotly-helpers";
import { drawsPerPoint, type PlotlyFigure } from "dlab/dist/payload";

/**
 * Checks a raw plotly payload's shape: traces are objects, the layout an object. Their attributes
 * are whitelisted when drawn ({@link traces}).
 * @example
 * validate({ kind: "plotly", data: [{ type: "bar", x: [1], y: [2] }] });
 */
export function validate(o: Record<string, unknown>): void {
  const marked: unknown[][] = [];
  need.capped(o.data, "data", LIMITS.traces, "traces").forEach((t, i) => {
    const trace = need.obj(t, `data[${i}]`);
    const points = Array.isArray(trace.x) ? trace.x : Array.isArray(trace.y) ? trace.y : [];
    if (drawsPerPoint(trace)) marked.push(points);
    // the coordinates plotly draws: a line's points, a heatmap's or contour's grid
    for (const axis of ["x", "y", "z"]) {
      const values = trace[axis];
      if (!Array.isArray(values)) continue;
      const max = axis === "z" || Array.isArray(values[0]) ? LIMITS.gridSide : LIMITS.points;
      need.atMost(values, max, `data[${i}].${axis}`, max === LIMITS.points ? "points" : "grid rows");
      values.forEach((row, j) => {
        if (Array.isArray(row)) need.atMost(row, LIMITS.gridSide, `data[${i}].${axis}[${j}]`, "grid points");
      });
    }
  });
  checkMarkers(marked, "data");
  if (o.layout === undefined) return;
  const layout = need.obj(o.layout, "layout");
  need.capped(layout.annotations, "layout.annotations", LIMITS.annotations, "annotations", true);
  need.capped(layout.shapes, "layout.shapes", LIMITS.shapes, "shapes", true);
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
