/**
 * Learning-rate sweep: the same optimizer from the same start with several learning rates, each
 * run labelled: creeps / converges smoothly / zig-zags / diverges / stuck in a local minimum.
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

/**
 * How a learning rate did: on a quadratic, each coordinate is multiplied by (1 − λη) per step, so it
 * creeps (λη ≪ 1), converges smoothly (0 < λη ≤ 1), zig-zags (1 < λη < 2: the sign flips every step)
 * or diverges (λη > 2); on other surfaces a run can also settle in a local minimum.
 */
export const VERDICTS = [
  "creeps",
  "converges smoothly",
  "zig-zags",
  "diverges",
  "stuck in a local minimum",
] as const;

/** One of {@link VERDICTS}. */
export type Verdict = (typeof VERDICTS)[number];

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

/** One coordinate's oscillation: how often a step reverses the previous one, and the typical ratio. */
export interface Oscillation {
  /** Fraction of successive step pairs (dₖ₋₁, dₖ) along this coordinate with opposite signs. */
  flips: number;
  /** Median of dₖ/dₖ₋₁: the factor (1 − λη) on a quadratic (negative when it zig-zags). */
  ratio: number;
}

/**
 * Per coordinate, the sign changes of successive steps dₖ = pₖ − pₖ₋₁ (steps smaller than 1e-9 of the
 * coordinate's largest step are rounding noise once it has converged, and do not count).
 * @example
 * oscillation([[1], [-0.8], [0.64]]); // [{ flips: 1, ratio: -0.8 }]
 */
export function oscillation(points: number[][]): Oscillation[] {
  const dim = points[0]?.length ?? 0;
  return Array.from({ length: dim }, (_, i) => {
    const d = points.slice(1).map((p, k) => p[i] - points[k][i]);
    const big = Math.max(0, ...d.map(Math.abs));
    let pairs = 0;
    let flips = 0;
    const ratios: number[] = [];
    for (let k = 1; k < d.length; k++) {
      if (!(Math.abs(d[k]) > 1e-9 * big && Math.abs(d[k - 1]) > 1e-9 * big)) continue;
      pairs++;
      if (d[k] * d[k - 1] < 0) flips++;
      ratios.push(d[k] / d[k - 1]);
    }
    ratios.sort((a, b) => a - b);
    const ratio = ratios.length ? ratios[Math.floor(ratios.length / 2)] : 0;
    return { flips: pairs ? flips / pairs : 0, ratio };
  });
}

const AXES = ["x", "y"];

/** The facts a verdict rests on: how far down the loss went, where the path ended, what oscillated. */
function facts(surface: Surface, t: Pick<RaceTrack, "losses" | "points">) {
  const fmin = surface.points.length
    ? Math.min(...surface.points.map((p) => p.value))
    : Math.min(...t.losses);
  const last = t.losses[t.losses.length - 1];
  const osc = oscillation(t.points);
  // a coordinate zig-zags when most of its successive steps reverse direction
  const zig = osc.flatMap((o, i) =>
    o.flips > 0.5 ? [{ axis: surface.dim === 1 ? "x" : AXES[i], ...o }] : [],
  );
  return {
    gap0: t.losses[0] - fmin,
    gap: last - fmin,
    growing: last > t.losses[t.losses.length - 2],
    where: describeEnd(surface, t.points[t.points.length - 1]),
    zig,
  };
}

function judge(
  surface: Surface,
  lr: number,
  t: Pick<RaceTrack, "diverged" | "losses" | "points">,
  steps: number,
): { verdict: Verdict; message: string } {
  const say = (verdict: Verdict, text: string) => ({ verdict, message: `η = ${lr}: ${text}` });
  if (t.diverged) return say("diverges", `diverges at step ${t.diverged.step} — far too large`);
  const { gap0, gap, growing, where, zig } = facts(surface, t);
  const down = Math.round((100 * (gap0 - gap)) / gap0);
  // not yet at the runaway threshold, but above the start and still rising: diverging
  if (gap > gap0 && growing) {
    return say(
      "diverges",
      `the loss grows at every step (${fmt(t.losses[0])} → ${fmt(t.losses[t.losses.length - 1])}) — far too large`,
    );
  }
  if (where.includes("local minimum"))
    return say(
      "stuck in a local minimum",
      `settles at ${where.replace(/^\(.*?\), at /, "")}, not the global one`,
    );
  if (zig.length) {
    const along = zig.map((z) => `${z.axis} (step ratio ${fmt(z.ratio)})`).join(" and ");
    // steps that shrink (|ratio| < 1) converge; |ratio| ≥ 1 bounces between two sides for ever
    const settles = zig.every((z) => Math.abs(z.ratio) < 0.999);
    const progress = !settles
      ? `the steps do not shrink: it bounces across the minimum without settling (${down}% of the way down)`
      : gap > 0.1 * gap0
        ? `converging, but after ${steps} steps only ${down}% of the way down`
        : `converges all the same, ends at ${where}`;
    return say("zig-zags", `zig-zags — each step reverses the last along ${along}; ${progress}`);
  }
  if (gap > 0.1 * gap0) return say("creeps", `creeps — after ${steps} steps only ${down}% of the way down`);
  return say("converges smoothly", `converges smoothly — no step reverses the last — ends at ${where}`);
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
 * Sweep learning rates on a 1-D or 2-D surface and say, per run, whether it creeps, converges
 * smoothly, zig-zags (converges, but each step reverses the last along some coordinate) or diverges.
 * @example
 * const s = dl.lrSweep({ surface: "parabola", lrs: [0.01, 0.3, 0.8, 1.1], steps: 30 });
 * s.runs.map((r) => r.verdict); // ["creeps", "converges smoothly", "zig-zags", "diverges"]
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
