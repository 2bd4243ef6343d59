/**
 * Loss surfaces small enough to see: 2-D (and 1-D) functions with their exact gradient and known
 * minima, on which optimizers race and learning rates are swept.
 */
import { ArgumentError, describeValue } from "./errors";

/** A known special point of a surface: a minimum or a saddle. */
export interface SurfacePoint {
  /** Coordinates, as long as the surface's dimension. */
  at: number[];
  /** Value of the function there. */
  value: number;
  /** "global minimum", "local minimum" or "saddle point". */
  label: string;
}

/** A loss surface: value, exact gradient, where to look and where the minima are. */
export interface Surface {
  /** Short name, e.g. "valley". */
  readonly name: string;
  /** One-line description with the formula. */
  readonly title: string;
  /** 1 or 2 coordinates. */
  readonly dim: 1 | 2;
  /** The loss at a point. */
  f(p: readonly number[]): number;
  /** The exact gradient at a point. */
  grad(p: readonly number[]): number[];
  /** Plot range per coordinate: [[xmin, xmax]] or [[xmin, xmax], [ymin, ymax]]. */
  readonly domain: Array<[number, number]>;
  /** Known minima (and saddles), the global minimum first. */
  readonly points: SurfacePoint[];
  /** A start that shows the surface's lesson. */
  readonly start: number[];
  /** Contours read better on a log scale (the loss spans orders of magnitude; minimum value 0). */
  readonly logZ: boolean;
}

/** Newton's method on the gradient, to pin down a minimum of a 1-D surface to machine precision. */
function newton1d(df: (x: number) => number, d2f: (x: number) => number, x: number): number {
  for (let i = 0; i < 50; i++) x -= df(x) / d2f(x);
  return x;
}

/**
 * The bowl f(x, y) = x² + y²: every optimizer gets there.
 * @example
 * dl.surfaces.bowl.grad([1, 2]); // [2, 4]
 */
export const bowl: Surface = {
  name: "bowl",
  title: "bowl: f(x, y) = x² + y²",
  dim: 2,
  f: ([x, y]) => x * x + y * y,
  grad: ([x, y]) => [2 * x, 2 * y],
  domain: [
    [-2, 2],
    [-2, 2],
  ],
  points: [{ at: [0, 0], value: 0, label: "global minimum" }],
  start: [-1.5, 1.7],
  logZ: false,
};

/**
 * A narrow valley f(x, y) = 0.1x² + 2y²: curvature 20× larger across than along, so plain
 * gradient descent zig-zags across and crawls along it.
 * @example
 * dl.surfaces.valley.f([1, 1]); // 2.1
 */
export const valley: Surface = {
  name: "valley",
  title: "narrow valley: f(x, y) = 0.1x² + 2y²",
  dim: 2,
  f: ([x, y]) => 0.1 * x * x + 2 * y * y,
  grad: ([x, y]) => [0.2 * x, 4 * y],
  domain: [
    [-5, 5],
    [-2, 2],
  ],
  points: [{ at: [0, 0], value: 0, label: "global minimum" }],
  start: [-4.5, 1.2],
  logZ: false,
};

/**
 * Rosenbrock's banana f(x, y) = (1 − x)² + 100(y − x²)²: a curved, flat-bottomed valley.
 * @example
 * dl.surfaces.rosenbrock.f([1, 1]); // 0
 */
export const rosenbrock: Surface = {
  name: "rosenbrock",
  title: "Rosenbrock: f(x, y) = (1 − x)² + 100(y − x²)²",
  dim: 2,
  f: ([x, y]) => (1 - x) ** 2 + 100 * (y - x * x) ** 2,
  grad: ([x, y]) => [-2 * (1 - x) - 400 * x * (y - x * x), 200 * (y - x * x)],
  domain: [
    [-2, 2],
    [-1, 3],
  ],
  points: [{ at: [1, 1], value: 0, label: "global minimum" }],
  start: [-1.5, 2],
  logZ: true,
};

/**
 * A saddle f(x, y) = x²/2 + y⁴/4 − y²/2: flat saddle point at (0, 0), minima at (0, ±1).
 * Starting just off y = 0, the gradient across is tiny: who escapes first?
 * @example
 * dl.surfaces.saddle.grad([0, 0]); // [0, 0] — a saddle, not a minimum
 */
export const saddle: Surface = {
  name: "saddle",
  title: "saddle: f(x, y) = x²/2 + y⁴/4 − y²/2",
  dim: 2,
  f: ([x, y]) => (x * x) / 2 + (y * y * y * y) / 4 - (y * y) / 2,
  grad: ([x, y]) => [x, y * y * y - y],
  domain: [
    [-2.5, 2.5],
    [-1.6, 1.6],
  ],
  points: [
    { at: [0, 1], value: -0.25, label: "global minimum" },
    { at: [0, -1], value: -0.25, label: "global minimum" },
    { at: [0, 0], value: 0, label: "saddle point" },
  ],
  start: [-2, 0.001],
  logZ: false,
};

/**
 * Himmelblau's function (x² + y − 11)² + (x + y² − 7)²: four minima of equal value 0.
 * @example
 * dl.surfaces.himmelblau.f([3, 2]); // 0
 */
export const himmelblau: Surface = {
  name: "himmelblau",
  title: "several minima (Himmelblau): f(x, y) = (x² + y − 11)² + (x + y² − 7)²",
  dim: 2,
  f: ([x, y]) => (x * x + y - 11) ** 2 + (x + y * y - 7) ** 2,
  grad: ([x, y]) => {
    const a = x * x + y - 11;
    const b = x + y * y - 7;
    return [4 * x * a + 2 * b, 2 * a + 4 * y * b];
  },
  domain: [
    [-5, 5],
    [-5, 5],
  ],
  // published to 6 decimals; f there is < 1e-9
  points: [
    { at: [3, 2], value: 0, label: "global minimum" },
    { at: [-2.805118, 3.131312], value: 0, label: "global minimum" },
    { at: [-3.77931, -3.283186], value: 0, label: "global minimum" },
    { at: [3.584428, -1.848126], value: 0, label: "global minimum" },
  ],
  start: [0, -0.5],
  logZ: true,
};

/**
 * The 1-D parabola f(x) = x²: gradient descent converges for η < 1, bounces for η = 1, diverges for η > 1.
 * @example
 * dl.surfaces.parabola.grad([3]); // [6]
 */
export const parabola: Surface = {
  name: "parabola",
  title: "parabola: f(x) = x²",
  dim: 1,
  f: ([x]) => x * x,
  grad: ([x]) => [2 * x],
  domain: [[-3, 3]],
  points: [{ at: [0], value: 0, label: "global minimum" }],
  start: [2.5],
  logZ: false,
};

const wellsF = (x: number): number => x ** 4 - 3 * x * x + x;
const wellsDf = (x: number): number => 4 * x ** 3 - 6 * x + 1;
const wellsD2f = (x: number): number => 12 * x * x - 6;
const wellsGlobal = newton1d(wellsDf, wellsD2f, -1.3);
const wellsLocal = newton1d(wellsDf, wellsD2f, 1.1);

/**
 * Two wells f(x) = x⁴ − 3x² + x: a shallow local minimum near x ≈ 1.13 and the global one near −1.30.
 * From the right, a small learning rate gets stuck in the shallow well.
 * @example
 * dl.surfaces.wells.points[0].at; // [-1.30…]
 */
export const wells: Surface = {
  name: "wells",
  title: "two wells: f(x) = x⁴ − 3x² + x",
  dim: 1,
  f: ([x]) => wellsF(x),
  grad: ([x]) => [wellsDf(x)],
  domain: [[-2, 2]],
  points: [
    { at: [wellsGlobal], value: wellsF(wellsGlobal), label: "global minimum" },
    { at: [wellsLocal], value: wellsF(wellsLocal), label: "local minimum" },
  ],
  start: [1.9],
  logZ: false,
};

/**
 * The surfaces above, by name.
 * @example
 * Object.keys(dl.surfaces.ALL); // ["bowl", "valley", "rosenbrock", "saddle", "himmelblau", "parabola", "wells"]
 */
export const ALL: Readonly<Record<string, Surface>> = {
  bowl,
  valley,
  rosenbrock,
  saddle,
  himmelblau,
  parabola,
  wells,
};

/**
 * A surface by name, or the surface itself when one is given.
 * @example
 * dl.surfaces.get("valley").dim; // 2
 */
export function get(surface: string | Surface, fn = "dl.surfaces.get"): Surface {
  if (surface && typeof surface === "object" && typeof surface.f === "function") return surface;
  const s = ALL[String(surface)];
  if (!s) {
    const want = `a Surface or one of ${Object.keys(ALL).join(", ")}`;
    const hint = "Make your own with dl.surfaces.custom({ name, f, domain }).";
    throw new ArgumentError(fn, "surface", want, describeValue(surface), hint);
  }
  return s;
}

/**
 * Your own 2-D (or 1-D) surface; without `grad`, the gradient is taken by central differences (float64).
 * @example
 * const s = dl.surfaces.custom({ name: "tilted", f: ([x, y]) => x * x + 3 * y * y + x * y,
 *   domain: [[-2, 2], [-2, 2]], points: [{ at: [0, 0], value: 0, label: "global minimum" }] });
 */
export function custom(spec: Partial<Surface> & Pick<Surface, "name" | "f" | "domain">): Surface {
  const fn = "dl.surfaces.custom";
  if (typeof spec?.f !== "function")
    throw new ArgumentError(
      fn,
      "spec.f",
      "a function of a point, e.g. ([x, y]) => x * x + y * y",
      describeValue(spec?.f),
    );
  const dim = (Array.isArray(spec.domain) ? spec.domain.length : 0) as 1 | 2;
  if (dim !== 1 && dim !== 2) {
    const got = Array.isArray(spec.domain) ? `${spec.domain.length} ranges` : describeValue(spec.domain);
    throw new ArgumentError(
      fn,
      "spec.domain",
      "1 or 2 [min, max] ranges",
      got,
      "e.g. domain: [[-2, 2], [-2, 2]].",
    );
  }
  const bad = spec.domain.findIndex((r) => !Array.isArray(r) || !(r[1] > r[0]));
  if (bad >= 0) {
    const r = spec.domain[bad];
    const got = Array.isArray(r) ? `[${r.join(", ")}]` : describeValue(r);
    throw new ArgumentError(fn, `spec.domain[${bad}]`, "a range [min, max] with min < max", got);
  }
  const f = spec.f;
  const grad =
    spec.grad ??
    ((p: readonly number[]) =>
      p.map((_, i) => {
        const h = 1e-6 * Math.max(1, Math.abs(p[i]));
        const up = p.slice();
        const down = p.slice();
        up[i] += h;
        down[i] -= h;
        return (f(up) - f(down)) / (2 * h);
      }));
  return {
    name: spec.name,
    title: spec.title ?? spec.name,
    dim,
    f,
    grad,
    domain: spec.domain,
    points: spec.points ?? [],
    start: spec.start ?? spec.domain.map(([lo, hi]) => lo + 0.8 * (hi - lo)),
    logZ: spec.logZ ?? false,
  };
}
