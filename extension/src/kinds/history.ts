// The history kind: loss and metric curves over epochs, one stacked panel per metric. Epoch values
// are the main lines (one colour per metric, train solid, validation dashed), batch values a faint
// trace behind them (optionally smoothed), earlier runs of the cell faint ghosts, and markers (best
// epoch, early stop, divergence) labelled inside the plot so they never meet the title.
import { fail, need, checkSeries } from "../validate-fields";
import { LIMITS } from "../limits";
import { plainText } from "../sanitize";
import { axis, COLORWAY, line, type KindResult } from "../plotly-helpers";
import type { FigureTheme } from "../figure-theme";
import type { FigureView } from "../view";
import { ema } from "dlab/dist/figures/smooth";
import type { HistoryFigure, HistorySeries, Marker } from "dlab/dist/payload";

const SPLITS = ["train", "validation", "test"];

/**
 * Checks a history payload's series (metric, split, step, run), markers, smoothing and ghosts.
 * @example
 * validate({ kind: "history", series: [{ name: "loss", metric: "loss", split: "train", x: [1], y: [0.5] }] });
 */
export function validate(o: Record<string, unknown>): void {
  const metrics = new Set<unknown>();
  const runs = new Set<unknown>();
  let points = 0;
  need.capped(o.series, "series", LIMITS.historySeries, "series").forEach((s, i) => {
    const r = checkSeries(s, `series[${i}]`);
    points += (r.x as unknown[]).length;
    if (points > LIMITS.historyPoints)
      fail(`series[${i}]`, `at most ${LIMITS.historyPoints} points over all series`, r.x);
    need.str(r.metric, `series[${i}].metric`);
    metrics.add(r.metric);
    if (metrics.size > LIMITS.panels)
      fail(`series[${i}].metric`, `at most ${LIMITS.panels} metrics (one panel each)`, r.metric);
    if (!SPLITS.includes(r.split as string))
      fail(`series[${i}].split`, '"train", "validation" or "test"', r.split);
    if (r.step !== undefined && r.step !== "epoch" && r.step !== "batch")
      fail(`series[${i}].step`, '"epoch" or "batch"', r.step);
    need.str(r.run, `series[${i}].run`, true);
    runs.add(r.run);
  });
  need
    .capped(o.markers, "markers", Math.min(LIMITS.shapes, LIMITS.annotations), "markers", true)
    .forEach((m, i) => {
      const r = need.obj(m, `markers[${i}]`);
      need.num(r.x, `markers[${i}].x`);
      need.str(r.label, `markers[${i}].label`);
      if (r.kind !== undefined && !["best", "stop", "diverged"].includes(r.kind as string))
        fail(`markers[${i}].kind`, '"best", "stop" or "diverged"', r.kind);
    });
  if (o.logY !== undefined && typeof o.logY !== "boolean") fail("logY", "true or false", o.logY);
  const s = o.smoothing;
  if (s !== undefined && !(typeof s === "number" && s >= 0 && s < 1))
    fail("smoothing", "a number 0 ≤ s < 1", s);
  need.capped(o.ghosts, "ghosts", LIMITS.historySeries, "ghost runs", true).forEach((g, i) => {
    need.str(g, `ghosts[${i}]`);
    if (!runs.has(g)) fail(`ghosts[${i}]`, "the run of some series", g);
  });
}

/** The colours of marker kinds: best in green, divergence in red (Okabe–Ito), others neutral. */
const MARKER_COLOR: Record<string, string> = { best: COLORWAY[2], diverged: COLORWAY[5] };
const SPLIT_DASH: Record<string, string> = { train: "solid", validation: "dash", test: "dot" };

/**
 * Dotted vertical lines across all panels, labelled INSIDE the top of the plot (never in the title's
 * margin), staggered downwards so close markers do not overlap, and anchored away from the right edge.
 */
function markerLayout(markers: Marker[], xMax: number, xMin: number, theme: FigureTheme) {
  const right = (x: number) => xMax > xMin && x > xMin + 0.6 * (xMax - xMin);
  return {
    shapes: markers.map((m) => ({
      type: "line",
      xref: "x",
      yref: "paper",
      x0: m.x,
      x1: m.x,
      y0: 0,
      y1: 1,
      line: { color: MARKER_COLOR[m.kind ?? ""] ?? theme.foreground, width: 1.5, dash: "dot" },
    })),
    annotations: markers.map((m, i) => ({
      x: m.x,
      xref: "x",
      yref: "paper",
      y: 1 - 0.08 * (i % 4),
      yanchor: "top",
      xanchor: right(m.x) ? "right" : "left",
      xshift: right(m.x) ? -4 : 4,
      text: plainText(m.label),
      showarrow: false,
      bgcolor: theme.background,
      opacity: 0.9,
      font: { size: 11, color: MARKER_COLOR[m.kind ?? ""] ?? theme.foreground },
    })),
  };
}

/** The panels' y axes: one per metric, stacked, the loss panels on a log scale when asked. */
function panelAxes(metrics: string[], p: HistoryFigure, theme: FigureTheme, logY: boolean) {
  const n = Math.max(metrics.length, 1);
  const gap = n > 1 ? 0.08 : 0;
  const height = (1 - gap * (n - 1)) / n;
  // "the loss axis": panels of metrics named …loss; every panel when none is
  const lossy = metrics.filter((m) => /loss$/i.test(m));
  const logged = new Set(lossy.length ? lossy : metrics);
  const layout: Record<string, unknown> = {};
  metrics.forEach((m, i) => {
    // Panel 0 is at the top; plotly names axes y, y2, y3, …
    const top = 1 - i * (height + gap);
    const title = n === 1 && p.yLabel && p.yLabel !== "value" ? p.yLabel : m;
    layout[i === 0 ? "yaxis" : `yaxis${i + 1}`] = axis(title, theme, {
      domain: [Math.max(0, top - height), top],
      anchor: "x",
      // log ticks at 1, 2 and 5 of each decade: plotly's default labels every digit, which crowds a
      // panel that spans less than a decade; each labelled with its value (plotly writes only the
      // digit between decades, so 0.5 would read "5")
      ...(logY && logged.has(m) ? { type: "log", dtick: "D2", tickformat: "~g" } : {}),
    });
  });
  layout.xaxis = axis(p.xLabel ?? "epoch", theme, { anchor: n === 1 ? "y" : `y${n}` });
  return layout;
}

/**
 * Loss/metric curves: one stacked panel per metric sharing the x axis; the view (JupyterLab's
 * controls) may switch the loss axes to log, smooth the batch traces and hide earlier runs.
 * @example
 * traces({ kind: "history", series: [{ name: "loss", metric: "loss", split: "train", x: [1], y: [0.5] }] }, LIGHT_THEME);
 */
export function traces(p: HistoryFigure, theme: FigureTheme, view: FigureView = {}): KindResult {
  const metrics = [...new Set(p.series.map((s) => s.metric))];
  const ghosts = new Set(p.ghosts ?? []);
  const showGhosts = view.ghosts !== false;
  const smoothing = view.smoothing ?? p.smoothing ?? 0;
  const layout = panelAxes(metrics, p, theme, view.logY ?? p.logY === true);
  const panel = new Map(metrics.map((m, i) => [m, i]));
  // several runs shown side by side (dl.plot.history(h1, h2)): colour by run, else by metric
  const shown = [...new Set(p.series.filter((s) => !isGhost(s, ghosts)).map((s) => s.run))];
  const colorOf = (s: HistorySeries) =>
    COLORWAY[(shown.length > 1 ? shown.indexOf(s.run) : panel.get(s.metric)!) % COLORWAY.length];
  const key = (s: HistorySeries) => `${s.run}/${s.split}/${s.metric}`;
  // the one run shown next to its ghosts: legend entries say "loss", the legend's title names the run
  const own = shown.length === 1 ? shown[0] : undefined;
  const label = (s: HistorySeries) =>
    own !== undefined && s.run === own && s.name.startsWith(`${own}: `)
      ? s.name.slice(own.length + 2)
      : s.name;
  const hasEpoch = new Set(p.series.filter((s) => s.step !== "batch").map(key));
  // short epoch lines get a dot per point, as long as the figure stays within its marker count
  const dotted = (s: HistorySeries) => s.x.length <= 60 && s.step !== "batch" && !isGhost(s, ghosts);
  const dots = p.series.reduce((n, s) => n + (dotted(s) ? s.x.length : 0), 0);
  const legendRuns = new Set<string>();
  const data = p.series.flatMap((given) => {
    const s = { ...given, name: label(given) };
    const i = panel.get(s.metric)!;
    const base = { yaxis: i === 0 ? "y" : `y${i + 1}`, legendgroup: s.run ?? s.split };
    const color = colorOf(s);
    const dash = SPLIT_DASH[s.split];
    if (isGhost(s, ghosts)) {
      // one legend entry per earlier run; clicking it shows or hides the whole run
      const first = !legendRuns.has(s.run!);
      legendRuns.add(s.run!);
      return [
        line({ ...s, name: s.run! }, "lines", {
          ...base,
          legendgroup: `run:${s.run}`,
          showlegend: first,
          // listed after the run shown (whose name titles the legend)
          legendrank: 2000,
          visible: showGhosts,
          opacity: 0.35,
          hovertemplate: `${plainText(s.run!)}: ${plainText(s.name.slice(s.run!.length + 2))} %{y:.4g}<extra></extra>`,
          line: { color: theme.foreground, dash, width: 1.5 },
        }),
      ];
    }
    if (s.step === "batch") {
      // the raw batch trace stays, faint; a smoothed line over it when smoothing is on; it is the
      // main line itself where the run has no epoch values (a hand-written loop's steps)
      const main = !hasEpoch.has(key(s));
      const raw = line(s, "lines", {
        ...base,
        showlegend: main && smoothing === 0,
        opacity: main && smoothing === 0 ? 1 : 0.25,
        line: { color, width: main && smoothing === 0 ? 2 : 1 },
      });
      if (smoothing === 0) return [raw];
      const smooth = line(
        { ...s, name: `${s.name} smoothed ${smoothing}`, y: ema(s.y, smoothing) },
        "lines",
        {
          ...base,
          showlegend: main,
          opacity: main ? 1 : 0.7,
          line: { color, width: main ? 2 : 1.5 },
        },
      );
      return [raw, smooth];
    }
    return [
      line(s, dotted(s) && dots <= LIMITS.markers ? "lines+markers" : "lines", {
        ...base,
        line: { color, dash, width: 2.5 },
        marker: { color, size: 5 },
      }),
    ];
  });
  const xs = p.series.flatMap((s) => [s.x[0], s.x[s.x.length - 1]]).filter((v) => typeof v === "number");
  Object.assign(layout, markerLayout(p.markers ?? [], Math.max(...xs), Math.min(...xs), theme));
  if (own !== undefined && ghosts.size) layout.legend = { title: { text: plainText(own) } };
  return { data, layout };
}

/** True for a series of an earlier run (a ghost). */
function isGhost(s: HistorySeries, ghosts: Set<string>): boolean {
  return s.run !== undefined && ghosts.has(s.run);
}
