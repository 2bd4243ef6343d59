// A figure's data as CSV (RFC 4180), for the figure's "CSV" download. History figures list their
// points semantically (run, metric, split, step, x, y); other kinds list the drawn traces' points
// (trace, x, y, z; grids one row per cell). Pure.
import type { FigurePayload, HistoryFigure } from "dlab/dist/payload";
import { figureToPlotly } from "./figure";

/** One CSV field: quoted when it holds a comma, quote or line break; text that a spreadsheet would run as a formula gets a leading '. */
function field(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "number") return String(v);
  let s = String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

/** Rows to CSV text, CRLF line ends as RFC 4180 says. */
function toCsv(rows: unknown[][]): string {
  return rows.map((r) => r.map(field).join(",")).join("\r\n") + "\r\n";
}

function historyRows(p: HistoryFigure): unknown[][] {
  const rows: unknown[][] = [["run", "metric", "split", "step", "x", "y"]];
  const ghosts = new Set(p.ghosts ?? []);
  for (const s of p.series) {
    const run = s.run === undefined ? "" : ghosts.has(s.run) ? `${s.run} (earlier)` : s.run;
    s.x.forEach((x, i) => rows.push([run, s.metric, s.split, s.step ?? "epoch", x, s.y[i]]));
  }
  return rows;
}

/** Rows of the drawn traces: scatter-like x/y(/z) per point, heatmaps and contours one row per cell. */
function traceRows(p: FigurePayload): unknown[][] {
  const rows: unknown[][] = [["trace", "x", "y", "z"]];
  for (const t of figureToPlotly(p).data) {
    const name = typeof t.name === "string" ? t.name : String(t.type ?? "trace");
    const x = Array.isArray(t.x) ? (t.x as unknown[]) : [];
    const y = Array.isArray(t.y) ? (t.y as unknown[]) : [];
    const z = Array.isArray(t.z) ? (t.z as unknown[]) : undefined;
    if (z && Array.isArray(z[0])) {
      (z as unknown[][]).forEach((row, r) =>
        row.forEach((v, c) => rows.push([name, x[c] ?? c, y[r] ?? r, v])),
      );
    } else {
      for (let i = 0; i < Math.max(x.length, y.length); i++) rows.push([name, x[i], y[i], z?.[i]]);
    }
  }
  return rows;
}

/**
 * The figure's data as CSV text (the payload is validated first).
 * @example
 * figureCsv({ kind: "history", series: [{ name: "loss", metric: "loss", split: "train", x: [1], y: [0.5] }] });
 * // "run,metric,split,step,x,y\r\n,loss,train,epoch,1,0.5\r\n"
 */
export function figureCsv(p: FigurePayload): string {
  return toCsv(p.kind === "history" ? historyRows(p) : traceRows(p));
}

/**
 * A file name from a figure's title: "training history" → "training-history".
 * @example
 * fileName({ kind: "scatter", title: "Loss / lr", series: [] }); // "loss-lr"
 */
export function fileName(p: FigurePayload): string {
  const slug = (p.title ?? "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "")
    .slice(0, 60);
  return slug || `dlab-${p.kind}`;
}
