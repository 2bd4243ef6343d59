/** The `dl.plot` namespace: every function that computes a figure and shows it, plus `dl.plot.live()`. */
import type { LiveFigureOptions } from "../display";
import { PLOT_FUNCTIONS } from "./functions";
import { LivePlot } from "./live";

/**
 * Create a {@link LivePlot}: one output that `live.scatter(…)`, `live.decisionBoundary(…)`, … redraw in place.
 * @example
 * const live = dl.plot.live({ minIntervalMs: 100 });
 * live.line(0, [1, -1], undefined, { status: "step 1" });
 * live.finish();
 */
function live(opts: LiveFigureOptions = {}): LivePlot {
  return new LivePlot(opts);
}

/**
 * Every plot function in one namespace; each shows a new output and returns a {@link Figure} handle:
 * `dl.plot.history(h)`, `dl.plot.decisionBoundary(model, data)`, …; `dl.plot.live()` redraws one output.
 * @example
 * dl.plot.activations();
 */
export const plot = { ...PLOT_FUNCTIONS, live };
