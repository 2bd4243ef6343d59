/**
 * Exponential moving average, as TensorBoard's smoothing slider draws it: shared by the history
 * figure's builder (tests, summaries) and the JupyterLab extension (the slider), so both smooth alike.
 */

/**
 * Smooth `y` with weight `s` (0 ≤ s < 1; 0 returns a copy). Debiased like Adam's moments, so the
 * first points are not dragged towards 0: m ← s·m + (1−s)·y, shown as m / (1 − sᵏ) after k points.
 * @example
 * ema([1, 0, 0], 0.5); // [1, 0.333…, 0.142…]
 */
export function ema(y: ArrayLike<number>, s: number): number[] {
  if (!(s >= 0 && s < 1)) throw new RangeError(`ema: expected a smoothing weight 0 ≤ s < 1, got ${s}`);
  const out = new Array<number>(y.length);
  let m = 0;
  let debias = 1;
  for (let i = 0; i < y.length; i++) {
    const v = y[i];
    // a gap (null in a payload) keeps the average where it was
    if (typeof v !== "number" || !Number.isFinite(v)) {
      out[i] = v;
      continue;
    }
    m = s * m + (1 - s) * v;
    debias *= s;
    out[i] = s === 0 ? v : m / (1 - debias);
  }
  return out;
}
