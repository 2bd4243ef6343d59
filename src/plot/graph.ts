/** Computational graphs with forward values and backward gradients on the edges (`dl.plot.graph`). */
import {
  graphFigure,
  graphSummary,
  type GraphEdge,
  type GraphFigureOptions,
  type GraphNode,
} from "../figures/graph";
import type { PlotlyFigure } from "../payload";
import { draw, type PlotTarget } from "./draw";
import type { Figure } from "./figure";

/**
 * Show a computational graph: nodes as circles, edges as arrows with the forward value above
 * (green) and the gradient of the loss below (red); leave `grad` out to show the forward pass only.
 * @example
 * dl.plot.graph(
 *   [{ id: "x", x: 0, y: 0 }, { id: "w", x: 0, y: -1 }, { id: "×", x: 1, y: -0.5 }, { id: "σ", x: 2, y: -0.5 }],
 *   [
 *     { from: "x", to: "×", value: 2, grad: 0.18 },
 *     { from: "w", to: "×", value: 0.8, grad: 0.45 },
 *     { from: "×", to: "σ", name: "z", value: 1.6, grad: 0.23 },
 *   ],
 *   { title: "z = wx, then σ(z)" },
 * );
 */
export function graph(
  this: PlotTarget,
  nodes: GraphNode[],
  edges: GraphEdge[],
  opts: GraphFigureOptions = {},
): Figure<PlotlyFigure> {
  return draw(this, graphFigure(nodes, edges, opts), graphSummary(edges, opts.digits));
}
