// The per-kind rules of the payload validator: which fields each figure kind must carry. Pure.
import type { FigurePayload } from "dlab/dist/payload";
import { checkGrid, checkSeries, checkXY, fail, need } from "./validate-fields";

/** Checks one kind's fields, throwing a PayloadError on the first problem. */
type Rule = (o: Record<string, unknown>) => void;

/**
 * The rule of every figure kind.
 * @example
 * KIND_RULES.scatter({ kind: "scatter", series: [] }); // passes
 */
export const KIND_RULES: Record<FigurePayload["kind"], Rule> = {
  history(o) {
    need.arr(o.series, "series").forEach((s, i) => {
      const r = checkSeries(s, `series[${i}]`);
      need.str(r.metric, `series[${i}].metric`);
      if (!["train", "validation", "test"].includes(r.split as string)) {
        fail(`series[${i}].split`, '"train", "validation" or "test"', r.split);
      }
    });
    need.arr(o.markers, "markers", true).forEach((m, i) => {
      need.num(need.obj(m, `markers[${i}]`).x, `markers[${i}].x`);
      need.str((m as Record<string, unknown>).label, `markers[${i}].label`);
    });
  },
  "decision-boundary"(o) {
    if (o.grid !== undefined) checkGrid(o.grid, "grid");
    const p = need.obj(o.points, "points");
    checkXY(p, "points");
    need.nums(p.label, "points.label");
    need.sameLength(p.x as unknown[], p.label as unknown[], "points.x", "points.label");
    need.arr(o.classes, "classes", true).forEach((c, i) => need.str(c, `classes[${i}]`));
    need.arr(o.lines, "lines", true).forEach((s, i) => checkSeries(s, `lines[${i}]`));
    if (o.highlight !== undefined) checkXY(o.highlight, "highlight");
  },
  surface(o) {
    checkGrid(o.grid, "grid");
    need.arr(o.trajectories, "trajectories").forEach((s, i) => checkSeries(s, `trajectories[${i}]`));
    need.arr(o.minima, "minima", true).forEach((m, i) => {
      const r = need.obj(m, `minima[${i}]`);
      need.num(r.x, `minima[${i}].x`);
      need.num(r.y, `minima[${i}].y`);
      need.str(r.label, `minima[${i}].label`, true);
    });
  },
  "curve-fit"(o) {
    checkXY(o.points, "points");
    if (o.validation !== undefined) checkXY(o.validation, "validation");
    if (o.truth !== undefined) checkSeries(o.truth, "truth");
    need.arr(o.fits, "fits").forEach((s, i) => checkSeries(s, `fits[${i}]`));
  },
  scatter(o) {
    need.arr(o.series, "series").forEach((s, i) => {
      const mode = checkSeries(s, `series[${i}]`).mode;
      if (mode !== undefined && !["markers", "lines", "lines+markers"].includes(mode as string)) {
        fail(`series[${i}].mode`, '"markers", "lines" or "lines+markers"', mode);
      }
    });
  },
  activation(o) {
    need.nums(o.x, "x");
    need.arr(o.curves, "curves").forEach((c, i) => {
      const r = need.obj(c, `curves[${i}]`);
      need.str(r.name, `curves[${i}].name`);
      need.nums(r.y, `curves[${i}].y`);
      need.sameLength(o.x as unknown[], r.y as unknown[], "x", `curves[${i}].y`);
    });
  },
  confusion(o) {
    const labels = need.arr(o.labels, "labels");
    labels.forEach((l, i) => need.str(l, `labels[${i}]`));
    const m = need.arr(o.matrix, "matrix");
    need.sameLength(labels, m, "labels", "matrix");
    m.forEach((row, i) => {
      need.nums(row, `matrix[${i}]`);
      need.sameLength(labels, row as unknown[], "labels", `matrix[${i}]`);
    });
  },
  "image-grid"(o) {
    for (const f of ["width", "height"]) {
      const v = o[f];
      if (!(typeof v === "number" && Number.isInteger(v) && v >= 1 && v <= 1024))
        fail(f, "an integer from 1 to 1024", v);
    }
    const size = (o.width as number) * (o.height as number);
    need.arr(o.images, "images").forEach((im, i) => {
      const r = need.obj(im, `images[${i}]`);
      need.nums(r.pixels, `images[${i}].pixels`);
      if ((r.pixels as unknown[]).length !== size) {
        fail(`images[${i}].pixels`, `width × height = ${size} values`, r.pixels);
      }
      need.str(r.caption, `images[${i}].caption`, true);
    });
    const c = o.columns;
    if (c !== undefined && !(typeof c === "number" && Number.isInteger(c) && c >= 1))
      fail("columns", "a positive integer", c);
  },
  plotly(o) {
    need.arr(o.data, "data").forEach((t, i) => need.obj(t, `data[${i}]`));
    if (o.layout !== undefined) need.obj(o.layout, "layout");
  },
};
