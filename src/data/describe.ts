/**
 * Turn what a student passes as data (nested arrays, typed arrays, tensors) into one flat view
 * with a shape, reporting ragged rows and non-numbers with the path where they occur.
 */
import type * as tfTypes from "@tensorflow/tfjs";
import { DataError } from "./errors";

/** Flat numbers plus the shape they came in. */
export interface Described {
  shape: number[];
  values: ArrayLike<number>;
  dtype: string;
}

/** True for a tfjs tensor (checked structurally so no tfjs instance needs to be loaded here). */
export function isTensor(v: unknown): v is tfTypes.Tensor {
  return typeof v === "object" && v !== null && "dataId" in v && "shape" in v && "dtype" in v;
}

function isTypedArray(v: unknown): v is ArrayLike<number> {
  return ArrayBuffer.isView(v) && !(v instanceof DataView);
}

/** Shape of a rectangular nested array, following the first element at every depth. */
function guessShape(v: unknown): number[] {
  const shape: number[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur) || isTypedArray(cur)) {
    const arr = cur as ArrayLike<unknown>;
    shape.push(arr.length);
    if (arr.length === 0 || isTypedArray(cur)) break;
    cur = arr[0];
  }
  return shape;
}

/** Describe nested arrays synchronously; throws a DataError on ragged rows or non-numbers. */
export function describeArray(fn: string, arg: string, v: unknown): Described {
  if (!Array.isArray(v) && !isTypedArray(v)) {
    throw new DataError(fn, arg, "an array (or a tensor) of numbers", describeKind(v));
  }
  const shape = guessShape(v);
  const size = shape.reduce((a, b) => a * b, 1);
  const values = new Float64Array(size);
  let k = 0;
  // walk depth-first, checking every row has the shape of the first one
  const walk = (node: unknown, depth: number, path: number[]): void => {
    if (depth === shape.length) {
      if (typeof node !== "number" && typeof node !== "boolean") {
        const at = `${arg}${path.map((p) => `[${p}]`).join("")}`;
        throw new DataError(fn, arg, "numbers", `${describeKind(node)} at ${at}`, path[0] ?? null);
      }
      values[k++] = Number(node);
      return;
    }
    const ok = Array.isArray(node) || isTypedArray(node);
    const arr = node as ArrayLike<unknown>;
    if (!ok || arr.length !== shape[depth]) {
      const at = `${arg}${path.map((p) => `[${p}]`).join("")}`;
      const got = ok ? `length ${arr.length} at ${at}` : `${describeKind(node)} at ${at}`;
      const want = `every ${depth === 1 ? "sample" : "row"} to have length ${shape[depth]} (like ${arg}${"[0]".repeat(depth)})`;
      throw new DataError(fn, arg, want, got, path[0] ?? null, "All samples must have the same shape.");
    }
    for (let i = 0; i < arr.length; i++) walk(arr[i], depth + 1, [...path, i]);
  };
  walk(v, 0, []);
  return { shape, values, dtype: "float32" };
}

/** Describe any accepted input; tensors are read with `await data()` (works on every backend). */
export async function describe(fn: string, arg: string, v: unknown): Promise<Described> {
  if (isTensor(v)) {
    if (v.isDisposed) throw new DataError(fn, arg, "a live tensor", "a disposed tensor");
    if (v.dtype === "string" || v.dtype === "complex64") {
      throw new DataError(fn, arg, "a tensor of dtype float32, int32 or bool", `dtype ${v.dtype}`);
    }
    return { shape: v.shape.slice(), values: (await v.data()) as ArrayLike<number>, dtype: v.dtype };
  }
  return describeArray(fn, arg, v);
}

/** A short description of a value's kind for error messages ("string \"a\"", "null", "object"). */
export function describeKind(v: unknown): string {
  if (v === null) return "null";
  if (typeof v === "string") return `string ${JSON.stringify(v.length > 20 ? v.slice(0, 20) + "…" : v)}`;
  if (Array.isArray(v)) return `an array of length ${v.length}`;
  if (typeof v === "object") return `an object (${(v as object).constructor?.name ?? "Object"})`;
  return `${typeof v} ${String(v)}`;
}
