/**
 * Lossless JSON for editing notebooks in place: numbers, strings and literals keep their exact
 * source text, so writing a notebook back changes only what was edited. (`JSON.parse` would turn
 * Python's `1.0` into `1` and `1e-05` into `0.00001`, rewriting every payload that Jupyter saved.)
 * Written back the way Jupyter writes notebooks: one-space indent, `": "`, trailing newline.
 *
 * @example
 * import { parseRaw, rawJupyterText } from "./raw-json";
 * rawJupyterText(parseRaw('{"a": 1.0}')); // '{\n "a": 1.0\n}\n'
 */

/** A JSON value with its scalars kept as source text. */
export type RawValue = RawScalar | RawValue[] | RawObject;
/** A number, string, true, false or null, exactly as written. */
export interface RawScalar {
  raw: string;
}
/** An object: its keys (as parsed strings) in their written order. */
export interface RawObject {
  entries: RawEntry[];
}
/** One member of an object: its key, its value, and the key as written (absent for added keys). */
export type RawEntry = [key: string, value: RawValue, rawKey?: string];

/** True for an object node. */
export function isRawObject(v: RawValue | undefined): v is RawObject {
  return v !== undefined && !Array.isArray(v) && "entries" in v;
}

/** The value under `key` of an object node (undefined when absent or not an object). */
export function rawGet(v: RawValue | undefined, key: string): RawValue | undefined {
  return isRawObject(v) ? v.entries.find(([k]) => k === key)?.[1] : undefined;
}

/** A node for a plain JavaScript value (serialised by JSON.stringify). */
export function rawFrom(value: unknown): RawValue {
  return parseRaw(JSON.stringify(value));
}

/** The plain JavaScript value of a node. */
export function rawToValue(v: RawValue): unknown {
  if (Array.isArray(v)) return v.map(rawToValue);
  if (isRawObject(v)) {
    const o: Record<string, unknown> = {};
    for (const [k, x] of v.entries) Object.defineProperty(o, k, { value: rawToValue(x), enumerable: true });
    return o;
  }
  return JSON.parse(v.raw) as unknown;
}

const SCALAR =
  // eslint-disable-next-line no-control-regex -- JSON forbids raw control characters in strings
  /"(?:[^"\\\u0000-\u001f]|\\["\\/bfnrt]|\\u[0-9a-fA-F]{4})*"|-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;

/** A recursive-descent reader over one text; `i` is the offset of the next character. */
class Reader {
  i = 0;
  constructor(private readonly text: string) {}

  fail(what: string): never {
    const got = JSON.stringify(this.text.slice(this.i, this.i + 12));
    throw new SyntaxError(`expected ${what} at offset ${this.i}, got ${got}`);
  }

  /** Skip white space and return the next character (without consuming it). */
  peek(): string {
    while (this.i < this.text.length && " \t\n\r".includes(this.text[this.i])) this.i++;
    return this.text[this.i] ?? "";
  }

  expect(c: string): void {
    if (this.peek() !== c) this.fail(JSON.stringify(c));
    this.i++;
  }

  value(): RawValue {
    const c = this.peek();
    if (c === "{") return this.object();
    if (c === "[") return this.array();
    SCALAR.lastIndex = this.i;
    const m = SCALAR.exec(this.text);
    if (!m) return this.fail("a JSON value");
    this.i += m[0].length;
    return { raw: m[0] };
  }

  /** The items of `{…}` or `[…]`, each read by `item`, separated by commas. */
  list(open: string, close: string, item: () => void): void {
    this.expect(open);
    if (this.peek() === close) return void this.i++;
    for (;;) {
      item();
      if (this.peek() === close) return void this.i++;
      this.expect(",");
    }
  }

  object(): RawObject {
    const entries: RawEntry[] = [];
    this.list("{", "}", () => {
      const key = this.value();
      if (!("raw" in key) || !key.raw.startsWith('"')) this.fail("a string key");
      this.expect(":");
      const raw = (key as RawScalar).raw;
      entries.push([JSON.parse(raw) as string, this.value(), raw]);
    });
    return { entries };
  }

  array(): RawValue[] {
    const items: RawValue[] = [];
    this.list("[", "]", () => items.push(this.value()));
    return items;
  }
}

/** Parse JSON text; throws a SyntaxError with the offset of the first mistake. */
export function parseRaw(text: string): RawValue {
  const reader = new Reader(text);
  const result = reader.value();
  if (reader.peek() !== "") reader.fail("the end of the text");
  return result;
}

/** Serialise with `indent` spaces per level, as Python's `json.dumps(indent=…)` does. */
export function rawStringify(v: RawValue, indent = 1, depth = 0): string {
  const pad = " ".repeat(indent * (depth + 1));
  const close = " ".repeat(indent * depth);
  if (Array.isArray(v)) {
    if (v.length === 0) return "[]";
    return `[\n${v.map((x) => pad + rawStringify(x, indent, depth + 1)).join(",\n")}\n${close}]`;
  }
  if (isRawObject(v)) {
    if (v.entries.length === 0) return "{}";
    const items = v.entries.map(
      ([k, x, rk]) => `${pad}${rk ?? JSON.stringify(k)}: ${rawStringify(x, indent, depth + 1)}`,
    );
    return `{\n${items.join(",\n")}\n${close}}`;
  }
  return v.raw;
}

/** A notebook's file text as Jupyter writes it: indent 1 and a trailing newline. */
export function rawJupyterText(v: RawValue): string {
  return rawStringify(v, 1) + "\n";
}
