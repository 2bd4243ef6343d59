/**
 * Shared checks and downsampling for the pure figure builders.
 *
 * Policy on bad numbers: a builder REJECTS NaN and ±Infinity with an error that names the
 * argument and the first bad index. A figure silently missing points teaches the wrong thing;
 * training code stops before a non-finite loss ever reaches a figure.
 */
import { ArgumentError } from "../errors";
import { fmt as formatNumber } from "../format";
import { MAX_FIGURE_MARKERS } from "../payload";

/**
 * At most this many points per trace leave the kernel (keeps a notebook output small).
 * @example
 * dl.figures.MAX_POINTS; // 1000
 */
export const MAX_POINTS = 1000;

/**
 * Throw if `values` holds a NaN or ±Infinity, naming the argument and the first bad index.
 * @example
 * dl.figures.assertFinite("loss", [1, NaN]); // ArgumentError: dl.figures: argument "loss": expected finite numbers, got NaN at index 1.
 */
export function assertFinite(name: string, values: ArrayLike<number>, fn = "dl.figures"): void {
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new ArgumentError(fn, name, "finite numbers", String(v), "", ` at index ${i}`);
  }
}

/** Throw unless two arrays that pair up (x with y) have the same length. */
export function assertSameLength(
  nameA: string,
  a: ArrayLike<unknown>,
  nameB: string,
  b: ArrayLike<unknown>,
): void {
  if (a.length !== b.length)
    throw new ArgumentError(
      "dl.figures",
      `${nameA}, ${nameB}`,
      "the same length",
      `${a.length} and ${b.length}`,
    );
}

/**
 * Downsample a trace to at most `max` points: the first and last points are kept, and each
 * bucket in between keeps its minimum and maximum y (in x order) so spikes stay visible.
 * @example
 * dl.figures.downsample([0, 1, 2, 3, 4, 5], [5, 1, 9, 2, 7, 3], 4); // { x: [0, 1, 2, 5], y: [5, 1, 9, 3] }
 */
export function downsample(x: number[], y: number[], max = MAX_POINTS): { x: number[]; y: number[] } {
  const n = x.length;
  if (n <= max) return { x: x.slice(), y: y.slice() };
  if (max < 4) {
    // too few points for min/max buckets: evenly spaced, first and last included
    const idx = Array.from({ length: max }, (_, i) =>
      max === 1 ? 0 : Math.round((i * (n - 1)) / (max - 1)),
    );
    return { x: idx.map((i) => x[i]), y: idx.map((i) => y[i]) };
  }
  // first + last are fixed; the rest is split in buckets of two points (min and max)
  const buckets = Math.max(1, Math.floor((max - 2) / 2));
  const keep: number[] = [0];
  const inner = n - 2;
  for (let b = 0; b < buckets; b++) {
    const lo = 1 + Math.floor((b * inner) / buckets);
    const hi = 1 + Math.floor(((b + 1) * inner) / buckets);
    if (hi <= lo) continue;
    let iMin = lo;
    let iMax = lo;
    for (let i = lo; i < hi; i++) {
      if (y[i] < y[iMin]) iMin = i;
      if (y[i] > y[iMax]) iMax = i;
    }
    keep.push(Math.min(iMin, iMax));
    if (iMax !== iMin) keep.push(Math.max(iMin, iMax));
  }
  keep.push(n - 1);
  return { x: keep.map((i) => x[i]), y: keep.map((i) => y[i]) };
}

/**
 * Points each marker trace may keep so that together they stay within a figure's marker count
 * (MAX_FIGURE_MARKERS in payload.ts): all of them when they fit, else shares in proportion to
 * their lengths (at least 1 each).
 * @example
 * markerShares([400, 400], 500); // [250, 250]
 */
export function markerShares(lengths: number[], max = MAX_FIGURE_MARKERS): number[] {
  const total = lengths.reduce((a, b) => a + b, 0);
  if (total <= max) return lengths.slice();
  return lengths.map((n) => Math.min(n, Math.max(1, Math.floor((max * n) / total))));
}

/** Check a named (x, y) trace and return it downsampled. */
export function cleanTrace(
  name: string,
  x: number[],
  y: number[],
  max = MAX_POINTS,
): { x: number[]; y: number[] } {
  assertSameLength(`${name}.x`, x, `${name}.y`, y);
  assertFinite(`${name}.x`, x);
  assertFinite(`${name}.y`, y);
  return downsample(x, y, max);
}

/** A number in one-line summaries: 4 significant digits (see format.ts). */
export const fmt = (v: number): string => formatNumber(v, 4);
