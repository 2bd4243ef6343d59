// Field checks shared by the payload validator and its per-kind rules: each throws a PayloadError
// that names the field's path, what was expected and what came. Pure.
import { LIMITS } from "./limits";

/**
 * A payload that cannot be drawn; the message names the field, what was expected and what came.
 * @example
 * try { parsePayload("{") } catch (e) { e instanceof PayloadError; } // true
 */
export class PayloadError extends Error {
  override name = "PayloadError";
}

/**
 * A short, safe description of a value for error messages; never quotes the value itself.
 * @example
 * describe([1, 2, 3]); // "an array of 3"
 */
export function describe(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "nothing";
  if (typeof v === "number") return Number.isFinite(v) ? `the number ${v}` : String(v);
  if (typeof v === "string") return `a string of ${v.length} characters`;
  if (Array.isArray(v)) return `an array of ${v.length}`;
  return typeof v === "object" ? "an object" : `a ${typeof v}`;
}

/**
 * Throws a PayloadError: "<path>: expected <expected>, got <what came>".
 * @example
 * fail("series[0].y", "an array of numbers", "x"); // throws
 */
export function fail(path: string, expected: string, got: unknown): never {
  throw new PayloadError(`${path || "the payload"}: expected ${expected}, got ${describe(got)}`);
}

/**
 * A plain object (not an array, not null).
 * @example
 * isRecord([]); // false
 */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/**
 * Field checkers used by the per-kind rules; each throws a PayloadError naming the path.
 * @example
 * need.nums([1, null, 2], "series[0].y"); // passes: null is a gap
 */
export const need = {
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
  /** An array of at most `max` entries, e.g. "series: expected at most 50 traces, got an array of 51". */
  atMost(v: unknown[], max: number, path: string, what: string): void {
    if (v.length > max)
      fail(path, `at most ${max} ${what} (what a lab figure needs; split it into several)`, v);
  },
  /** An array (of at most `max` entries), as `arr` and `atMost` together. */
  capped(v: unknown, path: string, max: number, what: string, optional = false): unknown[] {
    const a = need.arr(v, path, optional);
    need.atMost(a, max, path, what);
    return a;
  },
  sameLength(a: unknown[], b: unknown[], pathA: string, pathB: string): void {
    if (a.length !== b.length) {
      throw new PayloadError(`${pathB}: expected as many entries as ${pathA} (${a.length}), got ${b.length}`);
    }
  },
};

/**
 * x and y number arrays of equal length.
 * @example
 * checkXY({ x: [0, 1], y: [1] }, "points"); // throws: points.y has 1 entry, points.x 2
 */
export function checkXY(v: unknown, path: string): void {
  const o = need.obj(v, path);
  need.nums(o.x, `${path}.x`);
  need.nums(o.y, `${path}.y`);
  need.atMost(o.x as unknown[], LIMITS.points, `${path}.x`, "points");
  need.sameLength(o.x as unknown[], o.y as unknown[], `${path}.x`, `${path}.y`);
}

/**
 * At most LIMITS.markers points drawn as markers over the figure, counting the given x arrays.
 * @example
 * checkMarkers([[0, 1], [2]], "series"); // fine: 3 markers
 */
export function checkMarkers(xs: unknown[][], path: string): void {
  const n = xs.reduce((sum, x) => sum + x.length, 0);
  if (n > LIMITS.markers)
    throw new PayloadError(
      `${path}: expected at most ${LIMITS.markers} points drawn as markers in one figure ` +
        `(what a lab figure needs; dl.figures thins them), got ${n}`,
    );
}

/**
 * A named series: name, x, y.
 * @example
 * checkSeries({ name: "loss", x: [1], y: [0.5] }, "series[0]");
 */
export function checkSeries(v: unknown, path: string): Record<string, unknown> {
  const o = need.obj(v, path);
  need.str(o.name, `${path}.name`);
  checkXY(o, path);
  return o;
}

/**
 * A grid: z has one row per y and one column per x.
 * @example
 * checkGrid({ x: [0, 1], y: [0], z: [[1, 2]] }, "grid");
 */
export function checkGrid(v: unknown, path: string): void {
  const g = need.obj(v, path);
  need.nums(g.x, `${path}.x`);
  need.nums(g.y, `${path}.y`);
  need.atMost(g.x as unknown[], LIMITS.gridSide, `${path}.x`, "grid points");
  need.atMost(g.y as unknown[], LIMITS.gridSide, `${path}.y`, "grid points");
  const z = need.arr(g.z, `${path}.z`);
  need.sameLength(g.y as unknown[], z, `${path}.y`, `${path}.z`);
  z.forEach((row, i) => {
    need.nums(row, `${path}.z[${i}]`);
    need.sameLength(g.x as unknown[], row as unknown[], `${path}.x`, `${path}.z[${i}]`);
  });
}
