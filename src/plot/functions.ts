/** Every dl.plot function, once: `dl.plot` shows with them, a live plot redraws with them. */
import { decisionBoundary, line } from "./boundary";
import { activations, curveFit, history, raw, scatter } from "./curves";
import { graph } from "./graph";
import { confusion, images } from "./images";
import { race, surface } from "./surface";

/** The plot functions by name; each takes its target from `this` (see draw.ts). */
export const PLOT_FUNCTIONS = {
  history,
  decisionBoundary,
  line,
  curveFit,
  scatter,
  activations,
  confusion,
  images,
  raw,
  surface,
  race,
  graph,
};

/** The type of {@link PLOT_FUNCTIONS}. */
export type PlotFunctions = typeof PLOT_FUNCTIONS;
