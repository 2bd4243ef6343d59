// The confusion kind: a confusion matrix as one heatmap, true class down, predicted across.
import { need } from "../validate-fields";
import { LIMITS } from "../limits";
import { plainText } from "../sanitize";
import { axis, type KindResult } from "../plotly-helpers";
import type { FigureTheme } from "../figure-theme";
import type { ConfusionFigure } from "dlab/dist/payload";

/**
 * Checks a confusion payload: the labels, and a square matrix with one row and column per label.
 * @example
 * validate({ kind: "confusion", labels: ["a", "b"], matrix: [[3, 1], [0, 4]] });
 */
export function validate(o: Record<string, unknown>): void {
  const labels = need.capped(o.labels, "labels", LIMITS.classes, "classes");
  labels.forEach((l, i) => need.str(l, `labels[${i}]`));
  const m = need.arr(o.matrix, "matrix");
  need.sameLength(labels, m, "labels", "matrix");
  m.forEach((row, i) => {
    need.nums(row, `matrix[${i}]`);
    need.sameLength(labels, row as unknown[], "labels", `matrix[${i}]`);
  });
}

/**
 * A confusion matrix as a heatmap, true class down, predicted class across, counts in the cells.
 * @example
 * traces({ kind: "confusion", labels: ["a", "b"], matrix: [[3, 1], [0, 4]] }, LIGHT_THEME);
 */
export function traces(p: ConfusionFigure, theme: FigureTheme): KindResult {
  const labels = p.labels.map((l) => plainText(l));
  return {
    data: [
      {
        type: "heatmap",
        x: labels,
        y: labels,
        z: p.matrix,
        colorscale: "Blues",
        reversescale: true,
        showscale: true,
        hoverinfo: "x+y+z",
        // the count in every cell, drawn by the heatmap itself in a colour that contrasts with the
        // cell (100 layout annotations took 40 ms more per update)
        texttemplate: "%{z}",
        textfont: { size: 12 },
      },
    ],
    layout: {
      xaxis: axis("predicted", theme, { type: "category", side: "bottom" }),
      yaxis: axis("true", theme, { type: "category", autorange: "reversed" }),
    },
  };
}
