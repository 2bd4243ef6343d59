/**
 * The optimizers of the lecture, each written as its published update rule on plain numbers, so a
 * lab can print the rule, step through it on a 2-D loss surface (`race`, `lrSweep`), and then
 * train a real model with the equivalent tfjs optimizer (`toTf()`).
 */
export type { Optimizer, OptimizerState } from "./core";
export { sgd, momentum, adagrad, adadelta, adam, rmsprop } from "./rules";
export type { LrOptions } from "./rules";
export { byName, OPTIMIZER_NAMES } from "./by-name";
export type { OptimizerName } from "./by-name";
export { race } from "./race";
export type { RaceOptions, RaceResult, RaceTrack, Divergence } from "./race";
export { lrSweep } from "./sweep";
export type { SweepOptions, SweepResult, SweepRun, Verdict } from "./sweep";
