/**
 * The optimizers of the lecture, each written as its published update rule on plain numbers, so a
 * lab can print the rule, step through it on a 2-D loss surface, and then train a real model
 * with the equivalent tfjs optimizer (`toTf()`).
 */
import { adadelta, adagrad, adam, momentum, rmsprop, sgd, type LrOptions } from "./optimizers/rules";
import type { Optimizer } from "./optimizers/core";

export type { Optimizer, OptimizerState } from "./optimizers/core";
export { sgd, momentum, adagrad, adadelta, adam, rmsprop } from "./optimizers/rules";
export type { LrOptions } from "./optimizers/rules";

/**
 * The optimizer names `byName` accepts.
 * @example
 * dl.optimizers.OPTIMIZER_NAMES.map((n) => dl.optimizers.byName(n).rule);
 */
export const OPTIMIZER_NAMES = ["sgd", "momentum", "adagrad", "adadelta", "adam", "rmsprop"] as const;

/** One of {@link OPTIMIZER_NAMES}. */
export type OptimizerName = (typeof OPTIMIZER_NAMES)[number];

/**
 * An optimizer from its name, with an optional learning rate (other hyper-parameters at their defaults).
 * @example
 * dl.optimizers.byName("adam", 0.05).name; // "Adam"
 */
export function byName(name: string, lr?: number): Optimizer {
  const makers: Record<OptimizerName, (o: LrOptions) => Optimizer> = {
    sgd,
    momentum,
    adagrad,
    adadelta,
    adam,
    rmsprop,
  };
  const key = String(name).toLowerCase() as OptimizerName;
  if (!(key in makers)) {
    throw new RangeError(
      `dl.optimizers.byName: argument "name" must be one of ${OPTIMIZER_NAMES.join(", ")}, got "${name}"`,
    );
  }
  return makers[key](lr === undefined ? {} : { lr });
}
