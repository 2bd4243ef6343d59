// Checks a figure payload before anything draws it. Payloads come from notebooks people download,
// so every field is checked for type and size, and the first problem is reported by its path
// ("series[2].y[7]") with what was expected and what came. Pure: no DOM, no JupyterLab, no plotly.
import { FIGURE_KINDS, type FigureKind, type FigurePayload } from "dlab/dist/payload";
import { fail, need, PayloadError } from "./validate-fields";
import { KINDS } from "./kinds";
import { LIMITS } from "./limits";

export { PayloadError } from "./validate-fields";
export { LIMITS } from "./limits";

/**
 * Every figure kind this renderer draws: dlab's FIGURE_KINDS, the one list both sides share.
 * @example
 * KNOWN_KINDS.includes("surface"); // true
 */
export const KNOWN_KINDS: readonly string[] = FIGURE_KINDS;

/**
 * Most numbers one figure may carry (an image grid's 100k pixels, twice over); the caps in
 * {@link LIMITS} bound what is drawn, this bounds what is checked.
 * @example
 * parsePayload({ kind: "scatter", series: [{ name: "big", x: new Array(MAX_VALUES + 1).fill(0), y: [] }] }); // throws
 */
export const MAX_VALUES = 200_000;
/**
 * Deepest nesting accepted in a payload (raw plotly figures included).
 * @example
 * parsePayload({ kind: "plotly", data: [JSON.parse("[".repeat(MAX_DEPTH + 2) + "]".repeat(MAX_DEPTH + 2))] }); // throws
 */
export const MAX_DEPTH = 32;
/** Keys that could reach an object's prototype when merged: never accepted anywhere. */
const FORBIDDEN_KEYS = new Set(["__proto__", "constructor", "prototype"]);

/** Walks the raw value once: rejects prototype keys, deep nesting, non-finite and too many numbers or strings. */
function checkTree(root: unknown): void {
  let count = 0;
  let strings = 0;
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
    } else if (typeof v === "string") {
      if (v.length > LIMITS.stringLength) fail(path, `at most ${LIMITS.stringLength} characters`, v);
      if (++strings > LIMITS.strings)
        throw new PayloadError(
          `the payload holds more than ${LIMITS.strings} strings; a lab figure needs fewer`,
        );
    } else if (Array.isArray(v)) {
      if (v.length > MAX_VALUES) fail(path, `at most ${MAX_VALUES} entries`, v);
      // lists of objects or rows (series, markers, images, grid rows) are all capped far lower:
      // refuse a long one before walking it
      if (v.length > LIMITS.points && typeof v[0] === "object" && v[0] !== null)
        fail(path, `at most ${LIMITS.points} objects or rows (what a lab figure needs)`, v);
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
  if (typeof o.kind !== "string" || !KNOWN_KINDS.includes(o.kind)) {
    fail("kind", `one of ${KNOWN_KINDS.join(", ")}`, o.kind);
  }
  for (const f of ["title", "xLabel", "yLabel", "status"]) need.str(o[f], f, true);
  if (o.final !== undefined && typeof o.final !== "boolean") fail("final", "true or false", o.final);
  KINDS[o.kind as FigureKind].validate(o);
  return o as unknown as FigurePayload;
}
