/**
 * 2-D toy classification sets, in the spirit of the TensorFlow Playground: each one seeded,
 * class-balanced and shuffled, with points roughly inside [−1, 1]².
 */
import { rng as makeRng, type Rng } from "./rng";
import { ArgumentError, describeValue } from "../errors";

/** A 2-D classification dataset: n points, a label per point, and the class names. */
export interface Dataset2D {
  /** The points, n × 2. */
  x: number[][];
  /** The class index of each point. */
  y: number[];
  /** Class names; label i means classes[i]. */
  classes: string[];
  /** Names of the two features, when they mean something. */
  features?: string[];
}

/** Options of the toy sets. */
export interface ToyOptions {
  /** Number of points. Defaults to 200. */
  n?: number;
  /** Standard deviation of the Gaussian jitter added to each point. Defaults to 0.1 (0 for `linear`). */
  noise?: number;
  /** Seed of the random numbers. Defaults to 0. */
  seed?: number;
}

type Gen = (cls: number, r: Rng, noise: number) => number[] | null;

/** Draw a balanced set: class 0 gets ⌈n/2⌉ points, class 1 the rest; `gen` may reject a draw with null. */
export function balanced(
  name: string,
  opts: ToyOptions,
  defaultNoise: number,
  gen: Gen,
  classes = ["0", "1"],
): Dataset2D {
  const n = opts.n ?? 200;
  const noise = opts.noise ?? defaultNoise;
  const fn = `dl.data.${name}`;
  if (!Number.isInteger(n) || n < 2)
    throw new ArgumentError(fn, "opts.n", "an integer ≥ 2 (one point of each class)", describeValue(n));
  if (!(noise >= 0)) throw new ArgumentError(fn, "opts.noise", "a number ≥ 0", describeValue(noise));
  const r = makeRng(opts.seed ?? 0);
  const pts: { x: number[]; y: number }[] = [];
  for (let c = 0; c < 2; c++) {
    const want = c === 0 ? Math.ceil(n / 2) : Math.floor(n / 2);
    for (let got = 0, tries = 0; got < want; tries++) {
      // not reachable with the validated options; a guard against an endless loop
      if (tries > 1000 * n) throw new Error(`${fn}: could not draw enough points of class ${c}`);
      const p = gen(c, r, noise);
      if (p) {
        pts.push({ x: p, y: c });
        got++;
      }
    }
  }
  const order = r.permutation(pts.length);
  return { x: Array.from(order, (i) => pts[i].x), y: Array.from(order, (i) => pts[i].y), classes };
}

const jitter = (p: number[], r: Rng, noise: number): number[] => p.map((v) => v + r.normal(0, noise));

/**
 * Linearly separable points: uniform in [−1, 1]², labelled by the lecture's line 1 + 3x₁ − 2x₂ = 0
 * (label 1 where it is positive), keeping a gap `margin` around the line. Noise above the margin
 * can make it inseparable.
 * @example
 * const d = dl.data.linear({ n: 100, seed: 1 }); // d.x: 100 × 2, d.y: 0/1
 */
export function linear(opts: ToyOptions & { margin?: number } = {}): Dataset2D {
  const margin = opts.margin ?? 0.1;
  const norm = Math.hypot(3, 2);
  // class 0's farthest point from the line in [−1, 1]² is the corner (−1, 1), at 4/√13 ≈ 1.1
  if (!(margin >= 0 && margin < 4 / norm)) {
    const hint = "A margin that wide leaves no room for class 0 inside [−1, 1]².";
    throw new ArgumentError(
      "dl.data.linear",
      "opts.margin",
      "a number in [0, 1.1)",
      describeValue(margin),
      margin >= 0 ? hint : "",
    );
  }
  return balanced("linear", opts, 0, (c, r, noise) => {
    const p = [r.uniform(-1, 1), r.uniform(-1, 1)];
    const d = (1 + 3 * p[0] - 2 * p[1]) / norm; // signed distance to the line
    return Math.abs(d) >= margin && (d > 0 ? 1 : 0) === c ? jitter(p, r, noise) : null;
  });
}

/**
 * A disc (class 1, radius < 0.5) inside a ring (class 0, radius 0.7–1).
 * @example
 * const d = dl.data.circle({ n: 200, noise: 0.05, seed: 0 });
 */
export function circle(opts: ToyOptions = {}): Dataset2D {
  return balanced("circle", opts, 0.1, (c, r, noise) => {
    const radius = c === 1 ? 0.5 * Math.sqrt(r.next()) : r.uniform(0.7, 1);
    const angle = r.uniform(0, 2 * Math.PI);
    return jitter([radius * Math.cos(angle), radius * Math.sin(angle)], r, noise);
  });
}

/**
 * XOR: class 1 where x₁ and x₂ have different signs; points keep 0.05 away from the axes.
 * @example
 * const d = dl.data.xor({ n: 200, seed: 0 }); // no single line separates it
 */
export function xor(opts: ToyOptions = {}): Dataset2D {
  return balanced("xor", opts, 0.1, (c, r, noise) => {
    const p = [r.uniform(-1, 1), r.uniform(-1, 1)];
    if (Math.abs(p[0]) < 0.05 || Math.abs(p[1]) < 0.05) return null;
    return (p[0] * p[1] < 0 ? 1 : 0) === c ? jitter(p, r, noise) : null;
  });
}

/**
 * Two Gaussian blobs centred at (−0.5, −0.5) (class 0) and (0.5, 0.5) (class 1); `noise` is their
 * standard deviation (default 0.25).
 * @example
 * const d = dl.data.gauss({ n: 200, noise: 0.3, seed: 0 });
 */
export function gauss(opts: ToyOptions = {}): Dataset2D {
  return balanced("gauss", opts, 0.25, (c, r, noise) => {
    const m = c === 1 ? 0.5 : -0.5;
    return [r.normal(m, noise), r.normal(m, noise)];
  });
}

/**
 * Two interleaved spirals (one and a half turns each), a hard case for small networks.
 * @example
 * const d = dl.data.spiral({ n: 300, noise: 0.02, seed: 0 });
 */
export function spiral(opts: ToyOptions = {}): Dataset2D {
  return balanced("spiral", opts, 0.02, (c, r, noise) => {
    const t = r.next(); // position along the arm, 0 at the centre
    const angle = 3 * Math.PI * t + c * Math.PI;
    return jitter([t * Math.cos(angle), t * Math.sin(angle)], r, noise);
  });
}

/**
 * Two interleaving half circles (as scikit-learn's make_moons), scaled into about [−1, 1]².
 * @example
 * const d = dl.data.moons({ n: 200, noise: 0.1, seed: 0 });
 */
export function moons(opts: ToyOptions = {}): Dataset2D {
  return balanced("moons", opts, 0.1, (c, r, noise) => {
    const a = r.uniform(0, Math.PI);
    const p = c === 0 ? [Math.cos(a), Math.sin(a)] : [1 - Math.cos(a), 0.5 - Math.sin(a)];
    // make_moons spans x ∈ [−1, 2], y ∈ [−0.5, 1]: centre and scale it
    return jitter([(p[0] - 0.5) / 1.5, (p[1] - 0.25) / 1.5], r, noise);
  });
}
