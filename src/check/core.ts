/**
 * The machinery shared by every self-check: call the student's code safely, read numbers out of
 * whatever came back (one asynchronous path, `await t.data()`, that works on every backend),
 * compare with one tolerance rule, and report one line that never holds the answer.
 */
import * as tf from "@tensorflow/tfjs";
import { writeRecord } from "./record";

/** What a check says: right or not yet, with a hint. Printing it shows only the line. */
export interface CheckResult {
  /** True when the student's answer is right (within tolerance). */
  readonly ok: boolean;
  /** Which exercise. */
  readonly name: string;
  /** The line shown: "✔ name: right" or "✘ name: not yet — hint". Never holds the expected value. */
  readonly message: string;
}

/** A value read for comparison: flat numbers and a shape (null shape: a bare number). */
export interface Numbers {
  values: number[];
  shape: number[] | null;
}

// Inside a hidden check (check/hidden.ts) the checks it uses are its parts: not shown, not recorded.
let quiet = 0;

/**
 * Run `fn` with every check result it reports kept to itself (neither printed nor recorded).
 * @example
 * const parts = await quietly(() => dl.check.bce(bce));
 */
export async function quietly<T>(fn: () => T | Promise<T>): Promise<T> {
  quiet++;
  try {
    return await fn();
  } finally {
    quiet--;
  }
}

/**
 * Build the result, show its line (console output is what a notebook cell shows) and append it
 * to the check records (check/record.ts); `hidden` marks an instructor's hidden check.
 * @example
 * report("z", false, "apply σ"); // prints "✘ z: not yet — apply σ"
 */
export function report(name: string, ok: boolean, hint = "", print = true, hidden = false): CheckResult {
  const shownHint = hint || "compare with the formula in the lecture";
  const message = ok ? `✔ ${name}: right` : `✘ ${name}: not yet — ${shownHint}`;
  if (quiet === 0) {
    writeRecord(name, ok, { hidden, hint: ok ? undefined : shownHint });
    if (print) console.log(message);
  }
  // a notebook also shows the cell's last value: { ok, name } only, so the line is not repeated
  const result = { ok, name } as CheckResult;
  Object.defineProperty(result, "message", { value: message, enumerable: false });
  Object.defineProperty(result, "toString", { value: () => message, enumerable: false });
  // the kernel prints a last value with util.inspect: a mark only, the line above already says it
  Object.defineProperty(result, Symbol.for("nodejs.util.inspect.custom"), {
    value: () => (ok ? "✔" : "✘"),
    enumerable: false,
  });
  return result;
}

/**
 * Why a student's value could not be compared; the message becomes the hint.
 * @example
 * throw new NotYet("return an object { w, b }");
 */
export class NotYet extends Error {}

/**
 * The first line of an error's message, cut to 160 characters: enough for a hint, no stack.
 * @example
 * firstLine(new Error("shapes do not match\n  at …")); // "shapes do not match"
 */
export function firstLine(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).split("\n")[0].slice(0, 160);
}

/**
 * Call the student's function; a throw, a stub (undefined) or a promise that rejects becomes
 * NotYet with a hint instead of crashing the notebook. The tensors it makes on the way are freed
 * (those it returns are kept), as `tf.tidy` would.
 * @example
 * const out = await attempt("your update", () => studentFn(w, b));
 */
export async function attempt<T>(what: string, fn: () => T | Promise<T>): Promise<T> {
  let out: T;
  try {
    out = await tidyCall(fn);
  } catch (e) {
    if (e instanceof NotYet) throw e;
    throw new NotYet(`${what} threw an error: ${firstLine(e)}`);
  }
  if (out === undefined || out === null)
    throw new NotYet(
      `${what} returned ${String(out)}: is the stub filled in, and does it return its result?`,
    );
  return out;
}

const isThenable = (v: unknown): v is PromiseLike<unknown> =>
  typeof (v as { then?: unknown } | null)?.then === "function";

/** Run fn in a tidy scope: what it made and did not return is freed once it returns. */
function tidyCall<T>(fn: () => T | Promise<T>): T | Promise<T> {
  const engine = tf.engine();
  engine.startScope();
  let out: T | Promise<T> | undefined;
  try {
    out = fn();
    return out;
  } finally {
    // an async function runs on after this scope ends (a scope cannot span an await): its
    // tensors stay its own, so the code after its first await still finds them
    if (isThenable(out)) for (const t of engine.state.activeScope.track) tf.keep(t);
    engine.endScope(isThenable(out) ? undefined : (out as tf.TensorContainer));
  }
}

function shapeOf(v: unknown): number[] {
  const shape: number[] = [];
  let cur: unknown = v;
  while (Array.isArray(cur)) {
    shape.push(cur.length);
    cur = cur[0];
  }
  return shape;
}

/**
 * Read a number, array, typed array or tensor; tensors with `await t.data()`, which works on
 * every backend (WebGPU included).
 * @example
 * await numbers("your value", [[1, 2]]); // { values: [1, 2], shape: [1, 2] }
 */
export async function numbers(what: string, v: unknown): Promise<Numbers> {
  if (typeof v === "number") return { values: [v], shape: null };
  if (v instanceof tf.Tensor) {
    if (v.isDisposed)
      throw new NotYet(`${what} is a disposed tensor: return it before disposing (or outside tf.tidy)`);
    return { values: Array.from(await v.data()), shape: v.rank === 0 ? null : v.shape.slice() };
  }
  if (ArrayBuffer.isView(v))
    return {
      values: Array.from(v as unknown as ArrayLike<number>),
      shape: [(v as unknown as ArrayLike<number>).length],
    };
  if (Array.isArray(v)) {
    const flat = (v as unknown[]).flat(Infinity);
    if (flat.some((x) => x instanceof tf.Tensor))
      throw new NotYet(`${what} mixes arrays and tensors: return one tensor or plain numbers`);
    if (!flat.every((x) => typeof x === "number"))
      throw new NotYet(
        `${what} must hold numbers, got ${flat.map((x) => typeof x).find((t) => t !== "number")}`,
      );
    return { values: flat as number[], shape: shapeOf(v) };
  }
  throw new NotYet(`${what} must be a number, an array or a tensor, got ${typeof v}`);
}

/**
 * Call the student's function and read the one number it returns (a tensor it returned is freed).
 * @example
 * await num("your loss", () => bce([1], [0.9])); // 0.105…
 */
export async function num(what: string, fn: () => unknown): Promise<number> {
  const out = await attempt(what, fn);
  const n = await numbers(what, out);
  if (out instanceof tf.Tensor) out.dispose();
  if (n.values.length !== 1) throw new NotYet(`${what} should be one number, got ${n.values.length}`);
  return n.values[0];
}

/** Options of a tolerant comparison. */
export interface Tolerance {
  /** Relative tolerance. Defaults to 1e-5 (float32 results pass). */
  rtol?: number;
  /** Absolute tolerance. Defaults to 1e-7. */
  atol?: number;
}

/** Options every check accepts. */
export interface CheckOptions extends Tolerance {
  /** Print the line. Defaults to true. */
  print?: boolean;
}

/**
 * The tolerance a check compares with: the student's `opts` where given, else the check's defaults.
 * @example
 * tolerance({ rtol: 1e-3 }, 1e-6); // { rtol: 1e-3, atol: 1e-6 }
 */
export function tolerance(opts: Tolerance, rtol: number, atol = rtol): Required<Tolerance> {
  return { rtol: opts.rtol ?? rtol, atol: opts.atol ?? atol };
}

/** The tolerance for recognising a typical slip: the student's value is a wrong formula's value. */
export const SLIP: Required<Tolerance> = { rtol: 1e-6, atol: 1e-6 };

/**
 * The one tolerance rule: `got` is finite and |got − want| ≤ atol + rtol·|want|.
 * @example
 * within(0.7310586, 1 / (1 + Math.exp(-1))); // true
 */
export function within(got: number, want: number, tol: Tolerance = {}): boolean {
  const rtol = tol.rtol ?? 1e-5;
  const atol = tol.atol ?? 1e-7;
  return Number.isFinite(got) && Math.abs(got - want) <= atol + rtol * Math.abs(want);
}

/**
 * Compare got with expected; throws NotYet with a hint that names shapes but never values.
 * Shapes [n] and [n, 1] / [1, n] compare equal when `looseShape` (a column is still the numbers).
 * @example
 * compare("your value", { values: [1], shape: null }, { values: [1], shape: null }); // passes
 */
export function compare(
  what: string,
  got: Numbers,
  expected: Numbers,
  tol: Tolerance = {},
  looseShape = true,
): void {
  const bad = got.values.findIndex((v) => !Number.isFinite(v));
  if (bad >= 0)
    throw new NotYet(
      `${what} has ${String(got.values[bad])} at index ${bad}: look for a division by 0 or the log of 0`,
    );
  const sameShape = JSON.stringify(got.shape) === JSON.stringify(expected.shape);
  const squeeze = (s: number[] | null) => JSON.stringify((s ?? []).filter((d) => d !== 1));
  if (!sameShape && !(looseShape && squeeze(got.shape) === squeeze(expected.shape))) {
    const want = expected.shape === null ? "a single number" : `shape [${expected.shape.join(", ")}]`;
    const came = got.shape === null ? "a single number" : `shape [${got.shape.join(", ")}]`;
    throw new NotYet(`${what} should have ${want}, got ${came}`);
  }
  if (expected.values.some((want, i) => !within(got.values[i], want, tol))) throw new NotYet("");
}

/**
 * Run a check body: NotYet (or any surprise) becomes a "not yet" line with its hint; never a crash.
 * `fallbackHint` is used when the mismatch itself carries no hint.
 * @example
 * await run("my exercise", "look at the formula", async () => compare("x", got, want));
 */
export async function run(
  name: string,
  fallbackHint: string,
  body: () => Promise<void>,
  print = true,
): Promise<CheckResult> {
  try {
    await body();
    return report(name, true, "", print);
  } catch (e) {
    if (e instanceof NotYet) return report(name, false, e.message || fallbackHint, print);
    return report(name, false, `the check could not run your code: ${firstLine(e)}`, print);
  }
}
