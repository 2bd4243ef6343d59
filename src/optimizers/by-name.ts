/** The optimizers by name: `dl.optimizers.byName("adam", 0.05)`. */
import { ArgumentError } from "../errors";
import type { Optimizer } from "./core";
import { adadelta, adagrad, adam, momentum, rmsprop, sgd, type LrOptions } from "./rules";

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
  if (!Object.hasOwn(makers, key)) {
    throw new ArgumentError(
      "dl.optimizers.byName",
      "name",
      `one of ${OPTIMIZER_NAMES.join(", ")}`,
      `"${name}"`,
    );
  }
  return makers[key](lr === undefined ? {} : { lr });
}
