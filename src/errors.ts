/** The one error dlab throws for a bad argument: it names the function, the argument, what was expected and what came. */

/** Fields of an {@link ArgumentError}. */
export interface ArgumentErrorFields {
  /** The function called, as a student wrote it, e.g. "dl.train". */
  fn: string;
  /** The argument at fault, e.g. "opts.epochs" or "y". */
  argument: string;
  /** What was expected, in words. */
  expected: string;
  /** What came instead, in words. */
  got: string;
  /** What to try, one sentence (optional). */
  hint?: string;
}

/**
 * A mistake in an argument given to a dlab function. The message reads
 * `fn: argument "x": expected …, got ….  hint`; the fields let code (and tests) act on it.
 * @example
 * try { await dl.train(model, data, { epochs: -1 }); } catch (e) { if (e instanceof dl.ArgumentError) console.log(e.argument); }
 */
export class ArgumentError extends Error {
  /** The function called, e.g. "dl.train". */
  readonly fn: string;
  /** The argument at fault, e.g. "opts.epochs". */
  readonly argument: string;
  /** What was expected, in words. */
  readonly expected: string;
  /** What came instead, in words. */
  readonly got: string;
  /** What to try ("" when there is no hint). */
  readonly hint: string;

  constructor(fn: string, argument: string, expected: string, got: string, hint = "", where = "") {
    super(
      `${fn}: argument "${argument}": expected ${expected}, got ${got}${where}.${hint ? " " + hint : ""}`,
    );
    this.name = "ArgumentError";
    this.fn = fn;
    this.argument = argument;
    this.expected = expected;
    this.got = got;
    this.hint = hint;
  }
}

/**
 * A short description of a value for the "got" part of an error: `"abc"`, `3`, `an array of 4`, `undefined`, `a Tensor [2,3]`.
 * @example
 * describeValue([1, 2]); // "an array of 2"
 */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (v === undefined) return "undefined";
  if (typeof v === "string") return JSON.stringify(v.length > 40 ? v.slice(0, 40) + "…" : v);
  if (typeof v === "number" || typeof v === "boolean" || typeof v === "bigint") return String(v);
  if (typeof v === "function") return "a function";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (ArrayBuffer.isView(v))
    return `a ${v.constructor.name} of ${(v as unknown as ArrayLike<number>).length}`;
  const shape = (v as { shape?: unknown }).shape;
  if (Array.isArray(shape)) return `a tensor of shape [${shape.join(", ")}]`;
  return `an object (${
    Object.keys(v as object)
      .slice(0, 4)
      .join(", ") || "no fields"
  })`;
}
