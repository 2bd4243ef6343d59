// The confusion kind: a confusion matrix as one heatmap, true class down, predicted across.
import { need } from "../validate-fields";
import { LIMITS } from "../limits";
import { plainText } from "../sanitize";
import { axis, extent, type KindResult } from "../plotly-helpers";
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

/** The count in every cell (at most 10 × 10 annotations), in white on the dark cells. */
function cellCounts(p: ConfusionFigure, labels: string[]): Array<Record<string, unknown>> {
  if (labels.length > 10) return [];
  const max = extent(...p.matrix)?.[1] ?? 0;
  return p.matrix.flatMap((row, i) =>
    row.map((v, j) => ({
      x: labels[j],
      y: labels[i],
      text: v === null ? "" : String(v),
      showarrow: false,
      font: { color: typeof v === "number" && v > max / 2 ? "#ffffff" : "#202020", size: 12 },
    })),
  );
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
      },
    ],
    layout: {
      xaxis: axis("predicted", theme, { type: "category", side: "bottom" }),
      yaxis: axis("true", theme, { type: "category", autorange: "reversed" }),
      annotations: cellCounts(p, labels),
    },
  };
}
