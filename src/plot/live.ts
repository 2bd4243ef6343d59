/**
 * `dl.plot.live()`: one output that the plot functions redraw in place — `live.scatter(…)`,
 * `live.decisionBoundary(…)`, … — at most a few times a second, the last state always shown.
 */
import { LiveFigure, type LiveFigureOptions } from "../display";
import type { FigurePayload } from "../payload";
import { REDRAW } from "./draw";
import { PLOT_FUNCTIONS, type PlotFunctions } from "./functions";

/**
 * A figure that changes while code runs. Call any `dl.plot` function on it to redraw it, then
 * `finish()` once the loop is done (it marks the last frame final, so JupyterLab stores its image).
 * @example
 * const live = dl.plot.live();
 * for (let k = 1; k <= 50; k++) live.scatter({ x: [k], y: [k * k] }, { status: `step ${k}` });
 * live.finish();
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-declaration-merging -- the methods come from PLOT_FUNCTIONS below
export class LivePlot {
  private readonly figure: LiveFigure;

  constructor(opts: LiveFigureOptions = {}) {
    this.figure = new LiveFigure(opts);
  }

  /** True when a redraw now would be sent at once (lets a loop skip computing a frame nobody sees). */
  due(): boolean {
    return this.figure.due();
  }

  /** Show the last frame as final (or the given figure); later redraws are refused. */
  finish(last?: { payload: FigurePayload } | FigurePayload): void {
    this.figure.finish(last && "payload" in last ? last.payload : last);
  }

  /** Where the plot functions send a frame when called on this live plot. */
  [REDRAW](payload: FigurePayload): void {
    // a frame is final only when finish() says so
    const { final: _final, ...frame } = payload as FigurePayload & { final?: boolean };
    this.figure.update(frame as FigurePayload);
  }
}

// the plot functions are LivePlot's methods too: called on a live plot, they redraw it
// eslint-disable-next-line @typescript-eslint/no-empty-object-type, @typescript-eslint/no-unsafe-declaration-merging -- as above
export interface LivePlot extends PlotFunctions {}
Object.assign(LivePlot.prototype, PLOT_FUNCTIONS);
