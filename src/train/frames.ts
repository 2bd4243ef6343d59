/** The decision-boundary frame of a training run: the model's output over the plane, now. */
import type * as tf from "@tensorflow/tfjs";
import { decisionBoundaryFigure } from "../figures/decision-boundary";
import type { DecisionBoundaryFigure } from "../payload";
import { evaluateGrid, TRAIN_GRID_SIZE } from "./boundary";

/**
 * Build a decision-boundary payload of a 2-input model over its training points.
 * @example
 * await boundaryFrame(model, { x: [0, 1], y: [1, 0], label: [0, 1] }, "epoch 1/10", "xor", 40);
 */
export async function boundaryFrame(
  model: tf.LayersModel,
  points: { x: number[]; y: number[]; label: number[] },
  status: string,
  title?: string,
  resolution?: number,
): Promise<DecisionBoundaryFigure> {
  const { grid, meaning } = await evaluateGrid(model, points, resolution ?? TRAIN_GRID_SIZE);
  return decisionBoundaryFigure({
    title: title ?? "decision boundary while training",
    points,
    grid,
    gridMeaning: meaning,
    status,
  });
}
