/**
 * Pure figure builders: data → {@link FigurePayload}, one module per kind, plus one-line summaries.
 * @example
 * import * as dl from "dlab";
 * dl.show(dl.figures.scatterFigure([{ name: "a", x: [0, 1], y: [1, 0] }])); // what dl.plot.scatter does
 */
export { MAX_POINTS, downsample, assertFinite } from "./common";
export { historyFigure, historySummary, headlineSeries } from "./history";
export { ema } from "./smooth";
export type { HistoryCurve, HistoryFigureOptions } from "./history";
export {
  decisionBoundaryFigure,
  decisionBoundarySummary,
  linearBoundary,
  linearBoundaryFigure,
  linearEquation,
} from "./decision-boundary";
export type { DecisionBoundaryInput, LinearBoundaryInput } from "./decision-boundary";
export { curveFitFigure, curveFitSummary } from "./curve-fit";
export type { CurveFitInput } from "./curve-fit";
export { scatterFigure, scatterSummary } from "./scatter";
export type { ScatterSeries } from "./scatter";
export { activationFigure, activationSummary } from "./activation";
export { confusionFigure, confusionMatrix, confusionSummary } from "./confusion";
export { imageGridFigure, imageGridSummary, MAX_IMAGES } from "./image-grid";
export { plotlyFigure, plotlySummary } from "./plotly";
export { surfaceFigure, surfaceSummary, thinPath } from "./surface";
export type { Trajectory, SurfaceFigureOptions } from "./surface";
export { graphFigure, graphSummary } from "./graph";
export type { GraphNode, GraphEdge, GraphFigureOptions } from "./graph";
export { summarize } from "./summary";
