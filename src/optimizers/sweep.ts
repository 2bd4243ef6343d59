/**
 * Learning-rate sweep: the same optimizer from the same start with several learning rates, each
 * run labelled too small / about right / too large (oscillating or diverging) / stuck in a local minimum.
 */
import { show } from "../display";
import { surfaceFigure, thinPath } from "../figures/surface";
import { byName } from "../optimizers";
import type { FigurePayload, ScatterFigure } from "../payload";
import { describeEnd, runRace, type RaceTrack } from "../race";
import { get, type Surface } from "../surfaces";

/** Options of {@link lrSweep}. */
export interface SweepOptions {
  /** A 1-D or 2-D surface or its name (e.g. "parabola", "wells", "valley"). */
  surface: Surface | string;
  /** Learning rates to try. */
  lrs: number[];
  /** Steps per run. Defaults to 50. */
  steps?: number;
  /** Start. Defaults to the surface's own. */
  start?: number[];
  /** Optimizer name. Defaults to "sgd". */
  optimizer?: string;
  /** Show the figure. Defaults to true. */
  display?: boolean;
}

/** How a learning rate did. */
export type Verdict =
  "too small" | "about right" | "too large: overshoots" | "too large: diverges" | "stuck in a local minimum";

/** One learning rate's run. */
export interface SweepRun {
  lr: number;
  verdict: Verdict;
  /** One sentence with the evidence. */
  message: string;
  points: number[][];
  losses: number[];
}

/** What {@link lrSweep} returns. */
export interface SweepResult {
  surface: Surface;
  runs: SweepRun[];
  figure: FigurePayload;
  text: string;
}

const fmt = (v: number): string =>
  Math.abs(v) >= 1e4 || (v !== 0 && Math.abs(v) < 1e-3)
    ? v.toExponential(2)
    : String(Number(v.toPrecision(3)));

/** Fraction of steps that reverse the previous step's direction (bouncing across a valley). */
function reversals(points: number[][]): number {
  let n = 0;
  for (let k = 2; k < points.length; k++) {
    const dot = points[k].reduce(
      (s, v, i) => s + (v - points[k - 1][i]) * (points[k - 1][i] - points[k - 2][i]),
      0,
    );
    if (dot < 0) n++;
  }
  return points.length > 2 ? n / (points.length - 2) : 0;
}

function judge(
  surface: Surface,
  lr: number,
  t: Pick<RaceTrack, "diverged" | "losses" | "points">,
  steps: number,
): { verdict: Verdict; message: string } {
  if (t.diverged)
    return {
      verdict: "too large: diverges",
      message: `η = ${lr}: diverges at step ${t.diverged.step} — far too large`,
    };
  const fmin = surface.points.length
    ? Math.min(...surface.points.map((p) => p.value))
    : Math.min(...t.losses);
  const gap0 = t.losses[0] - fmin;
  const gap = t.losses[t.losses.length - 1] - fmin;
  const where = describeEnd(surface, t.points[t.points.length - 1]);
  const bounce = reversals(t.points);
  if (gap > gap0 && t.losses[t.losses.length - 1] > t.losses[t.losses.length - 2]) {
    // not yet at the runaway threshold, but the loss grows: it is diverging
    return {
      verdict: "too large: diverges",
      message: `η = ${lr}: the loss grows at every step (${fmt(t.losses[0])} → ${fmt(t.losses[t.losses.length - 1])}) — far too large`,
    };
  }
  if (where.includes("local minimum")) {
    return {
      verdict: "stuck in a local minimum",
      message: `η = ${lr}: settles at ${where.replace(/^\(.*?\), at /, "")}, not the global one`,
    };
  }
  if (gap > 0.1 * gap0) {
    if (bounce > 0.5)
      return {
        verdict: "too large: overshoots",
        message: `η = ${lr}: jumps back and forth across the minimum and makes little progress`,
      };
    return {
      verdict: "too small",
      message: `η = ${lr}: after ${steps} steps only ${Math.round((100 * (gap0 - gap)) / gap0)}% of the way down — too slow`,
    };
  }
  if (bounce > 0.5)
    return {
      verdict: "too large: overshoots",
      message: `η = ${lr}: gets there (ends at ${where}) but overshoots at almost every step`,
    };
  return { verdict: "about right", message: `η = ${lr}: converges smoothly, ends at ${where}` };
}

/** The 1-D picture: the curve f(x) and, per learning rate, the visited (x, f(x)). */
function curveFigure(surface: Surface, runs: SweepRun[]): ScatterFigure {
  const [lo, hi] = surface.domain[0];
  const xs = Array.from({ length: 201 }, (_, i) => lo + ((hi - lo) * i) / 200);
  return {
    kind: "scatter",
    title: `learning rates on ${surface.title}`,
    xLabel: "x",
    yLabel: "f(x)",
    series: [
      { name: "f(x)", x: xs, y: xs.map((x) => surface.f([x])), mode: "lines" },
      ...runs.map((r) => {
        const keep = thinPath(r.points.length);
        return {
          name: `η = ${r.lr} — ${r.verdict}`,
          x: keep.map((i) => r.points[i][0]),
          y: keep.map((i) => r.losses[i]),
          mode: "lines+markers" as const,
        };
      }),
    ],
    final: true,
  };
}

/**
 * Sweep learning rates on a 1-D or 2-D surface and say which are too small, about right or too large.
 * @example
 * const s = dl.lrSweep({ surface: "parabola", lrs: [0.01, 0.3, 0.95, 1.1], steps: 30 });
 * s.runs.map((r) => r.verdict); // ["too small", "about right", "too large: overshoots", "too large: diverges"]
 */
export function lrSweep(opts: SweepOptions): SweepResult {
  const surface = get(opts?.surface, "dl.lrSweep");
  if (
    !Array.isArray(opts.lrs) ||
    opts.lrs.length === 0 ||
    !opts.lrs.every((v) => typeof v === "number" && v > 0 && Number.isFinite(v))
  ) {
    throw new RangeError(
      `dl.lrSweep: option "lrs" must list positive learning rates, got ${JSON.stringify(opts.lrs)}`,
    );
  }
  const steps = opts.steps ?? 50;
  const start = opts.start ?? surface.start;
  // a 1-D surface runs as a 2-D one with a flat second coordinate, so the race machinery serves both
  const flat: Surface =
    surface.dim === 2
      ? surface
      : {
          ...surface,
          dim: 2,
          f: (p) => surface.f([p[0]]),
          grad: (p) => [surface.grad([p[0]])[0], 0],
          domain: [surface.domain[0], [-1, 1]],
          points: surface.points.map((p) => ({ ...p, at: [p.at[0], 0] })),
        };
  const runs = opts.lrs.map((lr) => {
    const { tracks } = runRace({
      surface: flat,
      optimizers: [byName(opts.optimizer ?? "sgd", lr)],
      steps,
      start: surface.dim === 2 ? start : [start[0], 0],
      display: false,
    });
    const t = tracks[0];
    const points = t.points.map((p) => p.slice(0, surface.dim));
    const { verdict, message } = judge(
      surface,
      lr,
      { diverged: t.diverged, losses: t.losses, points },
      steps,
    );
    return { lr, verdict, message, points, losses: t.losses };
  });
  const figure =
    surface.dim === 2
      ? surfaceFigure(
          surface,
          runs.map((r) => ({ name: `η = ${r.lr} — ${r.verdict}`, points: r.points })),
          { final: true },
        )
      : curveFigure(surface, runs);
  const text = runs.map((r) => r.message).join("\n");
  if (opts.display ?? true) show(figure, text);
  return { surface, runs, figure, text };
}
