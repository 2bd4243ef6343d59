// Malformed and hostile payloads shared by the validation and widget tests: each with a fragment
// of the message a reader must see.
import { MAX_VALUES } from "../../extension/src/validate";

/** A one-series scatter payload with the given y values. */
export const series = (y: unknown[]) => ({
  kind: "scatter",
  series: [{ name: "s", x: y.map((_, i) => i), y }],
});

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
    new RegExp(
      `series\\[0\\]\\.y: expected at most ${MAX_VALUES} entries, got an array of ${MAX_VALUES + 1}`,
    ),
  ],
  [
    "huge in total",
    {
      kind: "scatter",
      series: [0, 1].map(() => ({ name: "s", x: new Array(60_000).fill(0), y: new Array(60_000).fill(0) })),
    },
    new RegExp(`more than ${MAX_VALUES.toLocaleString("en")} numbers`),
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
