/**
 * An optimizer race: several optimizers step in lock-step on one 2-D loss surface from the same
 * start; their paths grow over the contours in one live figure. A path that blows up stops at its
 * last finite point with a sentence saying who, when, and what to change.
 */
import { currentSignal, inKernel, LiveFigure } from "../display";
import { surfaceFigure, surfaceSummary } from "../figures/surface";
import { divergenceAdvice, fmt } from "../format";
import { ArgumentError, describeValue } from "../errors";
import { byName } from "./by-name";
import type { Optimizer } from "./core";
import { get, type Surface } from "../surfaces";
import type { SurfaceFigure } from "../payload";

/** Options of {@link race}. */
export interface RaceOptions {
  /** The surface, or its name ("bowl", "valley", "rosenbrock", "saddle", "himmelblau"). */
  surface: Surface | string;
  /** Optimizers (dlab objects, which are not changed: each runs a fresh copy) or names such as "adam". */
  optimizers: Array<Optimizer | string>;
  /** Steps per optimizer. Defaults to 100. */
  steps?: number;
  /** Common start. Defaults to the surface's own start. */
  start?: number[];
  /** Learning rate for the optimizers given by name. Defaults to each one's own default. */
  lr?: number;
  /** Show the live figure. Defaults to true. */
  display?: boolean;
  /** How long the paths take to grow in a kernel, in ms (at most 4 frames a second). Defaults to 2000. */
  durationMs?: number;
}

/** Why and where a path stopped early. */
export interface Divergence {
  /** The step that produced a non-finite or runaway point (from 1). */
  step: number;
  /** One sentence: who, when, what happened, what to try. */
  message: string;
}

/** One optimizer's run. */
export interface RaceTrack {
  /** Label in the legend, e.g. "Adam (η = 0.1)". */
  name: string;
  /** The optimizer that ran (a fresh copy; its state is the final state). */
  optimizer: Optimizer;
  /** Visited points [x, y], the start first: steps + 1 of them unless the run diverged. */
  points: number[][];
  /** f at each point. */
  losses: number[];
  /** Set when the run diverged; the path stops at its last finite point. */
  diverged: Divergence | null;
}

/** What {@link race} returns. */
export interface RaceResult {
  surface: Surface;
  steps: number;
  tracks: RaceTrack[];
  /** The final figure payload. */
  figure: SurfaceFigure;
  /** One line per optimizer: where it ended, or why it stopped. */
  text: string;
}

/** A point or loss that means the run has left the surface for good. */
function runaway(surface: Surface, p: number[], loss: number, startLoss: number): boolean {
  if (!p.every(Number.isFinite) || !Number.isFinite(loss)) return true;
  const far = p.some((v, i) => {
    const [lo, hi] = surface.domain[i];
    return Math.abs(v - (lo + hi) / 2) > 10 * (hi - lo);
  });
  return far || loss > 1e6 * (Math.abs(startLoss) + 1);
}

/**
 * Where a path ended, in words: at a known minimum or saddle if it is close to one.
 * @example
 * describeEnd(dl.surfaces.bowl, [0, 0]); // "(0, 0), at the global minimum (0, 0)"
 */
export function describeEnd(surface: Surface, p: readonly number[]): string {
  const span = Math.max(...surface.domain.map(([lo, hi]) => hi - lo));
  const near = surface.points.find((pt) => Math.hypot(...pt.at.map((v, i) => v - p[i])) < 0.005 * span);
  const at = `(${p.map((v) => fmt(v)).join(", ")})`;
  return near ? `${at}, at the ${near.label} (${near.at.map((v) => fmt(v)).join(", ")})` : at;
}

/** Run one optimizer for `steps` steps, stopping at the last finite point if it diverges. */
function runTrack(surface: Surface, opt: Optimizer, start: number[], steps: number): RaceTrack {
  const name = `${opt.name} (η = ${opt.lr})`;
  const points = [start.slice()];
  const losses = [surface.f(start)];
  let diverged: Divergence | null = null;
  for (let k = 1; k <= steps; k++) {
    const p = opt.step(points[k - 1], surface.grad(points[k - 1]));
    const loss = surface.f(p);
    if (runaway(surface, p, loss, losses[0])) {
      const went = Number.isFinite(loss) ? `to ${fmt(loss)}` : `to ${loss}`;
      diverged = {
        step: k,
        message: `${name} diverged at step ${k}: ${divergenceAdvice(`the loss went from ${fmt(losses[0])} ${went}`, "", opt.lr)}. The path stops at its last finite point.`,
      };
      break;
    }
    points.push(p);
    losses.push(loss);
  }
  return { name, optimizer: opt, points, losses, diverged };
}

/** Resolve and check the options shared by {@link runRace} and {@link race}. */
function resolve(opts: RaceOptions): {
  surface: Surface;
  optimizers: Optimizer[];
  steps: number;
  start: number[];
} {
  const surface = get(opts?.surface, "dl.race");
  if (surface.dim !== 2)
    throw new ArgumentError(
      "dl.race",
      "opts.surface",
      "a 2-D surface",
      `"${surface.name}"`,
      "For a 1-D surface use dl.lrSweep.",
    );
  if (!Array.isArray(opts.optimizers) || opts.optimizers.length === 0) {
    throw new ArgumentError(
      "dl.race",
      "opts.optimizers",
      "at least one optimizer or name",
      JSON.stringify(opts.optimizers),
    );
  }
  const optimizers = opts.optimizers.map((o) => (typeof o === "string" ? byName(o, opts.lr) : o.fresh()));
  const steps = opts.steps ?? 100;
  if (!Number.isInteger(steps) || steps < 1 || steps > 100_000)
    throw new ArgumentError("dl.race", "opts.steps", "an integer in [1, 100000]", describeValue(steps));
  const start = opts.start ?? surface.start;
  if (!Array.isArray(start) || start.length !== 2 || !start.every(Number.isFinite)) {
    throw new ArgumentError("dl.race", "opts.start", "two finite numbers [x, y]", JSON.stringify(start));
  }
  return { surface, optimizers, steps, start };
}

function summarize(tracks: RaceTrack[], surface: Surface, steps: number): string {
  return tracks
    .map((t) =>
      t.diverged
        ? t.diverged.message
        : `${t.name}: loss ${fmt(t.losses[0])} → ${fmt(t.losses[t.losses.length - 1])} in ${steps} steps, ends at ${describeEnd(surface, t.points[t.points.length - 1])}`,
    )
    .join("\n");
}

/**
 * Run the race without any display: equal-length paths (steps + 1 points) except for diverged ones.
 * @example
 * const r = dl.race.run({ surface: "valley", optimizers: ["sgd", "momentum", "adam"], lr: 0.1, steps: 50 });
 * r.tracks.map((t) => t.losses.at(-1));
 */
export function runRace(opts: RaceOptions): RaceResult {
  const { surface, optimizers, steps, start } = resolve(opts);
  const tracks = optimizers.map((o) => runTrack(surface, o, start, steps));
  const text = summarize(tracks, surface, steps);
  const diverged = tracks.filter((t) => t.diverged).length;
  const status = `${steps} steps${diverged ? ` · ${diverged} diverged` : ""}`;
  const figure = surfaceFigure(
    surface,
    tracks.map((t) => ({
      name: t.diverged ? `${t.name} — diverged at step ${t.diverged.step}` : t.name,
      points: t.points,
    })),
    { status, final: true },
  );
  return { surface, steps, tracks, figure, text };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Race optimizers on a 2-D surface: the paths grow in one live figure (≤ 4 updates a second, the final
 * state last), divergence is caught and explained; resolves to the recorded paths.
 * @example
 * const r = await dl.race({ surface: "valley", optimizers: ["sgd", "momentum", "adam"], lr: 0.1, steps: 100 });
 * console.log(r.text);
 */
async function raceLive(opts: RaceOptions): Promise<RaceResult> {
  const result = runRace(opts);
  if (opts.display === false) return result;
  if (!inKernel()) {
    // a terminal gets the summary lines only
    console.log(`${surfaceSummary(result.figure)}\n${result.text}`);
    return result;
  }
  const live = new LiveFigure();
  const frames = Math.max(0, Math.floor((opts.durationMs ?? 2000) / 250));
  const signal = currentSignal(); // an interrupt skips the animation straight to the final state
  for (let f = 1; f < frames && !signal.aborted; f++) {
    const k = Math.round((f * result.steps) / frames);
    const partial = result.tracks.map((t) => ({ name: t.name, points: t.points.slice(0, k + 1) }));
    live.update(surfaceFigure(result.surface, partial, { status: `step ${k}/${result.steps}` }));
    await sleep(250);
  }
  live.finish(result.figure);
  console.log(result.text); // the sentences under the figure: where each ended, who diverged
  return result;
}

/**
 * `dl.race(opts)` races optimizers live on a 2-D surface; `dl.race.run(opts)` only computes the paths.
 * @example
 * const r = await dl.race({ surface: "saddle", optimizers: ["sgd", "rmsprop", "adam"], lr: 0.05, steps: 150 });
 */
export const race = Object.assign(raceLive, { run: runRace });
