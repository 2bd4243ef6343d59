/**
 * Linear least squares (optionally L2-regularised) and polynomial features, in float64: the
 * under-/over-fitting demo of lab 04 fits polynomials up to degree 9, whose feature matrix is too
 * ill-conditioned for float32 or for the normal equations, so this solves by Householder QR.
 */

/** Options of {@link leastSquares} and {@link polyfit}. */
export interface LeastSquaresOptions {
  /** L2 penalty λ in ½‖y − Φw‖² + λ·½‖w‖² (ridge regression; every weight is penalised). Defaults to 0. */
  l2?: number;
}

function checkMatrix(fn: string, phi: unknown, y: unknown): { rows: number[][]; target: number[] } {
  if (!Array.isArray(phi) || phi.length === 0 || !Array.isArray(phi[0])) {
    throw new TypeError(
      `${fn}: argument "phi" must be a non-empty array of rows (n × k numbers), got ${Array.isArray(phi) ? "an empty or flat array" : typeof phi}`,
    );
  }
  const k = (phi[0] as unknown[]).length;
  (phi as unknown[][]).forEach((row, i) => {
    if (!Array.isArray(row) || row.length !== k)
      throw new RangeError(
        `${fn}: argument "phi": row ${i} has ${Array.isArray(row) ? row.length : "no"} values, expected ${k} like row 0`,
      );
    row.forEach((v, j) => {
      if (typeof v !== "number" || !Number.isFinite(v))
        throw new RangeError(
          `${fn}: argument "phi": expected finite numbers, got ${String(v)} at [${i}][${j}]`,
        );
    });
  });
  if (!Array.isArray(y) || y.length !== phi.length) {
    throw new RangeError(
      `${fn}: argument "y" must hold one target per row of phi (${phi.length}), got ${Array.isArray(y) ? y.length : typeof y}`,
    );
  }
  y.forEach((v, i) => {
    if (typeof v !== "number" || !Number.isFinite(v))
      throw new RangeError(`${fn}: argument "y": expected finite numbers, got ${String(v)} at index ${i}`);
  });
  return { rows: phi as number[][], target: y as number[] };
}

/** Solve min ‖Aw − b‖ for a tall A (m ≥ k) by Householder QR; A and b are overwritten. */
function solveQR(A: number[][], b: number[], k: number): number[] {
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
    if (Math.abs(A[c][c]) < 1e-300) {
      throw new RangeError(
        `leastSquares: the features are linearly dependent (column ${c}); use fewer features or a positive option "l2"`,
      );
    }
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
  const { rows, target } = checkMatrix("leastSquares", phi, y);
  const lambda = opts.l2 ?? 0;
  if (typeof lambda !== "number" || !(lambda >= 0) || !Number.isFinite(lambda)) {
    throw new RangeError(`leastSquares: option "l2" must be a finite number ≥ 0, got ${String(lambda)}`);
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
  if (A.length < k) {
    throw new RangeError(
      `leastSquares: ${rows.length} rows cannot determine ${k} weights; add data or a positive option "l2"`,
    );
  }
  return solveQR(A, b, k);
}

/**
 * Polynomial features φ(x) = [1, x, x², …, x^degree] of each input.
 * @example
 * dl.polyFeatures([2], 3); // [[1, 2, 4, 8]]
 */
export function polyFeatures(x: number[], degree: number): number[][] {
  if (!Number.isInteger(degree) || degree < 0)
    throw new RangeError(`polyFeatures: argument "degree" must be an integer ≥ 0, got ${String(degree)}`);
  if (!Array.isArray(x))
    throw new TypeError(`polyFeatures: argument "x" must be an array of numbers, got ${typeof x}`);
  return x.map((v) => Array.from({ length: degree + 1 }, (_, p) => v ** p));
}

/**
 * Fit a polynomial of the given degree by (optionally ridge) least squares; returns w₀ … w_degree.
 * @example
 * dl.polyfit([0, 1, 2], [1, 3, 5], 1); // ≈ [1, 2]
 */
export function polyfit(x: number[], y: number[], degree: number, opts: LeastSquaresOptions = {}): number[] {
  return leastSquares(polyFeatures(x, degree), y, opts);
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
