// Checks a figure payload before anything draws it. Payloads come from notebooks people download,
// so every field is checked for type and size, and the first problem is reported by its path
// ("series[2].y[7]") with what was expected and what came. Pure: no DOM, no JupyterLab, no plotly.
import type { FigurePayload } from "dlab/dist/payload";

/**
 * Every figure kind this renderer draws (mirrors FIGURE_KINDS in dlab's payload.ts).
 * @example
 * KNOWN_KINDS.includes("surface"); // true
 */
export const KNOWN_KINDS = [
  "history",
  "decision-boundary",
  "surface",
  "curve-fit",
  "scatter",
  "activation",
  "confusion",
  "image-grid",
  "plotly",
] as const;

/**
 * Most numbers one figure may carry (a 1000×1000 grid); beyond that the browser would stall.
 * @example
 * parsePayload({ kind: "scatter", series: [{ name: "big", x: new Array(MAX_VALUES + 1).fill(0), y: [] }] }); // throws
 */
export const MAX_VALUES = 1_000_000;
/**
 * Deepest nesting accepted in a payload (raw plotly figures included).
 * @example
 * parsePayload({ kind: "plotly", data: [JSON.parse("[".repeat(MAX_DEPTH + 2) + "]".repeat(MAX_DEPTH + 2))] }); // throws
 */
export const MAX_DEPTH = 32;
/** Keys that could reach an object's prototype when merged: never accepted anywhere. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/**
 * A payload that cannot be drawn; the message names the field, what was expected and what came.
 * @example
 * try { parsePayload("{") } catch (e) { e instanceof PayloadError; } // true
 */
export class PayloadError extends Error {
  override name = "PayloadError";
}

/** A short, safe description of a value for error messages ("a string", "NaN", "an array of 3"). */
function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (typeof v === "number") return Number.isFinite(v) ? `the number ${v}` : String(v);
  if (typeof v === "string") return `a string of ${v.length} characters`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

function fail(path: string, expected: string, got: unknown): never {
  throw new PayloadError(`${path || "the payload"}: expected ${expected}, got ${describe(got)}`);
}

/** Walks the raw value once: rejects prototype keys, deep nesting, non-finite and too many numbers. */
function checkTree(root: unknown): void {
  let count = 0;
  const stack: Array<[unknown, string, number]> = [[root, "", 0]];
  while (stack.length) {
    const [v, path, depth] = stack.pop()!;
    if (depth > MAX_DEPTH) throw new PayloadError(`${path}: nested deeper than ${MAX_DEPTH} levels`);
    if (typeof v === "number") {
      if (!Number.isFinite(v)) fail(path, "a finite number (use null for a gap)", v);
      if (++count > MAX_VALUES) {
        throw new PayloadError(
          `the payload holds more than ${MAX_VALUES.toLocaleString("en")} numbers; send fewer points`,
        );
      }
    } else if (Array.isArray(v)) {
      if (v.length > MAX_VALUES) fail(path, `at most ${MAX_VALUES} entries`, v);
      for (let i = v.length - 1; i >= 0; i--) stack.push([v[i], `${path}[${i}]`, depth + 1]);
    } else if (v !== null && typeof v === "object") {
      for (const key of Object.keys(v)) {
        if (FORBIDDEN_KEYS.has(key))
          throw new PayloadError(`${path || "the payload"}: the key "${key}" is not allowed`);
        stack.push([(v as Record<string, unknown>)[key], path ? `${path}.${key}` : key, depth + 1]);
      }
    } else if (typeof v === "function" || typeof v === "symbol" || typeof v === "bigint") {
      fail(path, "JSON data", v);
    }
  }
}

/** A plain object (not an array, not null). */
function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Field checkers used by the per-kind rules below; each throws a PayloadError naming the path. */
const need = {
  obj(v: unknown, path: string): Record<string, unknown> {
    return isRecord(v) ? v : fail(path, "an object", v);
  },
  str(v: unknown, path: string, optional = false): void {
    if (optional && v === undefined) return;
    if (typeof v !== "string") fail(path, "a string", v);
  },
  num(v: unknown, path: string, optional = false): void {
    if (optional && v === undefined) return;
    if (typeof v !== "number") fail(path, "a number", v);
  },
  /** Numbers, with null allowed as a gap (JSON has no NaN). */
  nums(v: unknown, path: string, optional = false): void {
    if (optional && v === undefined) return;
    if (!Array.isArray(v)) return fail(path, "an array of numbers", v);
    v.forEach((x, i) => x === null || typeof x === "number" || fail(`${path}[${i}]`, "a number or null", x));
  },
  arr(v: unknown, path: string, optional = false): unknown[] {
    if (optional && v === undefined) return [];
    return Array.isArray(v) ? v : fail(path, "an array", v);
  },
  sameLength(a: unknown[], b: unknown[], pathA: string, pathB: string): void {
    if (a.length !== b.length) {
      throw new PayloadError(`${pathB}: expected as many entries as ${pathA} (${a.length}), got ${b.length}`);
    }
  },
};

/** x and y number arrays of equal length. */
function checkXY(v: unknown, path: string): void {
  const o = need.obj(v, path);
  need.nums(o.x, `${path}.x`);
  need.nums(o.y, `${path}.y`);
  need.sameLength(o.x as unknown[], o.y as unknown[], `${path}.x`, `${path}.y`);
}

/** A named series: name, x, y. */
function checkSeries(v: unknown, path: string): Record<string, unknown> {
  const o = need.obj(v, path);
  need.str(o.name, `${path}.name`);
  checkXY(o, path);
  return o;
}

/** A grid: z has one row per y and one column per x. */
function checkGrid(v: unknown, path: string): void {
  const g = need.obj(v, path);
  need.nums(g.x, `${path}.x`);
  need.nums(g.y, `${path}.y`);
  const z = need.arr(g.z, `${path}.z`);
  need.sameLength(g.y as unknown[], z, `${path}.y`, `${path}.z`);
  z.forEach((row, i) => {
    need.nums(row, `${path}.z[${i}]`);
    need.sameLength(g.x as unknown[], row as unknown[], `${path}.x`, `${path}.z[${i}]`);
  });
}

/**
 * Parses and checks a payload (an object, or the JSON text of one) and returns it typed.
 * Throws a {@link PayloadError} naming the first problem.
 * @example
 * parsePayload('{"kind":"scatter","series":[{"name":"a","x":[0],"y":[1]}]}').kind; // "scatter"
 */
export function parsePayload(raw: unknown): FigurePayload {
  let value = raw;
  if (typeof raw === "string") {
    try {
      value = JSON.parse(raw);
    } catch (err) {
      throw new PayloadError(`the payload is not valid JSON (${(err as Error).message})`);
    }
  }
  const o = need.obj(value, "");
  checkTree(o);
  if (typeof o.kind !== "string" || !(KNOWN_KINDS as readonly string[]).includes(o.kind)) {
    fail("kind", `one of ${KNOWN_KINDS.join(", ")}`, o.kind);
  }
  for (const f of ["title", "xLabel", "yLabel", "status"]) need.str(o[f], f, true);
  if (o.final !== undefined && typeof o.final !== "boolean") fail("final", "true or false", o.final);
  KIND_RULES[o.kind as FigurePayload["kind"]](o);
  return o as unknown as FigurePayload;
}

type Rule = (o: Record<string, unknown>) => void;

const KIND_RULES: Record<FigurePayload["kind"], Rule> = {
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
