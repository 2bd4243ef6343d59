/**
 * A small seeded random number generator, used everywhere in dlab instead of `Math.random`,
 * so that the same seed gives the same data, the same shuffles and the same batches.
 */
import { ArgumentError, describeValue } from "../errors";

/** A seeded stream of random numbers (mulberry32: fast, 32-bit state, good enough for labs). */
export interface Rng {
  /** The seed this generator started from. */
  readonly seed: number;
  /** A uniform number in [0, 1). */
  next(): number;
  /** A uniform number in [lo, hi). */
  uniform(lo?: number, hi?: number): number;
  /** A normally distributed number with the given mean and standard deviation (Box–Muller). */
  normal(mean?: number, std?: number): number;
  /** A uniform integer in [0, n). */
  int(n: number): number;
  /** A random permutation of 0 … n−1 (Fisher–Yates). */
  permutation(n: number): Int32Array;
  /** A shuffled copy of an array (the input is left unchanged). */
  shuffle<T>(items: readonly T[]): T[];
}

/**
 * Mix a seed (any integer or string) into 32 bits, so nearby seeds give unrelated streams.
 * @example
 * dl.data.hashSeed("epoch 3"); // the same 32-bit number every run
 */
export function hashSeed(seed: number | string): number {
  const text = String(seed);
  let h = 0x811c9dc5; // FNV-1a over the characters
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Make a seeded random number generator; the same seed always gives the same sequence.
 * @example
 * const r = dl.data.rng(42);
 * r.next();        // 0 ≤ value < 1, the same every run
 * r.normal(0, 1);  // a standard normal draw
 */
export function rng(seed: number | string = 0): Rng {
  if (typeof seed !== "string" && !Number.isFinite(seed)) {
    throw new ArgumentError("dl.data.rng", "seed", "a finite number or a string", describeValue(seed));
  }
  let state = hashSeed(seed);
  const next = (): number => {
    // mulberry32: one 32-bit add, then two multiply-xorshift rounds
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (n: number): number => Math.floor(next() * n);
  const permutation = (n: number): Int32Array => {
    const p = new Int32Array(n);
    for (let i = 0; i < n; i++) p[i] = i;
    for (let i = n - 1; i > 0; i--) {
      const j = int(i + 1);
      const t = p[i];
      p[i] = p[j];
      p[j] = t;
    }
    return p;
  };
  return {
    seed: typeof seed === "number" ? seed : hashSeed(seed),
    next,
    uniform: (lo = 0, hi = 1) => lo + (hi - lo) * next(),
    normal: (mean = 0, std = 1) => {
      // Box–Muller; 1 − u keeps the logarithm away from 0
      const u = 1 - next();
      const v = next();
      return mean + std * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    },
    int,
    permutation,
    shuffle: <T>(items: readonly T[]): T[] => Array.from(permutation(items.length), (i) => items[i]),
  };
}
