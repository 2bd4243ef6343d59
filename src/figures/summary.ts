/** The text/plain line for any figure payload (what a terminal or a viewer without the extension shows). */
import type { FigurePayload } from "../payload";
import { activationSummary } from "./activation";
import { confusionSummary } from "./confusion";
import { curveFitSummary } from "./curve-fit";
import { decisionBoundarySummary } from "./decision-boundary";
import { historySummary } from "./history";
import { imageGridSummary } from "./image-grid";
import { plotlySummary } from "./plotly";
import { scatterSummary } from "./scatter";
import { surfaceSummary } from "./surface";

/**
 * One line describing a figure payload, by kind.
 * @example
 * summarize({ kind: "scatter", series: [{ name: "a", x: [0], y: [1] }] });
 */
export function summarize(fig: FigurePayload): string {
  const title = fig.title ? `${fig.title} — ` : "";
  switch (fig.kind) {
    case "history":
      return historySummary(fig);
    case "decision-boundary":
      return decisionBoundarySummary(fig);
    case "curve-fit":
      return curveFitSummary(fig);
    case "scatter":
      return scatterSummary(fig);
    case "activation":
      return activationSummary(fig);
    case "confusion":
      return confusionSummary(fig);
    case "image-grid":
      return imageGridSummary(fig);
    case "plotly":
      return title + plotlySummary(fig);
    case "surface":
      return surfaceSummary(fig);
  }
}
