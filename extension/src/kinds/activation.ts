// The activation kind: activation functions over one x range, their derivatives dashed.
import { need } from "../validate-fields";
import { LIMITS } from "../limits";
import { plainText } from "../sanitize";
import { COLORWAY, type KindResult } from "../plotly-helpers";
import type { ActivationFigure } from "dlab/dist/payload";

/**
 * Checks an activation payload: one x array, and curves with a name and as many y values.
 * @example
 * validate({ kind: "activation", x: [0, 1], curves: [{ name: "relu", y: [0, 1] }] });
 */
export function validate(o: Record<string, unknown>): void {
  need.nums(o.x, "x");
  need.atMost(o.x as unknown[], LIMITS.points, "x", "points");
  need.capped(o.curves, "curves", LIMITS.traces, "curves").forEach((c, i) => {
    const r = need.obj(c, `curves[${i}]`);
    need.str(r.name, `curves[${i}].name`);
    need.nums(r.y, `curves[${i}].y`);
    need.sameLength(o.x as unknown[], r.y as unknown[], "x", `curves[${i}].y`);
  });
}

/**
 * Activation functions as solid lines, their derivatives dashed in the same colour order.
 * @example
 * traces({ kind: "activation", x: [0, 1], curves: [{ name: "relu", y: [0, 1] }] }).data.length; // 1
 */
export function traces(p: ActivationFigure): KindResult {
  let fn = 0;
  let der = 0;
  const data = p.curves.map((c) => {
    // A derivative takes the colour of the function it follows (the i-th derivative, the i-th colour).
    const color = COLORWAY[(c.derivative ? der++ : fn++) % COLORWAY.length];
    return {
      type: "scatter",
      mode: "lines",
      name: plainText(c.name),
      x: p.x,
      y: c.y,
      line: { color, width: 2, dash: c.derivative ? "dash" : "solid" },
    };
  });
  return { data };
}
