// @vitest-environment jsdom
// The renderer widget in jsdom. plotly.js itself needs a real browser (SVG text metrics, canvas),
// so here it is injected through the widget's `loadPlotly` option as a recorder of the calls the
// widget makes; the browser tests (tests/integration/extension-*.test.ts) use the real plotly.js.
import { afterEach, describe, expect, it, vi } from "vitest";

// Lumino's drag-and-drop module expects DragEvent, which jsdom lacks; define it before imports run.
vi.hoisted(() => {
  (globalThis as any).DragEvent ??= class DragEvent extends MouseEvent {};
});
import { Widget } from "@lumino/widgets";
import { FigureWidget, type PlotlyApi } from "../../extension/src/widget";
import { LIGHT_THEME, DARK_THEME } from "../../extension/src/figure";
import { FIGURE_MIME } from "../../src/payload";
import { MALFORMED } from "./malformed";

function recorder() {
  const calls: {
    react: Array<{ div: HTMLElement; data: any[]; layout: any }>;
    purge: number;
    toImage: number;
    resize: number;
  } = {
    react: [],
    purge: 0,
    toImage: 0,
    images: [],
    resize: 0,
  };
  const api: PlotlyApi = {
    react: async (div, data, layout) => {
      calls.react.push({ div, data: data as any[], layout });
      div.setAttribute("data-drawn", String(calls.react.length));
    },
    purge: () => void calls.purge++,
    toImage: async (figure) => {
      calls.toImage++;
      calls.images.push(figure);
      return "data:image/png;base64,UE5H";
    },
    Plots: { resize: () => void calls.resize++ },
  };
  return { api, calls };
}

/** A minimal IMimeModel: the data bundle plus setData, as JupyterLab's output model has. */
function model(payload: unknown, extra: Record<string, unknown> = {}) {
  const m = {
    trusted: false,
    metadata: {},
    data: { [FIGURE_MIME]: payload, "text/plain": "a figure", ...extra } as Record<string, any>,
    setDataCalls: 0,
    setData(opts: { data?: Record<string, any> }) {
      m.setDataCalls++;
      if (opts.data) m.data = opts.data;
    },
  };
  return m;
}

const scatter = (n: number, final = false) => ({
  kind: "scatter",
  title: "live",
  final,
  series: [{ name: "loss", x: [...Array(n).keys()], y: [...Array(n).keys()].map((i) => 1 / (i + 1)) }],
});

function make(idleMs = 30, theme = LIGHT_THEME) {
  const rec = recorder();
  const w = new FigureWidget({} as any, { loadPlotly: async () => rec.api, theme: () => theme, idleMs });
  Widget.attach(w, document.body);
  return { w, ...rec };
}

const widgets: FigureWidget[] = [];
afterEach(() => widgets.splice(0).forEach((w) => w.dispose()));

describe("FigureWidget", () => {
  it("calls Plotly.react on every render and re-uses the same plot element", async () => {
    const { w, calls } = make();
    widgets.push(w);
    await w.renderModel(model(scatter(2)) as any);
    await w.renderModel(model(scatter(3)) as any);
    expect(calls.react).toHaveLength(2);
    expect(calls.react[0].div).toBe(calls.react[1].div);
    expect(w.node.querySelectorAll(".dlab-figure-plot")).toHaveLength(1);
    expect(calls.react[1].data[0].x).toEqual([0, 1, 2]);
    // the same payload again is drawn again too: JupyterLab decides when to render, not us
    await w.renderModel(model(scatter(3)) as any);
    expect(calls.react).toHaveLength(3);
  });

  it("draws a payload sent as JSON text the same as an object", async () => {
    const a = make();
    const b = make();
    widgets.push(a.w, b.w);
    await a.w.renderModel(model(scatter(4)) as any);
    await b.w.renderModel(model(JSON.stringify(scatter(4))) as any);
    expect(b.calls.react[0].data).toEqual(a.calls.react[0].data);
    expect(b.calls.react[0].layout).toEqual(a.calls.react[0].layout);
  });

  it("follows the theme it is given", async () => {
    const { w, calls } = make(30, DARK_THEME);
    widgets.push(w);
    await w.renderModel(model(scatter(1)) as any);
    expect(calls.react[0].layout.paper_bgcolor).toBe(DARK_THEME.background);
  });

  it.each(MALFORMED)("shows an error box for %s and never calls plotly", async (_name, payload, message) => {
    const { w, calls } = make();
    widgets.push(w);
    await expect(w.renderModel(model(payload) as any)).resolves.toBeUndefined();
    const box = w.node.querySelector(".dlab-figure-error") as HTMLElement;
    expect(box.hidden).toBe(false);
    expect(box.textContent).toContain("This dlab figure cannot be drawn");
    expect(box.textContent).toMatch(message);
    expect(calls.react).toHaveLength(0);
  });

  it("never hands markup from a payload to plotly or the error box", async () => {
    const { w, calls } = make();
    widgets.push(w);
    const img = "<img src=x onerror=alert(1)>";
    await w.renderModel(
      model({ kind: "scatter", title: img, series: [{ name: img, x: [0], y: [0] }] }) as any,
    );
    expect(calls.react[0].layout.title.text).toBe("&lt;img src=x onerror=alert(1)&gt;");
    expect(calls.react[0].data[0].name).toBe("&lt;img src=x onerror=alert(1)&gt;");
    await w.renderModel(model({ kind: img }) as any);
    const box = w.node.querySelector(".dlab-figure-error")!;
    expect([...box.querySelectorAll("*")].map((e) => e.tagName)).toEqual(["STRONG", "PRE"]);
    expect(box.textContent).toContain("got a string of 28 characters");
  });

  it("recovers from an error with the next good payload", async () => {
    const { w, calls } = make();
    widgets.push(w);
    await w.renderModel(model(scatter(1)) as any);
    await w.renderModel(model("{bad") as any);
    expect(calls.purge).toBe(1);
    await w.renderModel(model(scatter(2)) as any);
    expect((w.node.querySelector(".dlab-figure-plot") as HTMLElement).hidden).toBe(false);
    expect((w.node.querySelector(".dlab-figure-error") as HTMLElement).hidden).toBe(true);
    expect(calls.react).toHaveLength(2);
  });

  it("stores a PNG at once for a final figure, and only once", async () => {
    const { w, calls } = make();
    widgets.push(w);
    const m = model(scatter(3, true));
    await w.renderModel(m as any);
    await vi.waitFor(() => expect(m.setDataCalls).toBe(1));
    expect(m.data["image/png"]).toBe("UE5H");
    expect(m.data[FIGURE_MIME]).toEqual(scatter(3, true));
    // JupyterLab re-renders after setData: that must not store again (no loop)
    await w.renderModel(m as any);
    await new Promise((r) => setTimeout(r, 80));
    expect(m.setDataCalls).toBe(1);
    expect(calls.toImage).toBe(1);
  });

  it("stores the PNG in the light theme even when the page is dark", async () => {
    const { w, calls } = make(30, DARK_THEME);
    widgets.push(w);
    const m = model(scatter(3, true));
    await w.renderModel(m as any);
    await vi.waitFor(() => expect(m.setDataCalls).toBe(1));
    expect(calls.react[0].layout.paper_bgcolor).toBe(DARK_THEME.background);
    expect(calls.images[0].layout.paper_bgcolor).toBe(LIGHT_THEME.background);
    expect(calls.images[0].data[0].x).toEqual([0, 1, 2]);
  });

  it("stores a PNG of a live figure only after it has been idle", async () => {
    const { w, calls } = make(60);
    widgets.push(w);
    let last = model(scatter(1));
    for (let i = 1; i <= 8; i++) {
      last = model(scatter(i));
      await w.renderModel(last as any);
      await new Promise((r) => setTimeout(r, 10));
    }
    expect(calls.toImage).toBe(0);
    await vi.waitFor(() => expect(last.setDataCalls).toBe(1));
    expect(calls.toImage).toBe(1);
    expect(calls.react.at(-1)!.data[0].x).toHaveLength(8);
  });

  it("leaves an output that already holds a PNG alone (a saved notebook opened again)", async () => {
    const { w, calls } = make(10);
    widgets.push(w);
    const m = model(scatter(2, true), { "image/png": "T0xE" });
    await w.renderModel(m as any);
    await new Promise((r) => setTimeout(r, 50));
    expect(calls.toImage).toBe(0);
    expect(m.setDataCalls).toBe(0);
  });

  it("draws only the newest payload when updates arrive faster than plotly draws", async () => {
    const { w, calls } = make();
    widgets.push(w);
    const renders = [1, 2, 3, 4, 5].map((n) => w.renderModel(model(scatter(n)) as any));
    await Promise.all(renders);
    expect(calls.react.length).toBeLessThan(5);
    expect(calls.react.at(-1)!.data[0].x).toHaveLength(5);
  });

  it("purges the plot on dispose", async () => {
    const { w, calls } = make();
    await w.renderModel(model(scatter(2)) as any);
    w.dispose();
    expect(calls.purge).toBe(1);
  });
});

describe("FigureWidget: the controls bar", () => {
  const history = (extra: Record<string, unknown> = {}) => ({
    kind: "history",
    series: [
      { name: "loss (batch)", metric: "loss", split: "train", step: "batch", x: [0.5, 1], y: [1, 0.5] },
      { name: "loss", metric: "loss", split: "train", step: "epoch", x: [1], y: [0.7] },
      { name: "acc", metric: "acc", split: "train", step: "epoch", x: [1], y: [0.6] },
    ],
    ...extra,
  });
  const bar = (w: FigureWidget) => w.node.querySelector(".dlab-figure-controls") as HTMLElement;
  const input = (w: FigureWidget, cls: string) => w.node.querySelector(`.${cls} input`) as HTMLInputElement;

  it("history: log and smoothing redraw with the new view; untouched controls follow the payload", async () => {
    const { w, calls } = make();
    widgets.push(w);
    await w.renderModel(model(history({ logY: true })) as any);
    expect(bar(w).hidden).toBe(false);
    expect(input(w, "dlab-figure-log").checked).toBe(true);
    expect(input(w, "dlab-figure-ghosts").closest("label")!.hidden).toBe(true); // no earlier runs
    input(w, "dlab-figure-log").click(); // off
    await w.redraw();
    expect(calls.react.at(-1)!.layout.yaxis.type).toBeUndefined();
    const s = input(w, "dlab-figure-smoothing");
    s.value = "0.5";
    s.dispatchEvent(new Event("input"));
    await w.redraw();
    expect(calls.react.at(-1)!.data.map((t: any) => t.name)).toContain("loss (batch) smoothed 0.5");
    // a live update keeps what the person chose
    await w.renderModel(model(history({ logY: true })) as any);
    expect(calls.react.at(-1)!.layout.yaxis.type).toBeUndefined();
    expect(calls.react.at(-1)!.data).toHaveLength(4);
  });

  it("other kinds show only the downloads; a figure that cannot be drawn shows no bar", async () => {
    const { w } = make();
    widgets.push(w);
    await w.renderModel(model(scatter(3)) as any);
    expect(input(w, "dlab-figure-log").closest("label")!.hidden).toBe(true);
    expect(bar(w).querySelectorAll("button")).toHaveLength(3);
    await w.renderModel(model({ kind: "pie" }) as any);
    expect(bar(w).hidden).toBe(true);
  });

  it("downloads the picture as the person sees it, and the data as CSV", async () => {
    const { w, calls } = make();
    widgets.push(w);
    const saved: Array<{ href: string; name: string }> = [];
    const click = vi.spyOn(HTMLAnchorElement.prototype, "click").mockImplementation(function (
      this: HTMLAnchorElement,
    ) {
      saved.push({ href: this.href, name: this.download });
    });
    (URL as any).createObjectURL ??= () => "blob:csv";
    (URL as any).revokeObjectURL ??= () => {};
    await w.renderModel(model(history({ title: "my run" })) as any);
    input(w, "dlab-figure-log").click();
    await w.download("svg");
    expect((calls.images.at(-1) as any).layout.yaxis.type).toBe("log");
    await w.download("csv");
    expect(saved.map((s) => s.name)).toEqual(["my-run.svg", "my-run.csv"]);
    click.mockRestore();
  });
});
