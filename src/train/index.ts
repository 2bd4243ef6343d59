/**
 * Training with one live figure: `dl.train(model, data, opts)`, plus `dl.train.callbacks()` for a
 * student's own `fit` and `dl.train.live()` for a hand-written loop.
 */
export { train } from "./train";
export { TrainingInterrupted } from "./run";
export type { TrainOptions, TrainHistory } from "./options";
export type { EarlyStoppingOptions } from "./early-stopping";
export type { LiveOptions, LiveTraining } from "./callbacks";
