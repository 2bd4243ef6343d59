/**
 * Requests the kernel cannot serve as sent get an error reply (never silence): the reply's
 * `ename`/`evalue` say which field was wrong, what was expected and what came. The field readers
 * here check a request's content and throw {@link RequestError}; `Kernel.dispatch` turns any
 * throw into the reply.
 */

/** A request refused because of what it contains; its name becomes the reply's `ename`. */
export class RequestError extends Error {
  /** @example throw new RequestError("TypeError", 'history_request: "n" must be an integer, got "3"') */
  constructor(ename: string, message: string) {
    super(message);
    this.name = ename;
  }
}

/** The content of an error reply. */
export interface ErrorContent {
  status: "error";
  ename: string;
  evalue: string;
  traceback: string[];
}

/**
 * Error-reply content for anything thrown while handling a request.
 * @example errorContent(new TypeError("x")) // → { status: "error", ename: "TypeError", evalue: "x", traceback: ["TypeError: x"] }
 */
export function errorContent(err: unknown): ErrorContent {
  const ename = err instanceof Error ? err.name : "Error";
  const evalue = err instanceof Error ? err.message : String(err);
  // The kernel's own stack goes to the kernel log, not to the client.
  return { status: "error", ename, evalue, traceback: [`${ename}: ${evalue}`] };
}

/**
 * The reply type of a request type: `history_request` → `history_reply`, `foo` → `foo_reply`.
 * @example replyType("kernel_info_request") // → "kernel_info_reply"
 */
export function replyType(msgType: string): string {
  return `${msgType.replace(/_request$/, "")}_reply`;
}

/**
 * The error for a message type this kernel does not handle on that channel.
 * @example unknownRequest("debug_request", "control").message
 */
export function unknownRequest(msgType: string, channel: string): RequestError {
  return new RequestError(
    "NotImplementedError",
    `the dlab kernel does not handle "${msgType}" messages on the ${channel} channel`,
  );
}

/** A short description of a received value, for "got …" in error messages. */
export function describeValue(v: unknown): string {
  if (v === null) return "null";
  if (Array.isArray(v)) return `an array of ${v.length}`;
  if (typeof v === "object") return "an object";
  const text = JSON.stringify(v) ?? String(v);
  return `${text.length > 40 ? `${text.slice(0, 40)}…` : text} (${typeof v})`;
}

/** Reads checked fields of one request's content; errors name the request and the field. */
export class Fields {
  /** @example const f = new Fields("history_request", msg.content); f.int("n", 10) */
  constructor(
    private readonly request: string,
    private readonly content: Record<string, unknown>,
  ) {}

  /** An integer field; absent or null gives `fallback`. @example f.int("n", 10) */
  int<T extends number | null | undefined>(field: string, fallback: T): number | T {
    const v = this.content[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "number" || !Number.isInteger(v)) throw this.error(field, "an integer", v);
    return v;
  }

  /** A string field; absent or null gives `fallback`. @example f.string("pattern", "*") */
  string<T extends string | undefined>(field: string, fallback: T): string | T {
    const v = this.content[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "string") throw this.error(field, "a string", v);
    return v;
  }

  /** A boolean field; absent or null gives `fallback`. @example f.bool("unique", false) */
  bool(field: string, fallback: boolean): boolean {
    const v = this.content[field];
    if (v === undefined || v === null) return fallback;
    if (typeof v !== "boolean") throw this.error(field, "true or false", v);
    return v;
  }

  /** A string field that must be one of `choices`. @example f.oneOf("hist_access_type", ["tail", "range", "search"]) */
  oneOf<C extends string>(field: string, choices: readonly C[]): C {
    const v = this.content[field];
    if (typeof v !== "string" || !(choices as readonly string[]).includes(v)) {
      const expected = `one of ${choices.map((c) => `"${c}"`).join(", ")}`;
      throw this.error(field, expected, v, typeof v === "string" ? "ValueError" : "TypeError");
    }
    return v as C;
  }

  /** TypeError for a value of the wrong type, ValueError for a right type with a wrong value. */
  private error(field: string, expected: string, got: unknown, ename = "TypeError"): RequestError {
    const what = got === undefined ? "nothing" : describeValue(got);
    return new RequestError(ename, `${this.request}: "${field}" must be ${expected}, got ${what}`);
  }
}
