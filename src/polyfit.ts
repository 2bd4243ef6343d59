/**
 * Linear least squares (optionally L2-regularised) and polynomial features, in float64: the
 * under-/over-fitting demo of lab 04 fits polynomials up to degree 9, whose feature matrix is too
 * ill-conditioned for float32 or for the normal equations, so this solves by Householder QR.
 */
import { ArgumentError, describeValue } from "./errors";

/** Options of {@link leastSquares} and {@link polyfit}. */
export interface LeastSquaresOptions {
  /** L2 penalty λ in ½‖y − Φw‖² + λ·½‖w‖² (ridge regression; every weight is penalised). Defaults to 0. */
  l2?: number;
}

/** How a call names its arguments in errors: dl.leastSquares(phi, y) or dl.polyfit(x, y, degree). */
interface Names {
  fn: string;
  phi: string;
}

function checkMatrix(names: Names, phi: unknown, y: unknown): { rows: number[][]; target: number[] } {
  const { fn, phi: arg } = names;
  if (!Array.isArray(phi) || phi.length === 0 || !Array.isArray(phi[0])) {
    const got = Array.isArray(phi) ? "an empty or flat array" : describeValue(phi);
    throw new ArgumentError(fn, arg, "a non-empty array of rows (n × k numbers)", got);
  }
  const k = (phi[0] as unknown[]).length;
  (phi as unknown[][]).forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== k) {
      const got = `${Array.isArray(row) ? row.length : "no"} values in row ${i}`;
      throw new ArgumentError(fn, arg, `every row to have ${k} values like row 0`, got);
    }
    row.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new ArgumentError(fn, arg, "finite numbers", `${describeValue(v)} at [${i}][${j}]`);
    });
  });
  if (!Array.isArray(y) || y.length !== phi.length) {
    const got = Array.isArray(y) ? `${y.length} targets` : describeValue(y);
    throw new ArgumentError(fn, "y", `one target per row of ${arg} (${phi.length})`, got);
  }
  y.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new ArgumentError(fn, "y", "finite numbers", `${describeValue(v)} at index ${i}`);
  });
  return { rows: phi as number[][], target: y as number[] };
}

/**
 * Solve min ‖Aw − b‖ for a tall A (m ≥ k) by Householder QR; A and b are overwritten.
 * Returns the index of a column that depends on the others instead, when there is one.
 */
function solveQR(A: number[][], b: number[], k: number): number[] | { dependentColumn: number } {
  const m = A.length;
  for (let c = 0; c < k; c++) {
    // reflect column c below the diagonal onto ±‖·‖ e_c
    let norm = 0;
    for (let r = c; r < m; r++) norm += A[r][c] ** 2;
    norm = Math.sqrt(norm);
    if (norm === 0) continue;
    const alpha = A[c][c] > 0 ? -norm : norm;
    const v = new Float64Array(m);
    for (let r = c; r < m; r++) v[r] = A[r][c];
    v[c] -= alpha;
    const vv = v.reduce((s, x) => s + x * x, 0);
    if (vv === 0) continue;
    const apply = (get: (r: number) => number, set: (r: number, x: number) => void) => {
      let dot = 0;
      for (let r = c; r < m; r++) dot += v[r] * get(r);
      const f = (2 * dot) / vv;
      for (let r = c; r < m; r++) set(r, get(r) - f * v[r]);
    };
    for (let j = c; j < k; j++)
      apply(
        (r) => A[r][j],
        (r, x) => (A[r][j] = x),
      );
    apply(
      (r) => b[r],
      (r, x) => (b[r] = x),
    );
  }
  // back substitution on the upper triangle R w = Qᵀb
  const w = new Array<number>(k).fill(0);
  for (let c = k - 1; c >= 0; c--) {
    let s = b[c];
    for (let j = c + 1; j < k; j++) s -= A[c][j] * w[j];
    if (Math.abs(A[c][c]) < 1e-300) return { dependentColumn: c };
    w[c] = s / A[c][c];
  }
  return w;
}

/**
 * The weights w minimising ½‖y − Φw‖² + λ·½‖w‖² (ordinary least squares when λ = 0), in float64.
 * @example
 * dl.leastSquares([[1, 0], [1, 1], [1, 2]], [1, 3, 5]); // ≈ [1, 2]: y = 1 + 2x
 */
export function leastSquares(phi: number[][], y: number[], opts: LeastSquaresOptions = {}): number[] {
  return solve({ fn: "dl.leastSquares", phi: "phi" }, phi, y, opts);
}

function solve(names: Names, phi: number[][], y: number[], opts: LeastSquaresOptions): number[] {
  const { rows, target } = checkMatrix(names, phi, y);
  const { fn } = names;
  const lambda = opts.l2 ?? 0;
  if (typeof lambda !== "number" || !(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new ArgumentError(fn, "opts.l2", "a finite number ≥ 0", describeValue(lambda));
  }
  const k = rows[0].length;
  // ridge = least squares on Φ stacked over √λ·I, with zeros stacked under y
  const A = rows.map((r) => r.slice());
  const b = target.slice();
  if (lambda > 0) {
    for (let j = 0; j < k; j++) {
      A.push(Array.from({ length: k }, (_, c) => (c === j ? Math.sqrt(lambda) : 0)));
      b.push(0);
    }
  }
  const hint = "Use fewer features, more data, or a positive opts.l2.";
  if (A.length < k) {
    const want = `at least as many rows as weights (${k})`;
    throw new ArgumentError(
      fn,
      names.phi,
      want,
      `${rows.length} rows, which cannot determine ${k} weights`,
      hint,
    );
  }
  const w = solveQR(A, b, k);
  if (Array.isArray(w)) return w;
  const got = `column ${w.dependentColumn} depends on the others (the features are linearly dependent)`;
  throw new ArgumentError(fn, names.phi, "linearly independent columns", got, hint);
}

/**
 * Polynomial features φ(x) = [1, x, x², …, x^degree] of each input.
 * @example
 * dl.polyFeatures([2], 3); // [[1, 2, 4, 8]]
 */
export function polyFeatures(x: number[], degree: number): number[][] {
  return features("dl.polyFeatures", x, degree);
}

function features(fn: string, x: number[], degree: number): number[][] {
  if (!Number.isInteger(degree) || degree < 0)
    throw new ArgumentError(fn, "degree", "an integer ≥ 0", describeValue(degree));
  if (!Array.isArray(x)) throw new ArgumentError(fn, "x", "an array of numbers", describeValue(x));
  const bad = x.findIndex((v) => typeof v !== "number" || !Number.isFinite(v));
  if (bad >= 0)
    throw new ArgumentError(fn, "x", "finite numbers", `${describeValue(x[bad])} at index ${bad}`);
  return x.map((v) => Array.from({ length: degree + 1 }, (_, p) => v ** p));
}

/**
 * Fit a polynomial of the given degree by (optionally ridge) least squares; returns w₀ … w_degree.
 * @example
 * dl.polyfit([0, 1, 2], [1, 3, 5], 1); // ≈ [1, 2]
 */
export function polyfit(x: number[], y: number[], degree: number, opts: LeastSquaresOptions = {}): number[] {
  const fn = "dl.polyfit";
  const phi = features(fn, x, degree);
  if (x.length === 0) throw new ArgumentError(fn, "x", "at least one value", "an empty array");
  // without a penalty, a polynomial of degree d needs d + 1 distinct x to be determined
  const distinct = new Set(x).size;
  if (!((opts.l2 ?? 0) > 0) && degree + 1 > distinct) {
    const want = `at most ${distinct - 1} (one less than the ${distinct} distinct x values) without opts.l2`;
    throw new ArgumentError(
      fn,
      "degree",
      want,
      String(degree),
      "Use a lower degree, more data, or a positive opts.l2.",
    );
  }
  return solve({ fn, phi: "x" }, phi, y, opts);
}

/**
 * Evaluate the polynomial w₀ + w₁x + … at one x or at each x of an array (Horner's rule).
 * @example
 * dl.polyval([1, 2], 3); // 7
 */
export function polyval(w: number[], x: number): number;
export function polyval(w: number[], x: number[]): number[];
export function polyval(w: number[], x: number | number[]): number | number[] {
  if (Array.isArray(x)) return x.map((v) => polyval(w, v));
  let s = 0;
  for (let p = w.length - 1; p >= 0; p--) s = s * x + w[p];
  return s;
}
