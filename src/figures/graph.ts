/**
 * Pure builder for computational-graph figures (CS231n "circuits"): nodes as labelled circles,
 * edges as arrows carrying the forward value above them and the backward gradient below, as a raw
 * `plotly` payload (one marker trace, annotations for arrows and labels).
 */
import { ArgumentError, describeValue } from "../errors";
import type { PlotlyFigure } from "../payload";
import { plotlyFigure } from "./plotly";

const FN = "dl.plot.graph";
/** How far (pixels) a slanted edge's labels move sideways off the line. */
const LABEL_SIDE = 26;

/** A node's circle: wide enough for its label (pixels). */
export function nodeSize(label: string): number {
  return Math.max(40, 7 * [...label].length + 12);
}
const radius = (n: GraphNode) => nodeSize(n.label ?? n.id) / 2 + 1;

/** Colour of the forward values (above the edges). */
export const VALUE_COLOR = "#2e7d32";
/** Colour of the gradients (below the edges). */
export const GRAD_COLOR = "#c62828";

/** A node of the graph: an input, a weight, an operation or the loss. */
export interface GraphNode {
  /** Name the edges refer to. */
  id: string;
  /** Text in the circle, e.g. "x", "w₁", "×", "σ". Defaults to the id. */
  label?: string;
  /** Position in the figure's own units (any scale; the axes are hidden). */
  x: number;
  y: number;
}

/** An arrow from one node to another: what flows forward along it, and the gradient flowing back. */
export interface GraphEdge {
  from: string;
  to: string;
  /** Name of the quantity on the edge, shown with its value ("z₁ = 1.6"). */
  name?: string;
  /** Forward value, shown above the edge in green; absent: not computed yet. */
  value?: number;
  /** Gradient of the loss with respect to this quantity, shown below in red; absent: not yet. */
  grad?: number;
}

/** Options of {@link graphFigure}. */
export interface GraphFigureOptions {
  title?: string;
  /** Significant digits of the numbers shown. Defaults to 3. */
  digits?: number;
  /** Legend entry of the values. Defaults to "forward value". */
  valueName?: string;
  /** Legend entry of the gradients. Defaults to "gradient ∂J/∂(edge)". */
  gradName?: string;
  /** Status line under the figure. */
  status?: string;
}

/** A number with `digits` significant digits and a true minus sign (−0.734, 1.6, 2.3e-5). */
function show(v: number, digits: number): string {
  const s =
    Math.abs(v) >= 1e-3 || v === 0 ? String(Number(v.toPrecision(digits))) : v.toExponential(digits - 1);
  return s.replace(/^-/, "−");
}

function checkNodes(nodes: GraphNode[]): Map<string, GraphNode> {
  if (!Array.isArray(nodes) || nodes.length === 0)
    throw new ArgumentError(FN, "nodes", "a non-empty array of { id, x, y }", describeValue(nodes));
  const byId = new Map<string, GraphNode>();
  nodes.forEach((n, i) => {
    if (typeof n?.id !== "string" || !Number.isFinite(n.x) || !Number.isFinite(n.y))
      throw new ArgumentError(FN, `nodes[${i}]`, "{ id: string, x: number, y: number }", describeValue(n));
    if (byId.has(n.id)) throw new ArgumentError(FN, `nodes[${i}].id`, "a new id", `"${n.id}" again`);
    byId.set(n.id, n);
  });
  return byId;
}

/**
 * Build a computational graph figure: arrows from → to, each with its forward value above (green)
 * and the gradient of the loss below (red); leave `value` or `grad` out for a pass not run yet.
 * @example
 * graphFigure(
 *   [{ id: "x", x: 0, y: 0 }, { id: "σ", x: 1, y: 0 }, { id: "J", x: 2, y: 0 }],
 *   [{ from: "x", to: "σ", name: "z", value: 0.5, grad: 0.2 }, { from: "σ", to: "J", value: 0.62 }],
 *   { title: "forward pass" },
 * );
 */
export function graphFigure(
  nodes: GraphNode[],
  edges: GraphEdge[],
  opts: GraphFigureOptions = {},
): PlotlyFigure {
  const byId = checkNodes(nodes);
  const digits = opts.digits ?? 3;
  if (!Array.isArray(edges))
    throw new ArgumentError(FN, "edges", "an array of { from, to }", describeValue(edges));
  const annotations: Array<Record<string, unknown>> = [];
  edges.forEach((e, i) => {
    const a = byId.get(e?.from);
    const b = byId.get(e?.to);
    if (!a || !b)
      throw new ArgumentError(
        FN,
        `edges[${i}]`,
        `from and to among the node ids (${[...byId.keys()].join(", ")})`,
        `from "${e?.from}" to "${e?.to}"`,
      );
    for (const k of ["value", "grad"] as const)
      if (e[k] !== undefined && !Number.isFinite(e[k]))
        throw new ArgumentError(FN, `edges[${i}].${k}`, "a finite number", String(e[k]));
    // the arrow: from a's circle to b's, standing off by the circles' radii (in pixels)
    annotations.push({
      x: b.x,
      y: b.y,
      ax: a.x,
      ay: a.y,
      xref: "x",
      yref: "y",
      axref: "x",
      ayref: "y",
      text: "",
      showarrow: true,
      arrowhead: 2,
      arrowwidth: 1.5,
      arrowcolor: "#777",
      standoff: radius(b),
      startstandoff: radius(a),
    });
    // labels at the middle, the value above and the gradient below; on a slanted edge also moved
    // sideways, off the line (up-left of a rising edge, up-right of a falling one)
    const dx = b.x - a.x;
    const dy = b.y - a.y;
    const side = dy === 0 ? 0 : dx * dy > 0 ? -LABEL_SIDE : LABEL_SIDE;
    const mid = { x: (a.x + b.x) / 2, y: (a.y + b.y) / 2, xref: "x", yref: "y", showarrow: false };
    const font = (color: string) => ({ color, size: 13 });
    const above = { ...mid, yshift: 11, xshift: side };
    const below = { ...mid, yshift: -11, xshift: side === 0 ? 0 : -side };
    if (e.value !== undefined) {
      const text = e.name ? `${e.name} = ${show(e.value, digits)}` : show(e.value, digits);
      annotations.push({ ...above, text, font: font(VALUE_COLOR) });
    } else if (e.name) annotations.push({ ...above, text: e.name, font: font("#555") });
    if (e.grad !== undefined)
      annotations.push({ ...below, text: show(e.grad, digits), font: font(GRAD_COLOR) });
  });
  const xs = nodes.map((n) => n.x);
  const ys = nodes.map((n) => n.y);
  const pad = (lo: number, hi: number) => {
    const p = Math.max((hi - lo) * 0.08, 0.5);
    return [lo - p, hi + p];
  };
  const legend = (name: string, color: string) => ({
    type: "scatter",
    mode: "lines",
    x: [null],
    y: [null],
    name,
    line: { color, width: 3 },
    hoverinfo: "skip",
  });
  const data = [
    {
      type: "scatter",
      mode: "markers+text",
      x: xs,
      y: ys,
      text: nodes.map((n) => n.label ?? n.id),
      textposition: "middle center",
      marker: {
        size: nodes.map((n) => nodeSize(n.label ?? n.id)),
        color: "#f5f5f5",
        line: { color: "#555", width: 1.5 },
      },
      hoverinfo: "text",
      showlegend: false,
    },
    legend(opts.valueName ?? "forward value", VALUE_COLOR),
    // the gradients' entry once a backward pass has put some on the edges
    ...(edges.some((e) => e.grad !== undefined)
      ? [legend(opts.gradName ?? "gradient ∂J/∂(edge)", GRAD_COLOR)]
      : []),
  ];
  const layout: Record<string, unknown> = {
    xaxis: { visible: false, range: pad(Math.min(...xs), Math.max(...xs)), fixedrange: true },
    yaxis: { visible: false, range: pad(Math.min(...ys), Math.max(...ys)), fixedrange: true },
    annotations,
    showlegend: true,
    legend: { orientation: "h", x: 0.5, xanchor: "center", y: -0.02, yanchor: "top" },
    height: 330,
  };
  const fig = plotlyFigure(data, layout);
  if (opts.title !== undefined) fig.title = opts.title;
  if (opts.status !== undefined) fig.status = opts.status;
  return fig;
}

/**
 * One-line summary: the edges with their values and gradients (what a terminal shows).
 * @example
 * graphSummary([{ from: "x", to: "σ", name: "z", value: 0.5, grad: 0.2 }]); // "graph: x→σ z = 0.5 (∂ 0.2)"
 */
export function graphSummary(edges: GraphEdge[], digits = 3): string {
  const part = (e: GraphEdge) => {
    const v = e.value === undefined ? "" : ` ${e.name ? `${e.name} = ` : ""}${show(e.value, digits)}`;
    const g = e.grad === undefined ? "" : ` (∂ ${show(e.grad, digits)})`;
    return `${e.from}→${e.to}${v}${g}`;
  };
  return `graph: ${edges.map(part).join(", ")}`;
}
