/**
 * Training with one live figure: `dl.train(model, data, opts)`, plus `dl.train.callbacks()` for a
 * student's own `fit` and `dl.train.live()` for a hand-written loop.
 */
import { callbacks, live } from "./train/callbacks";
import { train as trainLoop } from "./train/loop";

export type { TrainOptions, TrainHistory } from "./train/loop";
export { TrainingInterrupted } from "./train/loop";
export type { EarlyStoppingOptions } from "./train/early-stopping";
export type { LiveOptions, LiveTraining } from "./train/callbacks";

/**
 * Train a compiled tf.LayersModel on seeded mini-batches with a live figure; see {@link trainLoop}.
 * @example
 * const h = await dl.train(model, dl.data.moons({ seed: 0 }), { epochs: 20, validationSplit: 0.2 });
 * await model.fit(xs, ys, { callbacks: dl.train.callbacks() });
 * const live = dl.train.live(); live.step(0.5); live.finish();
 */
export const train = Object.assign(trainLoop, { callbacks, live });
