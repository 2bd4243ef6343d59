// Builders for the kinds drawn as one heatmap: the confusion matrix and the image grid. Pure;
// every string from the payload goes through plainText.
import { plainText } from "./sanitize";
import { axis, type FigureTheme, type KindResult } from "./figure-theme";
import { extent } from "./figure-grids";
import type { ConfusionFigure, ImageGridFigure } from "dlab/dist/payload";

/**
 * A confusion matrix as a heatmap, true class down, predicted class across, counts in the cells.
 * @example
 * confusionTraces({ kind: "confusion", labels: ["a", "b"], matrix: [[3, 1], [0, 4]] }, LIGHT_THEME);
 */
export function confusionTraces(p: ConfusionFigure, theme: FigureTheme): KindResult {
  const labels = p.labels.map((l) => plainText(l));
  const max = extent(...p.matrix)?.[1] ?? 0;
  const small = labels.length <= 20;
  const annotations = small
    ? p.matrix.flatMap((row, i) =>
        row.map((v, j) => ({
          x: labels[j],
          y: labels[i],
          text: v === null ? "" : String(v),
          showarrow: false,
          font: { color: typeof v === "number" && v > max / 2 ? "#ffffff" : "#202020", size: 12 },
        })),
      )
    : [];
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
      annotations,
    },
  };
}

/** Lays the images out row by row in one matrix, one empty (null) pixel between tiles. */
function tileImages(p: ImageGridFigure) {
  const cols = Math.min(p.columns ?? 10, Math.max(p.images.length, 1));
  const rows = Math.ceil(p.images.length / cols);
  const gap = 1;
  const W = cols * (p.width + gap) - gap;
  const H = rows * (p.height + gap) - gap;
  const z: Array<Array<number | null>> = Array.from({ length: Math.max(H, 0) }, () =>
    new Array(W).fill(null),
  );
  const annotations: Array<Record<string, unknown>> = [];
  p.images.forEach((im, k) => {
    const r0 = Math.floor(k / cols) * (p.height + gap);
    const c0 = (k % cols) * (p.width + gap);
    for (let i = 0; i < p.height; i++) {
      for (let j = 0; j < p.width; j++) z[r0 + i][c0 + j] = im.pixels[i * p.width + j];
    }
    if (!im.caption) return;
    const caption = {
      x: c0 + (p.width - 1) / 2,
      y: r0 + p.height - 0.5,
      yanchor: "top",
      text: plainText(im.caption),
    };
    annotations.push({ ...caption, showarrow: false, font: { size: 10 } });
  });
  return { z, annotations, W, H };
}

/**
 * Grayscale images tiled into one heatmap (gaps between tiles), captions under each tile.
 * @example
 * imageGridTraces({ kind: "image-grid", width: 1, height: 1, images: [{ pixels: [1] }] }, LIGHT_THEME);
 */
export function imageGridTraces(p: ImageGridFigure, theme: FigureTheme): KindResult {
  const { z, annotations, W, H } = tileImages(p);
  const hidden = { showgrid: false, zeroline: false, showline: false, showticklabels: false, ticks: "" };
  return {
    data: [
      {
        type: "heatmap",
        z,
        zmin: 0,
        zmax: 1,
        colorscale: "Greys",
        reversescale: !theme.dark,
        showscale: false,
        hoverinfo: "skip",
      },
    ],
    layout: {
      xaxis: { ...hidden, range: [-0.5, W - 0.5], constrain: "domain" },
      yaxis: {
        ...hidden,
        range: [H - 0.5 + (annotations.length ? 3 : 0), -0.5],
        scaleanchor: "x",
        constrain: "domain",
      },
      annotations,
    },
  };
}
