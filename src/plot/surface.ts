/** Loss surfaces: contours with optimizer paths (`dl.plot.surface`), a race shown again (`dl.plot.race`). */
import { ArgumentError, describeValue } from "../errors";
import {
  surfaceFigure,
  surfaceSummary,
  type SurfaceFigureOptions,
  type Trajectory,
} from "../figures/surface";
import type { RaceResult } from "../optimizers/race";
import type { SurfaceFigure } from "../payload";
import { get, type Surface } from "../surfaces";
import { draw, type PlotTarget } from "./draw";
import type { Figure } from "./figure";

/**
 * Show a 2-D surface's contours, with optional paths.
 * @example
 * dl.plot.surface("himmelblau");
 * dl.plot.surface(dl.surfaces.valley, [{ name: "mine", points: [[-4, 1], [-3, -0.5], [-2, 0.2]] }]);
 */
export function surface(
  this: PlotTarget,
  s: Surface | string,
  trajectories: Trajectory[] = [],
  opts: SurfaceFigureOptions = {},
): Figure<SurfaceFigure> {
  const fig = surfaceFigure(get(s, "dl.plot.surface"), trajectories, { final: true, ...opts });
  return draw(this, fig, surfaceSummary(fig));
}

/**
 * Show the final figure of a race again, with its sentences.
 * @example
 * dl.plot.race(dl.race.run({ surface: "bowl", optimizers: ["sgd", "adam"], lr: 0.1 }));
 */
export function race(this: PlotTarget, result: RaceResult): Figure<SurfaceFigure> {
  if (!result || result.figure?.kind !== "surface")
    throw new ArgumentError(
      "dl.plot.race",
      "result",
      "what dl.race or dl.race.run returned",
      describeValue(result),
    );
  return draw(this, result.figure, `${surfaceSummary(result.figure)}\n${result.text}`);
}
