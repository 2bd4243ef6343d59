// dl.plot.graph / dl.figures.graphFigure: a computational graph as a raw plotly payload — node
// circles where they were placed, one arrow per edge between its nodes, the forward value above and
// the gradient below in their colours, checked by the extension's validator and figure builder.
import { afterEach, describe, expect, it } from "vitest";
import { figureToPlotly } from "../../extension/src/figure";
import { parsePayload } from "../../extension/src/validate";
import { BRIDGE_KEY, type KernelBridge, type MimeBundle } from "../../src/bridge";
import { ArgumentError } from "../../src/errors";
import { GRAD_COLOR, graphFigure, graphSummary, nodeSize, VALUE_COLOR } from "../../src/figures/graph";
import { FIGURE_MIME } from "../../src/payload";
import { plot } from "../../src/plot";

type Ann = Record<string, unknown> & { font?: { color: string } };

// the lab's two-weight chain at w₁ = 0.8, w₂ = −1.5, x = 2, y = 1
const nodes = [
  { id: "x", x: 0, y: 0.6 },
  { id: "w1", label: "w₁", x: 0, y: -0.6 },
  { id: "mul", label: "×", x: 1.2, y: 0 },
  { id: "sig", label: "σ", x: 2.4, y: 0 },
];
const z1 = 1.6;
const a1 = 1 / (1 + Math.exp(-z1));
const edges = [
  { from: "x", to: "mul", name: "x", value: 2, grad: 0.377 },
  { from: "w1", to: "mul", name: "w₁", value: 0.8 },
  { from: "mul", to: "sig", name: "z₁", value: z1, grad: -0.000023456 },
  { from: "sig", to: "mul", value: a1 },
];

describe("graphFigure", () => {
  const fig = graphFigure(nodes, edges, { title: "forward and backward" });
  const anns = fig.layout!.annotations as Ann[];
  const arrows = anns.filter((a) => a.showarrow);
  const labels = anns.filter((a) => !a.showarrow);

  it("draws every node where it was placed, labelled (the id when no label is given)", () => {
    expect(fig.kind).toBe("plotly");
    expect(fig.title).toBe("forward and backward");
    const circles = fig.data[0];
    expect(circles.mode).toBe("markers+text");
    expect(circles.x).toEqual([0, 0, 1.2, 2.4]);
    expect(circles.y).toEqual([0.6, -0.6, 0, 0]);
    expect(circles.text).toEqual(["x", "w₁", "×", "σ"]);
  });

  it("draws one arrow per edge, from its tail node to its head node", () => {
    expect(arrows).toHaveLength(edges.length);
    const [first, , , back] = arrows;
    expect([first.ax, first.ay, first.x, first.y]).toEqual([0, 0.6, 1.2, 0]);
    expect([back.ax, back.ay, back.x, back.y]).toEqual([2.4, 0, 1.2, 0]);
    for (const a of arrows) expect([a.xref, a.axref, a.yref, a.ayref]).toEqual(["x", "x", "y", "y"]);
    // the arrow stops at the circles' rims: each circle as wide as its label needs
    expect([first.startstandoff, first.standoff]).toEqual([nodeSize("x") / 2 + 1, nodeSize("×") / 2 + 1]);
    expect(fig.data[0].marker).toMatchObject({ size: [40, 40, 40, 40] });
    expect(nodeSize("½(ŷ−y)²")).toBeGreaterThan(55);
  });

  it("moves the labels of a slanted edge off the line, to opposite sides", () => {
    const on = (edge: number) =>
      labels.filter((a) => a.x === arrows[edge].x / 2 + (arrows[edge].ax as number) / 2);
    // x → × falls to the right: value up-right, gradient down-left; z₁ is horizontal: centred
    const [value, grad] = on(0);
    expect([value.xshift, grad.xshift]).toEqual([26, -26]);
    for (const a of on(2)) expect(a.xshift).toBe(0);
  });

  it("puts the value (named, 3 significant digits) above the edge and the gradient below, in two colours", () => {
    const above = labels.filter((a) => (a.yshift as number) > 0);
    const below = labels.filter((a) => (a.yshift as number) < 0);
    expect(above.map((a) => a.text)).toEqual(["x = 2", "w₁ = 0.8", "z₁ = 1.6", a1.toPrecision(3)]);
    expect(below.map((a) => a.text)).toEqual(["0.377", "−2.35e-5"]);
    for (const a of above) expect(a.font!.color).toBe(VALUE_COLOR);
    for (const a of below) expect(a.font!.color).toBe(GRAD_COLOR);
    // at the middle of its edge
    expect(above[2].x).toBeCloseTo(1.8, 12);
    expect(above[2].y).toBe(0);
    // the legend names the two colours
    expect(fig.data.slice(1).map((t) => [t.name, (t.line as { color: string }).color])).toEqual([
      ["forward value", VALUE_COLOR],
      ["gradient ∂J/∂(edge)", GRAD_COLOR],
    ]);
  });

  it("is a payload the extension accepts and turns into a plotly figure with hidden axes", () => {
    const spec = figureToPlotly(parsePayload(JSON.parse(JSON.stringify(fig))));
    expect(spec.data).toHaveLength(3);
    expect((spec.layout.xaxis as { visible: boolean }).visible).toBe(false);
    expect((spec.layout.annotations as unknown[]).length).toBe(anns.length);
  });

  it("names the edge and the ids when an edge points at a node that does not exist", () => {
    const bad = () => graphFigure(nodes, [{ from: "x", to: "tanh" }]);
    expect(bad).toThrow(ArgumentError);
    expect(bad).toThrow(/edges\[0\].*x, w1, mul, sig.*to "tanh"/);
    expect(() => graphFigure([...nodes, { id: "x", x: 3, y: 3 }], [])).toThrow(/nodes\[4\]\.id/);
    expect(() => graphFigure(nodes, [{ from: "x", to: "mul", grad: Number.NaN }])).toThrow(
      /edges\[0\]\.grad/,
    );
  });

  it("names the gradients in the legend only once some edge carries one (the forward pass alone: values only)", () => {
    const forward = graphFigure(
      nodes,
      edges.map(({ grad: _, ...e }) => e),
    );
    expect(forward.data.slice(1).map((t) => t.name)).toEqual(["forward value"]);
  });

  it("summarises the edges in one line", () => {
    expect(graphSummary(edges.slice(0, 1))).toBe("graph: x→mul x = 2 (∂ 0.377)");
  });
});

describe("dl.plot.graph", () => {
  const g = globalThis as Record<symbol, unknown>;
  afterEach(() => {
    delete g[BRIDGE_KEY];
  });
  it("shows the payload as a figure and returns its handle", () => {
    const sent: MimeBundle[] = [];
    g[BRIDGE_KEY] = {
      display: (d: MimeBundle) => sent.push(d),
      update: () => {},
      clearOutput: () => {},
      openComm: () => ({}),
      currentSignal: () => new AbortController().signal,
    } as unknown as KernelBridge;
    const fig = plot.graph(nodes, edges.slice(0, 2));
    expect(sent).toHaveLength(1);
    expect(sent[0][FIGURE_MIME]).toBe(fig.payload);
    expect(String(sent[0]["text/plain"])).toContain("graph: x→mul x = 2");
  });
});
