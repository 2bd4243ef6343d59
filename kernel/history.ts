/**
 * In-memory input history of this kernel session, for `history_request`, answered the way
 * ipykernel's (IPython's HistoryManager) answers: `tail`, `range` and `search` (SQLite GLOB
 * patterns, `unique`, `n`), with the text/plain of each cell's result as its output. Fields of the
 * wrong type are refused with a {@link RequestError} naming the field.
 */
import { Fields, RequestError } from "./request-error";

/** One stored cell. */
interface Entry {
  line: number;
  input: string;
  output: string | null;
}

/** A checked history_request. */
export type HistoryQuery =
  | { kind: "tail"; output: boolean; n: number }
  | { kind: "range"; output: boolean; session: number; start: number; stop: number | null }
  | { kind: "search"; output: boolean; pattern: string; n: number | null; unique: boolean };

/** One reply row: `[session, line, input]`, or `[session, line, [input, output]]` with output. */
export type HistoryRow = [number, number, string | [string, string | null]];

/** This kernel's session number in history replies (one session per kernel process). */
export const HISTORY_SESSION = 1;

/** What a `tail` without `n` returns, as IPython's get_tail. */
export const DEFAULT_TAIL = 10;

/**
 * Check a history_request's content. `raw` is accepted and changes nothing: the input stored is
 * what was typed (TypeScript cells are not transformed as IPython's are).
 * @example parseHistoryRequest({ hist_access_type: "tail", n: 3 }) // → { kind: "tail", n: 3, output: false }
 */
export function parseHistoryRequest(content: Record<string, unknown>): HistoryQuery {
  const f = new Fields("history_request", content);
  const kind = f.oneOf("hist_access_type", ["tail", "range", "search"] as const);
  const output = f.bool("output", false);
  f.bool("raw", true);
  switch (kind) {
    case "tail":
      return { kind, output, n: nonNegative(f.int("n", DEFAULT_TAIL)) };
    case "range":
      return {
        kind,
        output,
        session: f.int("session", 0),
        start: f.int("start", 0),
        stop: f.int("stop", null),
      };
    case "search": {
      const n = f.int("n", null);
      return {
        kind,
        output,
        pattern: f.string("pattern", "*"),
        n: n === null ? null : nonNegative(n),
        unique: f.bool("unique", false),
      };
    }
  }
}

// IPython passes n to SQLite's LIMIT, where a negative number means "no limit" (and tail then
// drops rows in a way nobody relies on); refusing it is clearer.
function nonNegative(n: number): number {
  if (n < 0) throw new RequestError("ValueError", `history_request: "n" must be an integer ≥ 0, got ${n}`);
  return n;
}

/** Inputs of cells run with store_history, by execution count. */
export class History {
  private readonly entries: Entry[] = [];

  /** Store a cell's input under its execution count. @example history.add(1, "1 + 1") */
  add(line: number, input: string): void {
    this.entries.push({ line, input, output: null });
  }

  /** Attach the text/plain result to the cell with that count. @example history.setOutput(1, "2") */
  setOutput(line: number, output: string): void {
    const e = this.entries.find((x) => x.line === line);
    if (e) e.output = output;
  }

  /**
   * Answer a history_request's content; throws a RequestError for a bad field.
   * @example history.query({ hist_access_type: "tail", n: 2 }) // → [[1, 4, "a"], [1, 5, "b"]]
   */
  query(content: Record<string, unknown>): HistoryRow[] {
    const q = parseHistoryRequest(content);
    const rows = q.kind === "tail" ? this.tail(q.n) : q.kind === "range" ? this.range(q) : this.search(q);
    return rows.map((e) => [HISTORY_SESSION, e.line, q.output ? [e.input, e.output] : e.input]);
  }

  /** The last n cells, oldest first. */
  private tail(n: number): Entry[] {
    return n === 0 ? [] : this.entries.slice(-n);
  }

  /**
   * Lines start ≤ line < stop of a session. As in IPython: session ≤ 0 counts back from this one
   * (0 is this session; earlier ones are not kept here); a negative start or stop counts back
   * from the end; a stop of 0, null or past the end means "to the end".
   */
  private range(q: { session: number; start: number; stop: number | null }): Entry[] {
    const session = q.session <= 0 ? q.session + HISTORY_SESSION : q.session;
    if (session !== HISTORY_SESSION) return [];
    const end = (this.entries.at(-1)?.line ?? 0) + 1; // IPython's len(input_hist)
    const start = q.start < 0 ? q.start + end : q.start;
    const stop = !q.stop || q.stop > end ? end : q.stop < 0 ? q.stop + end : q.stop;
    return this.entries.filter((e) => e.line >= start && e.line < stop);
  }

  /**
   * Cells whose input matches the glob, oldest first. `unique` keeps each input once, at its
   * latest run; `n` keeps the last n (IPython: GROUP BY input, ORDER BY line DESC LIMIT n, reversed).
   */
  private search(q: { pattern: string; n: number | null; unique: boolean }): Entry[] {
    const re = globToRegExp(q.pattern);
    let rows = this.entries.filter((e) => re.test(e.input));
    if (q.unique) {
      const latest = new Map<string, Entry>();
      for (const e of rows) latest.set(e.input, e);
      rows = [...latest.values()].sort((a, b) => a.line - b.line);
    }
    return q.n === null ? rows : q.n === 0 ? [] : rows.slice(-q.n);
  }
}

/**
 * An SQLite GLOB pattern as a whole-string RegExp: `*` any text, `?` one character, `[abc]`,
 * `[a-z]`, `[^…]` one character of a set (`]` first in a set is literal, so JupyterLab's escapes
 * `[*]`, `[?]`, `[[]` work); case-sensitive; an unclosed `[` matches nothing, as in SQLite.
 * @example globToRegExp("a*").test("abc") // → true
 */
export function globToRegExp(glob: string): RegExp {
  const chars = [...glob];
  let body = "";
  for (let i = 0; i < chars.length; i++) {
    const ch = chars[i];
    if (ch === "*") body += "[\\s\\S]*";
    else if (ch === "?") body += "[\\s\\S]";
    else if (ch === "[") {
      const set = readSet(chars, i);
      if (!set) return /(?!)/;
      body += set.regexp;
      i = set.end;
    } else body += escapeChar(ch);
  }
  return new RegExp(`^${body}$`, "u");
}

/** The `[…]` set starting at `chars[open]`: its RegExp and the index of its `]`, or null if unclosed. */
function readSet(chars: string[], open: number): { regexp: string; end: number } | null {
  let i = open + 1;
  const negate = chars[i] === "^";
  if (negate) i++;
  const members: string[] = [];
  // A `]` right after `[` or `[^` is a member, not the end.
  if (chars[i] === "]") members.push(chars[i++]);
  while (i < chars.length && chars[i] !== "]") members.push(chars[i++]);
  if (i >= chars.length) return null;
  let cls = "";
  for (let k = 0; k < members.length; k++) {
    const lo = members[k];
    if (members[k + 1] === "-" && k + 2 < members.length) {
      const hi = members[k + 2];
      // A range written backwards matches nothing (SQLite), so it adds nothing to the set.
      if (lo.codePointAt(0)! <= hi.codePointAt(0)!) cls += `${escapeInSet(lo)}-${escapeInSet(hi)}`;
      k += 2;
    } else cls += escapeInSet(lo);
  }
  // Empty only when every member was a backwards range: the set matches nothing, its negation anything.
  const regexp = cls === "" ? (negate ? "[\\s\\S]" : "(?!)") : `[${negate ? "^" : ""}${cls}]`;
  return { regexp, end: i };
}

function escapeChar(ch: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(ch) ? `\\${ch}` : ch;
}

function escapeInSet(ch: string): string {
  return /[\\\]^[-]/.test(ch) ? `\\${ch}` : ch;
}
