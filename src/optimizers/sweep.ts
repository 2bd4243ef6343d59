/**
 * Learning-rate sweep: the same optimizer from the same start with several learning rates, each
 * run labelled too small / about right / too large (oscillating or diverging) / stuck in a local minimum.
 */
import { show } from "../display";
import { surfaceFigure, thinPath } from "../figures/surface";
import { fmt } from "../format";
import { linspace } from "../plot/grid";
import { ArgumentError } from "../errors";
import { byName } from "./by-name";
import type { FigurePayload, ScatterFigure } from "../payload";
import { describeEnd, runRace, type RaceTrack } from "./race";
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

/** The facts a verdict rests on: how far down the loss went, where the path ended, how often it bounced. */
function facts(surface: Surface, t: Pick<RaceTrack, "losses" | "points">) {
  const fmin = surface.points.length
    ? Math.min(...surface.points.map((p) => p.value))
    : Math.min(...t.losses);
  const last = t.losses[t.losses.length - 1];
  return {
    gap0: t.losses[0] - fmin,
    gap: last - fmin,
    growing: last > t.losses[t.losses.length - 2],
    where: describeEnd(surface, t.points[t.points.length - 1]),
    bounce: reversals(t.points),
  };
}

function judge(
  surface: Surface,
  lr: number,
  t: Pick<RaceTrack, "diverged" | "losses" | "points">,
  steps: number,
): { verdict: Verdict; message: string } {
  const say = (verdict: Verdict, text: string) => ({ verdict, message: `η = ${lr}: ${text}` });
  if (t.diverged) return say("too large: diverges", `diverges at step ${t.diverged.step} — far too large`);
  const { gap0, gap, growing, where, bounce } = facts(surface, t);
  // not yet at the runaway threshold, but above the start and still rising: diverging
  if (gap > gap0 && growing) {
    return say(
      "too large: diverges",
      `the loss grows at every step (${fmt(t.losses[0])} → ${fmt(t.losses[t.losses.length - 1])}) — far too large`,
    );
  }
  if (where.includes("local minimum"))
    return say(
      "stuck in a local minimum",
      `settles at ${where.replace(/^\(.*?\), at /, "")}, not the global one`,
    );
  if (gap > 0.1 * gap0) {
    if (bounce > 0.5)
      return say(
        "too large: overshoots",
        "jumps back and forth across the minimum and makes little progress",
      );
    return say(
      "too small",
      `after ${steps} steps only ${Math.round((100 * (gap0 - gap)) / gap0)}% of the way down — too slow`,
    );
  }
  if (bounce > 0.5)
    return say("too large: overshoots", `gets there (ends at ${where}) but overshoots at almost every step`);
  return say("about right", `converges smoothly, ends at ${where}`);
}

/** A 1-D surface as a 2-D one with a flat second coordinate, so the race machinery serves both. */
function asPlane(surface: Surface): Surface {
  if (surface.dim === 2) return surface;
  return {
    ...surface,
    dim: 2,
    f: (p) => surface.f([p[0]]),
    grad: (p) => [surface.grad([p[0]])[0], 0],
    domain: [surface.domain[0], [-1, 1]],
    points: surface.points.map((p) => ({ ...p, at: [p.at[0], 0] })),
  };
}

/** One learning rate: run, then judge on the original surface. */
function sweepOne(surface: Surface, lr: number, opts: SweepOptions, steps: number): SweepRun {
  const start = opts.start ?? surface.start;
  const { tracks } = runRace({
    surface: asPlane(surface),
    optimizers: [byName(opts.optimizer ?? "sgd", lr)],
    steps,
    start: surface.dim === 2 ? start : [start[0], 0],
    display: false,
  });
  const t = tracks[0];
  const points = t.points.map((p) => p.slice(0, surface.dim));
  return {
    lr,
    ...judge(surface, lr, { diverged: t.diverged, losses: t.losses, points }, steps),
    points,
    losses: t.losses,
  };
}

/** The 1-D picture: the curve f(x) and, per learning rate, the visited (x, f(x)). */
function curveFigure(surface: Surface, runs: SweepRun[]): ScatterFigure {
  const [lo, hi] = surface.domain[0];
  const xs = linspace(lo, hi, 201);
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
    throw new ArgumentError(
      "dl.lrSweep",
      "opts.lrs",
      "a list of positive learning rates",
      JSON.stringify(opts.lrs),
    );
  }
  const steps = opts.steps ?? 50;
  const runs = opts.lrs.map((lr) => sweepOne(surface, lr, opts, steps));
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
