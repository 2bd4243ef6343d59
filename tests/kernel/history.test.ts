// The kernel's history: SQLite GLOB patterns checked against SQLite itself (Python's sqlite3,
// the engine IPython's history search runs on), and the checks on history_request fields.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { globToRegExp, History, parseHistoryRequest } from "../../kernel/history";
import { errorContent, RequestError } from "../../kernel/request-error";
import { PYTHON } from "./driver";

const TEXTS = [
  "6 * 7",
  "6 ? 7",
  "'[x]'",
  "[x]",
  "a]b",
  "abc",
  "ABC",
  "a-c",
  "a^c",
  "😀x",
  "x\ny",
  "",
  "a.c",
  "a\\c",
  "b-",
];
const PATTERNS = [
  "*",
  "6 ? 7",
  "6 [*] 7",
  "6 [?] 7",
  "'[[]x]*",
  "[[]*",
  "[]]*",
  "a]b",
  "[a-c]bc",
  "[^a]*",
  "[^a-z]*",
  "a[-]c",
  "a[^-]c",
  "[z-a]*",
  "[^z-a]*",
  "a[b-]*",
  "[b-]",
  "6 [*",
  "?x",
  "??x",
  "x?y",
  "x*",
  "a.c",
  "a\\c",
  "a[\\]c",
  "A*",
  "[!a]*",
  "a[]]b",
  "[a-]",
  "*]",
  "[",
];

describe("globToRegExp", () => {
  it("matches exactly what SQLite's GLOB matches", () => {
    const py = `
import json, sqlite3, sys
texts, patterns = json.loads(sys.argv[1])
db = sqlite3.connect(":memory:")
print(json.dumps([[bool(db.execute("SELECT ? GLOB ?", (t, p)).fetchone()[0]) for t in texts] for p in patterns]))
`;
    const want: boolean[][] = JSON.parse(
      execFileSync(PYTHON, ["-c", py, JSON.stringify([TEXTS, PATTERNS])]).toString(),
    );
    const got = PATTERNS.map((p) => TEXTS.map((t) => globToRegExp(p).test(t)));
    const diffs = PATTERNS.flatMap((p, i) =>
      TEXTS.filter((_, j) => got[i][j] !== want[i][j]).map(
        (t) => `${JSON.stringify(p)} vs ${JSON.stringify(t)}`,
      ),
    );
    expect(diffs).toEqual([]);
    expect(want.flat().filter(Boolean).length).toBeGreaterThan(20); // the table exercises matches too
  });
});

describe("history_request fields", () => {
  const h = new History();
  ["a = 1", "6 * 7"].forEach((code, i) => h.add(i + 1, code));

  it("reads defaults as ipykernel does: tail n 10, range from line 0 to the end, search '*'", () => {
    expect(parseHistoryRequest({ hist_access_type: "tail" })).toEqual({ kind: "tail", output: false, n: 10 });
    expect(parseHistoryRequest({ hist_access_type: "range" })).toEqual({
      kind: "range",
      output: false,
      session: 0,
      start: 0,
      stop: null,
    });
    expect(parseHistoryRequest({ hist_access_type: "search", n: null })).toEqual({
      kind: "search",
      output: false,
      pattern: "*",
      n: null,
      unique: false,
    });
  });

  it("refuses a bad field with an error naming it, what was expected and what came", () => {
    const err = (c: Record<string, unknown>) => {
      try {
        h.query(c);
      } catch (e) {
        expect(e).toBeInstanceOf(RequestError);
        return errorContent(e);
      }
      throw new Error("no error");
    };
    expect(err({ hist_access_type: "search", pattern: 5 })).toEqual({
      status: "error",
      ename: "TypeError",
      evalue: 'history_request: "pattern" must be a string, got 5 (number)',
      traceback: ['TypeError: history_request: "pattern" must be a string, got 5 (number)'],
    });
    expect(err({ hist_access_type: "tail", n: "3" }).evalue).toBe(
      'history_request: "n" must be an integer, got "3" (string)',
    );
    expect(err({ hist_access_type: "range", start: [1] }).evalue).toBe(
      'history_request: "start" must be an integer, got an array of 1',
    );
    expect(err({ hist_access_type: "tail", output: "yes" }).evalue).toBe(
      'history_request: "output" must be true or false, got "yes" (string)',
    );
    expect(err({ hist_access_type: "search", n: -2 })).toMatchObject({
      ename: "ValueError",
      evalue: 'history_request: "n" must be an integer ≥ 0, got -2',
    });
    expect(err({ hist_access_type: "TAIL" })).toMatchObject({
      ename: "ValueError",
      evalue:
        'history_request: "hist_access_type" must be one of "tail", "range", "search", got "TAIL" (string)',
    });
  });
});
