/** How dlab writes numbers and the divergence advice in messages, figure captions and status lines. */

/**
 * A number to `digits` significant digits, in exponent form when very large or very small.
 * @example
 * fmt(0.123456); // "0.123"
 * fmt(7.92e9); // "7.92e+9"
 */
export function fmt(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return String(v);
  if (v !== 0 && (Math.abs(v) < 1e-3 || Math.abs(v) >= 10 ** (digits + 1)))
    return v.toExponential(digits - 1);
  return String(Number(v.toPrecision(digits)));
}

/**
 * The one sentence dlab says when a value stops being finite: what, where, and what to try.
 * @example
 * divergenceAdvice("the loss became NaN", "at epoch 3, batch 2", 0.5);
 * // "the loss became NaN at epoch 3, batch 2: the learning rate is probably too large; try one 10× lower (η = 0.05)"
 */
export function divergenceAdvice(what: string, where: string, lr?: number): string {
  const next = lr !== undefined && Number.isFinite(lr) ? ` (η = ${fmt(lr / 10)})` : "";
  return `${what}${where ? ` ${where}` : ""}: the learning rate is probably too large; try one 10× lower${next}`;
}
