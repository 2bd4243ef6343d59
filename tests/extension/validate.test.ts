// Hostile and broken payloads: each must be refused with a message that names the field, what was
// expected and what came; strings that reach plotly must be inert.
import { describe, expect, it } from "vitest";
import { parsePayload, PayloadError, MAX_VALUES } from "../../extension/src/validate";
import { plainText, sanitizePlotly, MAX_TEXT } from "../../extension/src/sanitize";
import { figureToPlotly } from "../../extension/src/figure";

const series = (y: unknown[]) => ({ kind: "scatter", series: [{ name: "s", x: y.map((_, i) => i), y }] });

/** Malformed payloads and a fragment the error message must contain. */
export const MALFORMED: Array<[string, unknown, RegExp]> = [
  ["bad JSON", '{"kind": "scatter", ', /not valid JSON/],
  ["JSON NaN", '{"kind":"scatter","series":[{"name":"a","x":[0],"y":[NaN]}]}', /not valid JSON/],
  ["not an object", "[1, 2]", /the payload: expected an object, got an array of 2/],
  ["null", null, /expected an object, got null/],
  ["wrong kind", { kind: "pie-chart" }, /kind: expected one of history, .*plotly, got a string/],
  ["missing kind", { series: [] }, /kind: expected one of/],
  ["missing series", { kind: "history" }, /series: expected an array, got nothing/],
  [
    "missing y",
    { kind: "scatter", series: [{ name: "a", x: [1] }] },
    /series\[0\]\.y: expected an array of numbers/,
  ],
  ["string in numbers", series([1, "2"]), /series\[0\]\.y\[1\]: expected a number or null, got a string/],
  [
    "length mismatch",
    { kind: "scatter", series: [{ name: "a", x: [1, 2], y: [1] }] },
    /series\[0\]\.y: expected as many entries as series\[0\]\.x \(2\), got 1/,
  ],
  ["NaN", series([1, NaN]), /series\[0\]\.y\[1\]: expected a finite number \(use null for a gap\), got NaN/],
  ["Infinity", series([Infinity]), /series\[0\]\.y\[0\]: expected a finite number.*got Infinity/],
  [
    "__proto__ key",
    JSON.parse('{"kind":"scatter","series":[],"__proto__":{"polluted":1}}'),
    /the key "__proto__" is not allowed/,
  ],
  [
    "nested __proto__",
    JSON.parse('{"kind":"plotly","data":[{"marker":{"__proto__":{"x":1}}}]}'),
    /data\[0\]\.marker: the key "__proto__"/,
  ],
  [
    "constructor key",
    { kind: "plotly", data: [{ constructor: { prototype: {} } }] },
    /the key "constructor" is not allowed/,
  ],
  [
    "huge array",
    series(new Array(MAX_VALUES + 1).fill(0)),
    /series\[0\]\.y: expected at most 1000000 entries, got an array of 1000001/,
  ],
  [
    "huge in total",
    {
      kind: "scatter",
      series: [0, 1].map(() => ({ name: "s", x: new Array(300_000).fill(0), y: new Array(300_000).fill(0) })),
    },
    /more than 1,000,000 numbers/,
  ],
  [
    "deep nesting",
    { kind: "plotly", data: [JSON.parse("[".repeat(40) + "]".repeat(40))] },
    /nested deeper than 32/,
  ],
  [
    "bad split",
    { kind: "history", series: [{ name: "a", metric: "loss", split: "dev", x: [], y: [] }] },
    /series\[0\]\.split: expected "train", "validation" or "test"/,
  ],
  [
    "ragged grid",
    { kind: "surface", grid: { x: [0, 1], y: [0], z: [[1]] }, trajectories: [] },
    /grid\.z\[0\]: expected as many entries as grid\.x \(2\), got 1/,
  ],
  [
    "bad image size",
    { kind: "image-grid", width: 2, height: 2, images: [{ pixels: [1, 2, 3] }] },
    /images\[0\]\.pixels: expected width × height = 4 values, got an array of 3/,
  ],
  [
    "huge image",
    { kind: "image-grid", width: 5000, height: 1, images: [] },
    /width: expected an integer from 1 to 1024, got the number 5000/,
  ],
  [
    "confusion not square",
    { kind: "confusion", labels: ["a", "b"], matrix: [[1, 2]] },
    /matrix: expected as many entries as labels \(2\), got 1/,
  ],
  [
    "title not text",
    { kind: "scatter", series: [], title: { html: "<b>" } },
    /title: expected a string, got an object/,
  ],
  ["plotly data not array", { kind: "plotly", data: "<script>" }, /data: expected an array, got a string/],
];

describe("parsePayload refuses malformed payloads with a readable message", () => {
  it.each(MALFORMED)("%s", (_name, payload, message) => {
    expect(() => parsePayload(payload)).toThrow(PayloadError);
    expect(() => parsePayload(payload)).toThrow(message);
    expect(() => figureToPlotly(payload)).toThrow(message);
  });

  it("accepts null as a gap in number arrays", () => {
    expect(parsePayload(series([1, null, 3])).kind).toBe("scatter");
  });

  it("never lets a __proto__ key reach Object.prototype", () => {
    expect(() =>
      parsePayload(JSON.parse('{"__proto__":{"pwned":true},"kind":"scatter","series":[]}')),
    ).toThrow();
    expect(({} as any).pwned).toBeUndefined();
  });
});

describe("plainText", () => {
  it("escapes markup, MathJax and backslashes so plotly shows them as characters", () => {
    expect(plainText("<a href='javascript:alert(1)'>x</a>")).toBe(
      "&lt;a href='javascript:alert(1)'&gt;x&lt;/a&gt;",
    );
    expect(plainText("$\\href{javascript:alert(1)}{x}$")).toBe("&#36;&#92;href{javascript:alert(1)}{x}&#36;");
    expect(plainText("Tom & Jerry")).toBe("Tom &amp; Jerry");
    expect(plainText("&lt;")).toBe("&amp;lt;");
  });

  it("drops control characters and cuts long text", () => {
    expect(plainText("a\u0000b\u001bc\nd")).toBe("abc\nd");
    expect(plainText("x".repeat(MAX_TEXT + 10))).toHaveLength(MAX_TEXT + 1);
    expect(plainText(undefined)).toBe("");
  });
});

describe("sanitizePlotly", () => {
  it("drops link-like nested keys and unknown trace types, escapes nested strings", () => {
    const { data, layout, dropped } = sanitizePlotly(
      [
        {
          type: "scatter",
          marker: { color: "red", line: { width: 1 } },
          text: ["<b>1</b>"],
          xhoverformat: "x",
        },
        { type: "sankey" },
        { type: { not: "a string" } },
      ],
      {
        annotations: [{ text: "<a href='https://evil'>go</a>", href: "https://evil" }],
        font: { family: "<x>" },
      },
    );
    expect(data).toEqual([
      { type: "scatter", marker: { color: "red", line: { width: 1 } }, text: ["&lt;b&gt;1&lt;/b&gt;"] },
    ]);
    expect(dropped).toEqual(["sankey", "?"]);
    expect(layout.annotations).toEqual([{ text: "&lt;a href='https://evil'&gt;go&lt;/a&gt;" }]);
    expect(layout.font).toEqual({ family: "&lt;x&gt;" });
  });
});
