/**
 * dlab's data: toy sets, lecture examples, MNIST, splits, normalisation, seeded batching and
 * the checks that turn bad data into clear errors. Exposed as `dl.data`.
 * @example
 * import * as dl from "dlab";
 * const d = dl.data.moons({ n: 200, noise: 0.1, seed: 0 });
 */
export { rng, hashSeed } from "./rng";
export type { Rng } from "./rng";
export { linear, circle, xor, gauss, spiral, moons } from "./toy";
export type { Dataset2D, ToyOptions } from "./toy";
export { spam, passClass, sine } from "./lecture";
export type { LectureOptions, Regression1D, SineOptions } from "./lecture";
export { parseIdx, readIdx } from "./idx";
export type { IdxArray } from "./idx";
export { mnist, fashionMnist, fashionMnistDir } from "./mnist";
export type { ImageSet, ImageData, ImageOptions } from "./mnist";
export { count, take, shuffle, split } from "./split";
export type { Labeled, SplitOptions, Splits } from "./split";
export { fitNormalizer, normalize, standardize } from "./normalize";
export type { NormalizeOptions, Normalizer } from "./normalize";
export { batchIndices, batches } from "./batches";
export type { BatchOptions, Batch } from "./batches";
export { toTensors } from "./tensors";
export type { ToTensorOptions } from "./tensors";
export { validateDataset, validateArrays } from "./validate";
export type { ValidateOptions, DatasetInfo } from "./validate";
export { DataError } from "./errors";
