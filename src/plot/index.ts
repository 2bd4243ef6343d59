/**
 * The student-facing "compute and show" layer: `dl.plot.*` builds a figure payload with the pure
 * builders in figures/ and displays it (a rendered figure in the kernel, a one-line summary in a terminal).
 */
export { plot } from "./plot";
export { LivePlot } from "./live";
export { Figure } from "./figure";
export type { DecisionBoundaryOptions } from "./boundary";
export type { FitSpec, ActivationName, ActivationCurves } from "./curves";
export type { Classifier } from "./grid";
export type { GraphNode, GraphEdge, GraphFigureOptions } from "../figures/graph";
