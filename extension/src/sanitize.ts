// Makes payload text inert before plotly sees it. plotly.js renders a subset of HTML in every
// string it draws (<a href>, <b>, <br>, …) and hands `$…$` strings to MathJax, whose \href can
// carry a javascript: link. So every string from a payload is escaped (shown as the characters
// it contains), and raw plotly figures are rebuilt from a whitelist of trace types and attributes.
// Pure: no DOM, no JupyterLab, no plotly.

/**
 * Longest text kept from a payload; longer strings are cut with an ellipsis.
 * @example
 * plainText("x".repeat(MAX_TEXT + 5)).length; // MAX_TEXT + 1
 */
export const MAX_TEXT = 2000;

const ENTITIES: Record<string, string> = {
  "&": "&amp;",
  "<": "&lt;",
  ">": "&gt;",
  $: "&#36;",
  "\\": "&#92;",
};

/**
 * Turns any payload string into text plotly shows literally: `<`, `>`, `&` become entities (no
 * tags, no links), `$` and `\` too (no MathJax), control characters are dropped, and the text is
 * cut at {@link MAX_TEXT} characters.
 * @example
 * plainText('<img src=x onerror=alert(1)>'); // "&lt;img src=x onerror=alert(1)&gt;"
 */
export function plainText(s: unknown): string {
  let text = typeof s === "string" ? s : s === undefined || s === null ? "" : String(s);
  // eslint-disable-next-line no-control-regex -- dropping control characters is the point
  text = text.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, "");
  if (text.length > MAX_TEXT) text = text.slice(0, MAX_TEXT) + "…";
  return text.replace(/[&<>$\\]/g, (c) => ENTITIES[c]);
}

/**
 * Trace types a raw `plotly` figure may use: plain charts, nothing that loads maps or URLs.
 * @example
 * ALLOWED_TRACES.has("scattermapbox"); // false
 */
export const ALLOWED_TRACES = new Set([
  "scatter",
  "scattergl",
  "bar",
  "histogram",
  "histogram2d",
  "histogram2dcontour",
  "heatmap",
  "contour",
  "box",
  "violin",
  "pie",
  "surface",
  "scatter3d",
  "mesh3d",
  "scatterpolar",
  "waterfall",
  "funnel",
]);

/** Top-level trace attributes a raw figure may set (others, e.g. `transforms`, `customdata`, are dropped). */
const TRACE_KEYS = new Set(
  (
    "type name x y z r theta i j k text hovertext hovertemplate texttemplate textposition textinfo mode " +
    "marker line fill fillcolor opacity showlegend legendgroup visible xaxis yaxis colorscale " +
    "showscale reversescale zmin zmax zmid cmin cmax colorbar contours ncontours autocontour zsmooth " +
    "connectgaps orientation width offset base histnorm histfunc nbinsx nbinsy xbins ybins boxpoints " +
    "jitter pointpos values labels hole sort direction hoverinfo error_x error_y dx dy x0 y0 " +
    "stackgroup scene subplot showlegend"
  ).split(" "),
);

/** Top-level layout attributes a raw figure may set; images, menus, sliders and templates are dropped. */
const LAYOUT_KEYS = new Set(
  (
    "title xaxis yaxis xaxis2 yaxis2 xaxis3 yaxis3 xaxis4 yaxis4 legend showlegend annotations shapes " +
    "margin height width barmode bargap boxmode hovermode colorway coloraxis grid font scene polar " +
    "autosize"
  ).split(" "),
);

/** Nested keys never kept: links, external sources, templates and event hooks. */
const DROP_NESTED = /(href|url|src|source|link|template|target|^on)/i;

/** Copies a nested attribute value: strings escaped, link-like keys dropped, depth bounded. */
function cleanValue(v: unknown, depth: number): unknown {
  if (depth > 12) return undefined;
  if (typeof v === "string") return plainText(v);
  if (typeof v === "number") return Number.isFinite(v) ? v : null;
  if (typeof v === "boolean" || v === null) return v;
  if (Array.isArray(v)) return v.map((x) => cleanValue(x, depth + 1));
  if (typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v as Record<string, unknown>)) {
      if (k === "__proto__" || k === "constructor" || k === "prototype" || DROP_NESTED.test(k)) continue;
      const c = cleanValue(x, depth + 1);
      if (c !== undefined) out[k] = c;
    }
    return out;
  }
  return undefined;
}

function pick(o: Record<string, unknown>, allowed: Set<string>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(o)) {
    if (!allowed.has(k) && !/^[xy]axis\d{0,2}$/.test(k)) continue;
    if (allowed === TRACE_KEYS && /^[xy]axis/.test(k) && typeof v !== "string") continue;
    const c = cleanValue(v, 0);
    if (c !== undefined) out[k] = c;
  }
  return out;
}

/**
 * Rebuilds a raw plotly figure from its allowed trace types and attributes, every string escaped.
 * Traces of other types are replaced by nothing; the names of dropped types are returned.
 * @example
 * sanitizePlotly([{ type: "scatter", name: "<b>a</b>", x: [1], y: [2] }], {}).data[0].name; // "&lt;b&gt;a&lt;/b&gt;"
 */
export function sanitizePlotly(
  data: Array<Record<string, unknown>>,
  layout: Record<string, unknown> | undefined,
): { data: Array<Record<string, unknown>>; layout: Record<string, unknown>; dropped: string[] } {
  const dropped: string[] = [];
  const clean: Array<Record<string, unknown>> = [];
  for (const trace of data) {
    const type = trace.type === undefined ? "scatter" : trace.type;
    if (typeof type !== "string" || !ALLOWED_TRACES.has(type)) {
      dropped.push(typeof type === "string" ? plainText(type) : "?");
      continue;
    }
    clean.push({ ...pick(trace, TRACE_KEYS), type });
  }
  return { data: clean, layout: pick(layout ?? {}, LAYOUT_KEYS), dropped };
}
