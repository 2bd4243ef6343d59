/** Pure builder for raw `plotly` figures: data only, checked and downsampled. */
import { drawsPerPoint, type PlotlyFigure } from "../payload";
import { assertFinite, downsample, markerShares, MAX_POINTS } from "./common";
import { ArgumentError, describeValue } from "../errors";

const FN = "dl.figures.plotlyFigure";

/** Throw if a value cannot travel as JSON data (functions, symbols, class instances other than arrays). */
function assertPlainData(path: string, v: unknown): void {
  if (v === null || ["string", "boolean"].includes(typeof v)) return;
  if (typeof v === "number") {
    if (!Number.isFinite(v)) throw new ArgumentError(FN, path, "a finite number", String(v));
    return;
  }
  if (Array.isArray(v)) return v.forEach((e, i) => assertPlainData(`${path}[${i}]`, e));
  if (ArrayBuffer.isView(v)) return;
  if (typeof v === "object" && Object.getPrototypeOf(v) === Object.prototype) {
    for (const [k, e] of Object.entries(v as Record<string, unknown>)) assertPlainData(`${path}.${k}`, e);
    return;
  }
  const want = "plain JSON data (numbers, strings, arrays, objects)";
  const hint = "Figures travel as JSON: functions and class instances cannot.";
  throw new ArgumentError(
    FN,
    path,
    want,
    typeof v === "object" ? `a ${v.constructor?.name ?? "object"}` : typeof v,
    hint,
  );
}

/**
 * Build a raw plotly payload; traces with numeric x and y of one length are downsampled to ≤ 1,000
 * points, and those drawn point by point (markers, text, bars) to ≤ 500 in all (MAX_FIGURE_MARKERS).
 * @example
 * plotlyFigure([{ type: "bar", x: ["a", "b"], y: [1, 2] }], { title: { text: "bars" } });
 */
export function plotlyFigure(
  data: Array<Record<string, unknown>>,
  layout?: Record<string, unknown>,
): PlotlyFigure {
  if (!Array.isArray(data))
    throw new ArgumentError(FN, "data", "an array of plotly traces", describeValue(data));
  const copies = data.map((t, i) => {
    const trace: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(t))
      trace[k] = ArrayBuffer.isView(v) ? Array.from(v as unknown as ArrayLike<number>) : v;
    assertPlainData(`data[${i}]`, trace);
    return trace;
  });
  // traces drawn point by point (markers, text, bars) share the figure's marker count
  const length = (t: Record<string, unknown>) => (Array.isArray(t.x) ? t.x.length : 0);
  const shares = markerShares(copies.filter(drawsPerPoint).map(length));
  let k = 0;
  const traces = copies.map((trace, i) => {
    const max = drawsPerPoint(trace) ? Math.min(MAX_POINTS, shares[k++]) : MAX_POINTS;
    const { x, y } = trace;
    if (
      Array.isArray(x) &&
      Array.isArray(y) &&
      x.length === y.length &&
      x.every((e) => typeof e === "number") &&
      y.every((e) => typeof e === "number")
    ) {
      assertFinite(`data[${i}].y`, y as number[]);
      Object.assign(trace, downsample(x as number[], y as number[], max));
    }
    return trace;
  });
  const fig: PlotlyFigure = { kind: "plotly", data: traces };
  if (layout) {
    assertPlainData("layout", layout);
    fig.layout = JSON.parse(JSON.stringify(layout)) as Record<string, unknown>;
  }
  return fig;
}

/**
 * One-line summary: number of traces and their types.
 * @example
 * plotlySummary(plotlyFigure([{ type: "bar", x: [1], y: [1] }])); // "plotly: 1 trace (bar)"
 */
export function plotlySummary(fig: PlotlyFigure): string {
  const types = fig.data.map((t) => String(t.type ?? "scatter"));
  return `plotly: ${types.length} trace${types.length === 1 ? "" : "s"} (${types.join(", ")})`;
}
