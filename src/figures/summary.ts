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
    case "surface": {
      // built by src/figures/surface.ts (package-lessons); a generic line keeps this module independent
      const last = fig.trajectories.map((t) => `${t.name} (${t.x.length} steps)`).join(", ");
      return `${title}surface: ${fig.grid.x.length}×${fig.grid.y.length} grid${last ? `, ${last}` : ""}${fig.status ? ` · ${fig.status}` : ""}`;
    }
  }
}
