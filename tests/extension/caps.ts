// Figure payloads at the validator's caps (the heaviest a lab figure may be) and just over them,
// one per kind, shared by the Node tests of the validator and the browser test that times updates.
import { LIMITS } from "../../extension/src/limits";

/** n numbers from a seeded sine, so payloads are the same on every run. */
const wave = (n: number, phase = 0) => Array.from({ length: n }, (_, i) => Math.sin(i / 7 + phase));
const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const grid = (side: number) => ({
  x: range(side),
  y: range(side),
  z: range(side).map((i) => wave(side, i / 10)),
});
/** Points per trace at the caps: what dl.figures keeps of a trace. */
const POINTS = LIMITS.points;
/** Points drawn as markers in one figure at the caps. */
const MARKERS = LIMITS.markers;

/** One payload per kind, each at every cap that applies to it. */
export const AT_CAPS: Record<string, Record<string, unknown>> = {
  "decision-boundary": {
    kind: "decision-boundary",
    title: "at the caps",
    grid: grid(LIMITS.gridSide),
    points: {
      x: wave(MARKERS),
      y: wave(MARKERS, 1),
      label: range(MARKERS).map((i) => i % LIMITS.classes),
    },
    classes: range(LIMITS.classes).map((i) => `class ${i}`),
    lines: range(LIMITS.traces).map((i) => ({ name: `line ${i}`, x: [-1, 1], y: [i / 50, -i / 50] })),
    highlight: { x: [0], y: [0] },
  },
  history: {
    kind: "history",
    // every series and point a history may hold: batch traces (smoothed, so drawn twice), epoch
    // lines, and earlier runs as ghosts
    series: range(LIMITS.historySeries).map((i) => ({
      name: `s${i}`,
      metric: `metric ${i % LIMITS.panels}`,
      split: ["train", "validation", "test"][i % 3],
      step: i % 2 ? "batch" : "epoch",
      ...(i >= LIMITS.historySeries / 2 ? { run: `run ${i % 3}` } : {}),
      x: range(LIMITS.historyPoints / LIMITS.historySeries),
      y: wave(LIMITS.historyPoints / LIMITS.historySeries, i),
    })),
    smoothing: 0.6,
    ghosts: ["run 0", "run 1"],
    markers: range(Math.min(LIMITS.shapes, LIMITS.annotations)).map((i) => ({ x: i * 20, label: `m${i}` })),
  },
  surface: {
    kind: "surface",
    grid: grid(LIMITS.gridSide),
    trajectories: range(LIMITS.traces).map((i) => ({
      name: `t${i}`,
      x: wave(POINTS, i),
      y: wave(POINTS, i + 1),
    })),
    minima: range(LIMITS.annotations).map((i) => ({
      x: i % LIMITS.gridSide,
      y: (i * 7) % LIMITS.gridSide,
      label: `min ${i}`,
    })),
  },
  "curve-fit": {
    kind: "curve-fit",
    points: { x: range(MARKERS / 2), y: wave(MARKERS / 2) },
    validation: { x: range(MARKERS / 2), y: wave(MARKERS / 2, 1) },
    truth: { name: "truth", x: range(POINTS), y: wave(POINTS, 2) },
    fits: range(LIMITS.traces).map((i) => ({ name: `fit ${i}`, x: range(POINTS), y: wave(POINTS, i) })),
  },
  scatter: {
    kind: "scatter",
    // one series of markers (all a figure may draw), the others lines
    series: range(LIMITS.traces).map((i) => ({
      name: `s${i}`,
      x: range(i === 0 ? MARKERS : POINTS),
      y: wave(i === 0 ? MARKERS : POINTS, i),
      mode: i === 0 ? "markers" : "lines",
    })),
  },
  activation: {
    kind: "activation",
    x: range(POINTS),
    curves: range(LIMITS.traces).map((i) => ({ name: `f${i}`, y: wave(POINTS, i), derivative: i % 2 === 1 })),
  },
  confusion: {
    kind: "confusion",
    labels: range(LIMITS.classes).map((i) => `c${i}`),
    matrix: range(LIMITS.classes).map((i) => range(LIMITS.classes).map((j) => (i === j ? 90 : (i + j) % 5))),
  },
  "image-grid": {
    kind: "image-grid",
    width: 28,
    height: 28,
    columns: 10,
    images: range(LIMITS.images).map((k) => ({
      pixels: range(28 * 28).map((p) => ((p + k) % 28) / 28),
      caption: k < LIMITS.annotations ? `${k % 10}` : undefined,
    })),
  },
  plotly: {
    kind: "plotly",
    data: range(LIMITS.traces).map((i) => ({
      type: "scatter",
      mode: i === 0 ? "markers" : "lines",
      x: range(i === 0 ? MARKERS : POINTS),
      y: wave(i === 0 ? MARKERS : POINTS, i),
    })),
    layout: {
      annotations: range(LIMITS.annotations).map((i) => ({ x: i, y: 0, text: `a${i}`, showarrow: false })),
      shapes: range(LIMITS.shapes).map((i) => ({ type: "line", x0: i, x1: i, y0: 0, y1: 1, yref: "paper" })),
    },
  },
};

/** Payloads one step over a cap, with the field the error must name; the first is the reported attack. */
export const OVER_CAPS: Array<[string, Record<string, unknown>, RegExp]> = [
  [
    "40k distinct labels (the 749 KB decision boundary)",
    {
      kind: "decision-boundary",
      points: { x: wave(40_000), y: wave(40_000, 1), label: range(40_000).map((i) => i + 0.5) },
    },
    new RegExp(`points\\.x: expected at most ${LIMITS.points} points`),
  ],
  [
    "a decision-boundary point too many",
    {
      kind: "decision-boundary",
      points: { x: wave(MARKERS + 1), y: wave(MARKERS + 1, 1), label: range(MARKERS + 1).map(() => 0) },
    },
    new RegExp(`points\\.x: expected at most ${MARKERS} points drawn as markers in one figure`),
  ],
  [
    "a scatter marker too many over two series",
    {
      kind: "scatter",
      series: [
        { name: "a", x: range(MARKERS), y: wave(MARKERS) },
        { name: "b", x: [0], y: [0], mode: "lines+markers" },
      ],
    },
    new RegExp(
      `series: expected at most ${MARKERS} points drawn as markers in one figure.*got ${MARKERS + 1}`,
    ),
  ],
  [
    "raw plotly bars past the marker count",
    { kind: "plotly", data: [{ type: "bar", x: range(MARKERS + 1), y: range(MARKERS + 1) }] },
    new RegExp(`data: expected at most ${MARKERS} points drawn as markers`),
  ],
  [
    "curve-fit samples past the marker count",
    {
      kind: "curve-fit",
      points: { x: range(MARKERS), y: wave(MARKERS) },
      validation: { x: [0], y: [0] },
      fits: [],
    },
    new RegExp(`points, validation: expected at most ${MARKERS} points drawn as markers`),
  ],
  [
    "a class too many",
    {
      kind: "decision-boundary",
      points: { x: wave(MARKERS), y: wave(MARKERS, 1), label: range(MARKERS).map((i) => i + 0.5) },
    },
    new RegExp(`points\\.label\\[${LIMITS.classes}\\]: expected at most ${LIMITS.classes} distinct classes`),
  ],
  [
    "one class name too many",
    {
      kind: "decision-boundary",
      points: { x: [], y: [], label: [] },
      classes: range(LIMITS.classes + 1).map(String),
    },
    new RegExp(
      `classes: expected at most ${LIMITS.classes} class names .*, got an array of ${LIMITS.classes + 1}`,
    ),
  ],
  [
    "a grid one point too wide",
    {
      kind: "surface",
      grid: { x: range(LIMITS.gridSide + 1), y: [0], z: [range(LIMITS.gridSide + 1)] },
      trajectories: [],
    },
    new RegExp(`grid\\.x: expected at most ${LIMITS.gridSide} grid points`),
  ],
  [
    "100k one-point scatter series",
    { kind: "scatter", series: range(100_000).map((i) => ({ name: "p", x: [i], y: [i] })) },
    new RegExp(`series: expected at most ${LIMITS.points} objects or rows .*got an array of 100000`),
  ],
  [
    "51 series",
    { kind: "scatter", series: range(LIMITS.traces + 1).map(() => ({ name: "s", x: [0], y: [0] })) },
    new RegExp(`series: expected at most ${LIMITS.traces} series .*got an array of ${LIMITS.traces + 1}`),
  ],
  [
    "one history series too many",
    {
      kind: "history",
      series: range(LIMITS.historySeries + 1).map(() => ({
        name: "s",
        metric: "loss",
        split: "train",
        x: [0],
        y: [0],
      })),
    },
    new RegExp(
      `series: expected at most ${LIMITS.historySeries} series .*got an array of ${LIMITS.historySeries + 1}`,
    ),
  ],
  [
    "history points over the figure's total",
    {
      kind: "history",
      series: range(LIMITS.historyPoints / LIMITS.points + 1).map(() => ({
        name: "s",
        metric: "loss",
        split: "train",
        x: range(LIMITS.points),
        y: range(LIMITS.points),
      })),
    },
    new RegExp(
      `series\\[${LIMITS.historyPoints / LIMITS.points}\\]: expected at most ${LIMITS.historyPoints} points over all series`,
    ),
  ],
  [
    "100k annotations in a raw plotly figure",
    {
      kind: "plotly",
      data: [],
      layout: { annotations: range(100_000).map((i) => ({ x: i, y: 0, text: "a", showarrow: false })) },
    },
    new RegExp(
      `layout\\.annotations: expected at most ${LIMITS.points} objects or rows .*got an array of 100000`,
    ),
  ],
  [
    "a series of 1001 points",
    { kind: "scatter", series: [{ name: "s", x: range(LIMITS.points + 1), y: range(LIMITS.points + 1) }] },
    new RegExp(`series\\[0\\]\\.x: expected at most ${LIMITS.points} points`),
  ],
  [
    "a raw plotly heatmap too large",
    { kind: "plotly", data: [{ type: "heatmap", z: range(LIMITS.gridSide + 1).map(() => [0]) }] },
    new RegExp(`data\\[0\\]\\.z: expected at most ${LIMITS.gridSide} grid rows`),
  ],
  [
    "a shape too many",
    { kind: "plotly", data: [], layout: { shapes: range(LIMITS.shapes + 1).map(() => ({ type: "line" })) } },
    new RegExp(`layout\\.shapes: expected at most ${LIMITS.shapes} shapes`),
  ],
  [
    "100k history markers",
    {
      kind: "history",
      series: [],
      markers: range(100_000).map((i) => ({ x: i, label: "m" })),
    },
    new RegExp(`markers: expected at most ${LIMITS.points} objects or rows .*got an array of 100000`),
  ],
  [
    "one image too many",
    {
      kind: "image-grid",
      width: 1,
      height: 1,
      images: range(LIMITS.images + 1).map(() => ({ pixels: [0], caption: "c" })),
    },
    new RegExp(`images: expected at most ${LIMITS.images} images`),
  ],
  [
    "a tiled image grid too large",
    { kind: "image-grid", width: 320, height: 320, images: [{ pixels: new Array(320 * 320).fill(0) }] },
    new RegExp(`images: expected at most ${LIMITS.tiledPixels} pixels once tiled`),
  ],
  [
    "9 metrics (panels)",
    {
      kind: "history",
      series: range(LIMITS.panels + 1).map((i) => ({
        name: "s",
        metric: `m${i}`,
        split: "train",
        x: [0],
        y: [0],
      })),
    },
    new RegExp(`series\\[${LIMITS.panels}\\]\\.metric: expected at most ${LIMITS.panels} metrics`),
  ],
  [
    "a 20k-character title",
    { kind: "scatter", title: "x".repeat(20_000), series: [] },
    /title: expected at most 10000 characters, got a string of 20000 characters/,
  ],
  [
    "a confusion class too many",
    {
      kind: "confusion",
      labels: range(LIMITS.classes + 1).map(String),
      matrix: range(LIMITS.classes + 1).map(() => range(LIMITS.classes + 1)),
    },
    new RegExp(`labels: expected at most ${LIMITS.classes} classes`),
  ],
];
