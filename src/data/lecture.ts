/** Small datasets from the lecture's worked examples: spam vs not spam, "will I pass?", a noisy sine. */
import { balanced, type Dataset2D } from "./toy";
import { rng as makeRng } from "./rng";
import { ArgumentError, describeValue } from "../errors";

/** Options of {@link spam} and {@link passClass}. */
export interface LectureOptions {
  /** Number of messages / students. Defaults to 60 for spam, 50 for passClass. */
  n?: number;
  /** Seed of the random numbers. Defaults to 0. */
  seed?: number;
}

/**
 * "Spam vs not spam" with two features per message (suspicious words per 100 words, links),
 * linearly separable (spam where words + links > 10, with a gap of 1 around that line), so
 * Rosenblatt's perceptron algorithm stops after finitely many updates.
 * @example
 * const d = dl.data.spam({ seed: 0 }); // d.classes = ["not spam", "spam"]
 */
export function spam(opts: LectureOptions = {}): Dataset2D {
  const d = balanced(
    "spam",
    { n: opts.n ?? 60, seed: opts.seed, noise: 0 },
    0,
    (c, r) => {
      const p = [round1(r.uniform(0, 10)), round1(r.uniform(0, 10))];
      const s = p[0] + p[1] - 10;
      return Math.abs(s) >= 1 && (s > 0 ? 1 : 0) === c ? p : null;
    },
    ["not spam", "spam"],
  );
  return { ...d, features: ["suspicious words per 100", "links"] };
}

/**
 * The lecture's "will I pass this class?": x₁ = lectures attended (0–12), x₂ = hours spent on the
 * final project (0–12); a student passes with probability σ(1.5 (x₁ + x₂ − 10)), so the classes
 * overlap a little near the line x₁ + x₂ = 10, like real students. The lecture's query student
 * attended 4 lectures and spent 5 hours.
 * @example
 * const d = dl.data.passClass({ seed: 0 }); // d.classes = ["fail", "pass"]
 */
export function passClass(opts: LectureOptions = {}): Dataset2D {
  const n = opts.n ?? 50;
  if (!Number.isInteger(n) || n < 1)
    throw new ArgumentError("dl.data.passClass", "opts.n", "a positive integer", describeValue(n));
  const r = makeRng(opts.seed ?? 0);
  const x: number[][] = [];
  const y: number[] = [];
  for (let i = 0; i < n; i++) {
    const p = [r.int(13), round1(r.uniform(0, 12))];
    const prob = 1 / (1 + Math.exp(-1.5 * (p[0] + p[1] - 10)));
    x.push(p);
    y.push(r.next() < prob ? 1 : 0);
  }
  return { x, y, classes: ["fail", "pass"], features: ["lectures attended", "hours on the final project"] };
}

/** A 1-D regression set. */
export interface Regression1D {
  /** Inputs, sorted ascending. */
  x: number[];
  /** Noisy targets. */
  y: number[];
  /** The noise-free function the targets come from. */
  truth: (x: number) => number;
}

/** Options of {@link sine}. */
export interface SineOptions {
  /** Number of points. Defaults to 20. */
  n?: number;
  /** Standard deviation of the Gaussian noise on y. Defaults to 0.2. */
  noise?: number;
  /** Seed of the random numbers. Defaults to 0. */
  seed?: number;
  /** Interval the x are drawn from (uniformly). Defaults to [0, 1]: one period of sin(2πx). */
  xRange?: [number, number];
}

/**
 * Noisy samples of y = sin(2πx), the classic set for under- and over-fitting with polynomials.
 * @example
 * const d = dl.data.sine({ n: 10, noise: 0.2, seed: 0 }); // d.truth(0.25) === 1
 */
export function sine(opts: SineOptions = {}): Regression1D {
  const n = opts.n ?? 20;
  const noise = opts.noise ?? 0.2;
  const range = opts.xRange ?? [0, 1];
  const [lo, hi] = Array.isArray(range) ? range : [NaN, NaN];
  const fn = "dl.data.sine";
  if (!Number.isInteger(n) || n < 1)
    throw new ArgumentError(fn, "opts.n", "a positive integer", describeValue(n));
  if (!(noise >= 0)) throw new ArgumentError(fn, "opts.noise", "a number ≥ 0", describeValue(noise));
  if (!(hi > lo)) {
    const got = Array.isArray(range) ? `[${range.join(", ")}]` : describeValue(range);
    throw new ArgumentError(fn, "opts.xRange", "[lo, hi] with lo < hi", got);
  }
  const r = makeRng(opts.seed ?? 0);
  const truth = (v: number): number => Math.sin(2 * Math.PI * v);
  const x = Array.from({ length: n }, () => r.uniform(lo, hi)).sort((a, b) => a - b);
  return { x, y: x.map((v) => truth(v) + r.normal(0, noise)), truth };
}

const round1 = (v: number): number => Math.round(v * 10) / 10;
