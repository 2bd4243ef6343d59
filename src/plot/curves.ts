/** Curves: training histories, fitted curves, series of points or lines, activation functions, raw plotly. */
import * as A from "../activations";
import { ArgumentError, describeValue } from "../errors";
import { activationFigure } from "../figures/activation";
import { curveFitFigure } from "../figures/curve-fit";
import { historyFigure, type HistoryCurve } from "../figures/history";
import { plotlyFigure } from "../figures/plotly";
import { scatterFigure, type ScatterSeries } from "../figures/scatter";
import type { ActivationFigure, FigurePayload, Series } from "../payload";
import { draw, type PlotTarget } from "./draw";
import type { Figure } from "./figure";
import { linspace } from "./grid";

/** What dl.plot.history takes: what dl.train returned, a tf.History from `fit`, or per-epoch logs. */
export type HistoryLike =
  | { figure: FigurePayload; name?: string }
  | { history: Record<string, number[]>; name?: string }
  | Record<string, number[]>;

/** Per-epoch logs of a history: `history.history` (dl.train, tf.History) or the logs themselves. */
function epochLogs(h: HistoryLike): Record<string, number[]> {
  return ("history" in h && !Array.isArray(h.history) ? h.history : h) as Record<string, number[]>;
}

/** One curve per log: `val_x` is x on the validation split. */
function logCurves(logs: Record<string, number[]>, run?: string): HistoryCurve[] {
  return Object.entries(logs).map(([k, v]) => {
    const val = k.startsWith("val_");
    return {
      metric: val ? k.slice(4) : k,
      split: val ? "validation" : "train",
      x: v.map((_, i) => i + 1),
      y: v.map(Number),
      ...(run === undefined ? {} : { run }),
    };
  });
}

/** True for `{ name: history, … }` (every value a history object, none an array of numbers). */
function isNamedRuns(h: object): h is Record<string, HistoryLike> {
  const vs = Object.values(h);
  return vs.length > 0 && vs.every((v) => v && typeof v === "object" && !Array.isArray(v));
}

/** Runs with distinct names: the given name, the history's own `name`, else "run <i>". */
function namedRuns(hs: HistoryLike[], names?: string[]): Array<[string, HistoryLike]> {
  const seen = new Map<string, number>();
  return hs.map((h, i) => {
    const own = (h as { name?: unknown }).name;
    let name = names?.[i] ?? (typeof own === "string" && own ? own : `run ${i + 1}`);
    const n = (seen.get(name) ?? 0) + 1;
    seen.set(name, n);
    if (n > 1) name = `${name} (${n})`;
    return [name, h];
  });
}

/**
 * Show a training history — what `dl.train` returned, a tf.History from `fit`, or `{ loss: [...] }` —
 * or overlay several by name: `dl.plot.history(h1, h2)` (named by each run's `name`) or
 * `dl.plot.history({ "lr 0.1": h1, "lr 0.01": h2 })`. Overlays draw per-epoch values.
 * @example
 * dl.plot.history({ loss: [0.9, 0.5, 0.3], val_loss: [1, 0.7, 0.6] });
 * dl.plot.history({ "lr 0.1": { loss: [0.9, 0.4] }, "lr 0.01": { loss: [0.9, 0.8] } });
 */
export function history(this: PlotTarget, ...hs: HistoryLike[]): Figure {
  if (hs.length === 0)
    throw new ArgumentError(
      "dl.plot.history",
      "h",
      "a training history (what dl.train or fit returned)",
      "nothing",
    );
  hs.forEach((h, i) => {
    if (!h || typeof h !== "object" || Array.isArray(h))
      throw new ArgumentError(
        "dl.plot.history",
        hs.length > 1 ? `h${i + 1}` : "h",
        "a training history (what dl.train or fit returned)",
        describeValue(h),
      );
  });
  const [h] = hs;
  if (hs.length === 1 && "figure" in h && (h as { figure: FigurePayload }).figure?.kind)
    return draw(this, (h as { figure: FigurePayload }).figure);
  if (hs.length === 1 && !isNamedRuns(h))
    return draw(this, historyFigure(logCurves(epochLogs(h)), { final: true }));
  const runs = hs.length === 1 ? namedRuns(Object.values(h), Object.keys(h)) : namedRuns(hs);
  const curves = runs.flatMap(([name, r]) => logCurves(epochLogs(r), name));
  return draw(this, historyFigure(curves, { title: "training runs compared", final: true }));
}

/** A fitted curve: sampled points, or a function of x evaluated over the data's range. */
export type FitSpec = Series | { name: string; f: (x: number) => number };

/**
 * Show noisy samples with fitted curves (and the true function, and validation points).
 * @example
 * const d = dl.data.sine({ n: 10, seed: 0 });
 * dl.plot.curveFit(d, [{ name: "line", f: (x) => 0.5 - x }], { truth: { name: "sin", f: (x) => Math.sin(2 * Math.PI * x) } });
 */
export function curveFit(
  this: PlotTarget,
  data: { x: number[]; y: number[] },
  fits: FitSpec[],
  opts: { truth?: FitSpec; validation?: { x: number[]; y: number[] }; title?: string } = {},
): Figure {
  const xs = [...data.x, ...(opts.validation?.x ?? [])];
  const grid = linspace(Math.min(...xs), Math.max(...xs), 200);
  const sample = (s: FitSpec): Series => ("f" in s ? { name: s.name, x: grid, y: grid.map(s.f) } : s);
  return draw(
    this,
    curveFitFigure({
      title: opts.title,
      points: data,
      validation: opts.validation,
      truth: opts.truth && sample(opts.truth),
      fits: fits.map(sample),
    }),
  );
}

/**
 * Show one or more series as points or lines; `{x, y}` alone is one series of points.
 * @example
 * dl.plot.scatter([{ name: "loss", x: [1, 2, 3], y: [3, 2, 1], mode: "lines" }]);
 */
export function scatter(
  this: PlotTarget,
  series: ScatterSeries[] | { x: number[]; y: number[] },
  opts: { title?: string; xLabel?: string; yLabel?: string; status?: string } = {},
): Figure {
  const list = Array.isArray(series) ? series : [{ name: "points", mode: "markers" as const, ...series }];
  return draw(this, scatterFigure(list, { ...opts, final: true }));
}

/** Activation names {@link activations} draws by name. */
export type ActivationName = "sigmoid" | "tanh" | "relu" | "step" | "linear";

/** Curves of your own for {@link activations}: values at `z`, derivatives drawn dashed. */
export interface ActivationCurves {
  z: number[];
  curves: Array<{ name: string; y: number[]; derivative?: boolean }>;
}

/**
 * Show activation functions and their derivatives (dashed): by name — σ′ = σ(1−σ), tanh′ = 1−tanh²,
 * ReLU′ = [z>0] — or your own curves `{ z, curves }`.
 * @example
 * dl.plot.activations(["sigmoid", "relu"]);
 * dl.plot.activations({ z: [-1, 0, 1], curves: [{ name: "mine", y: [0, 0, 1] }] }, { title: "my step" });
 */
export function activations(
  this: PlotTarget,
  what: ActivationName[] | ActivationCurves = ["sigmoid", "tanh", "relu"],
  opts: { derivatives?: boolean; range?: [number, number]; title?: string } = {},
): Figure<ActivationFigure> {
  if (!Array.isArray(what)) {
    if (!what || !Array.isArray(what.z) || !Array.isArray(what.curves))
      throw new ArgumentError(
        "dl.plot.activations",
        "what",
        "activation names or { z, curves }",
        describeValue(what),
      );
    return draw(this, activationFigure(what.z, what.curves, { title: opts.title, final: true }));
  }
  const z = linspace(...(opts.range ?? [-5, 5]), 401);
  const curves = what.flatMap((n) => {
    const pair = A.byName[n];
    if (!pair)
      throw new ArgumentError(
        "dl.plot.activations",
        "what",
        `names among ${Object.keys(A.byName).join(", ")}`,
        JSON.stringify(n),
      );
    const f = { name: n, y: z.map(pair.f) };
    return opts.derivatives === false ? [f] : [f, { name: `${n}′`, y: z.map(pair.df), derivative: true }];
  });
  return draw(this, activationFigure(z, curves, { title: opts.title, final: true }));
}

/**
 * Show a raw plotly figure (data only: no scripts, no HTML).
 * @example
 * dl.plot.raw([{ type: "bar", x: ["a", "b"], y: [1, 2] }], { title: { text: "bars" } });
 */
export function raw(
  this: PlotTarget,
  data: Array<Record<string, unknown>>,
  layout?: Record<string, unknown>,
): Figure {
  return draw(this, plotlyFigure(data, layout));
}
