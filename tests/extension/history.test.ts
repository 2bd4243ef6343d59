// The history kind drawn with the JupyterLab controls' view (log axis, smoothing, earlier runs),
// and the CSV a figure downloads. Expected values are written out from the payload by hand.
import { describe, expect, it } from "vitest";
import { figureToPlotly, LIGHT_THEME, COLORWAY, parsePayload } from "../../extension/src/figure";
import { figureCsv, fileName } from "../../extension/src/csv";
import type { FigurePayload, HistoryFigure } from "../../src/payload";

/** A run of 2 epochs with 4 batch points, validation, and one earlier run kept as a ghost. */
const RUN: HistoryFigure = {
  kind: "history",
  title: "training",
  series: [
    {
      name: "run 1: loss",
      metric: "loss",
      split: "train",
      step: "epoch",
      run: "run 1",
      x: [1, 2],
      y: [2, 1.5],
    },
    {
      name: "run 1: val_loss",
      metric: "loss",
      split: "validation",
      step: "epoch",
      run: "run 1",
      x: [1, 2],
      y: [2.1, 1.7],
    },
    {
      name: "run 2: loss (batch)",
      metric: "loss",
      split: "train",
      step: "batch",
      run: "run 2",
      x: [0.5, 1, 1.5, 2],
      y: [1, 0, 1, 0],
    },
    {
      name: "run 2: loss",
      metric: "loss",
      split: "train",
      step: "epoch",
      run: "run 2",
      x: [1, 2],
      y: [0.5, 0.5],
    },
    {
      name: "run 2: val_loss",
      metric: "loss",
      split: "validation",
      step: "epoch",
      run: "run 2",
      x: [1, 2],
      y: [0.7, 0.6],
    },
    {
      name: "run 2: acc",
      metric: "acc",
      split: "train",
      step: "epoch",
      run: "run 2",
      x: [1, 2],
      y: [0.6, 0.8],
    },
  ],
  ghosts: ["run 1"],
  markers: [
    { x: 2, label: "best epoch 2", kind: "best" },
    { x: 2, label: "early stop at epoch 2", kind: "stop" },
  ],
};

const draw = (view = {}, p: FigurePayload = RUN) => figureToPlotly(p, LIGHT_THEME, view);

describe("history drawn with a view", () => {
  it("epoch values are the main lines, the batch trace faint, the earlier run a ghost with one legend entry", () => {
    const { data } = draw();
    expect(data.map((t) => [t.name, t.opacity ?? 1, (t.line as any).width])).toEqual([
      ["run 1", 0.35, 1.5],
      ["run 1", 0.35, 1.5],
      ["loss (batch)", 0.25, 1],
      ["loss", 1, 2.5],
      ["val_loss", 1, 2.5],
      ["acc", 1, 2.5],
    ]);
    // the run shown is named once, as the legend's title
    expect((draw().layout.legend as any).title.text).toBe("run 2");
    expect(data.map((t) => t.showlegend)).toEqual([true, false, false, undefined, undefined, undefined]);
    // one colour per metric: loss (train and validation, batch trace) vs acc
    expect(data.slice(2).map((t) => (t.line as any).color)).toEqual([
      COLORWAY[0],
      COLORWAY[0],
      COLORWAY[0],
      COLORWAY[1],
    ]);
    expect(data.slice(3, 5).map((t) => (t.line as any).dash)).toEqual(["solid", "dash"]);
    expect(data.slice(0, 2).every((t) => t.visible === true && t.legendgroup === "run:run 1")).toBe(true);
  });

  it("hides earlier runs when asked (traces stay, so zoom and legend survive)", () => {
    const { data } = draw({ ghosts: false });
    expect(data.map((t) => t.visible)).toEqual([false, false, undefined, undefined, undefined, undefined]);
  });

  it("smoothing draws the EMA over the raw batch trace, which stays; epoch lines are never smoothed", () => {
    const { data } = draw({ smoothing: 0.5 });
    expect(data.map((t) => t.name)).toContain("loss (batch) smoothed 0.5");
    const smooth = data.find((t) => t.name === "loss (batch) smoothed 0.5")!;
    // y = [1, 0, 1, 0] at s = 0.5, debiased: 1, 1/3, 5/7, 1/3
    const y = smooth.y as number[];
    [1, 1 / 3, 5 / 7, 1 / 3].forEach((v, i) => expect(y[i]).toBeCloseTo(v, 12));
    expect(data.find((t) => t.name === "loss (batch)")!.y).toEqual([1, 0, 1, 0]);
    expect(data.find((t) => t.name === "loss")!.y).toEqual([0.5, 0.5]);
    // the payload's own smoothing is the default; the view's wins
    expect(draw({}, { ...RUN, smoothing: 0.5 }).data).toHaveLength(7);
    expect(draw({ smoothing: 0 }, { ...RUN, smoothing: 0.5 }).data).toHaveLength(6);
  });

  it("the log toggle switches the loss axis only, both ways over the payload", () => {
    const axes = (view: object, p: FigurePayload = RUN) => {
      const l = draw(view, p).layout as any;
      return [l.yaxis.type, l.yaxis2.type];
    };
    expect(axes({})).toEqual([undefined, undefined]);
    expect(axes({ logY: true })).toEqual(["log", undefined]);
    expect(axes({ logY: false }, { ...RUN, logY: true })).toEqual([undefined, undefined]);
  });

  it("a hand-written loop's steps (batch values, no epochs) are the main line", () => {
    const p: FigurePayload = {
      kind: "history",
      series: [
        { name: "loss (batch)", metric: "loss", split: "train", step: "batch", x: [1, 2], y: [1, 0.5] },
      ],
    };
    expect(draw({}, p).data[0]).toMatchObject({ opacity: 1, showlegend: true });
  });

  it("compared runs (none a ghost) are coloured by run", () => {
    const p: FigurePayload = {
      kind: "history",
      series: ["a", "b"].map((run) => ({
        name: run,
        metric: "loss",
        split: "train" as const,
        run,
        x: [1],
        y: [1],
      })),
    };
    expect(draw({}, p).data.map((t) => (t.line as any).color)).toEqual([COLORWAY[0], COLORWAY[1]]);
  });

  it("markers: coloured by kind, labels inside the plot, staggered so two at one epoch do not overlap", () => {
    const l = draw().layout as any;
    expect(l.shapes.map((s: any) => s.line.color)).toEqual([COLORWAY[2], LIGHT_THEME.foreground]);
    expect(l.annotations.map((a: any) => [a.y, a.yanchor, a.xanchor])).toEqual([
      [1, "top", "right"],
      [0.92, "top", "right"],
    ]);
  });

  it("validation: new fields are checked", () => {
    expect(() => parsePayload({ ...RUN, smoothing: 1 })).toThrow(/smoothing: expected a number 0 ≤ s < 1/);
    expect(() => parsePayload({ ...RUN, ghosts: ["run 9"] })).toThrow(
      /ghosts\[0\]: expected the run of some series/,
    );
    expect(() => parsePayload({ ...RUN, series: [{ ...RUN.series[0], step: "minute" }] })).toThrow(
      /series\[0\]\.step: expected "epoch" or "batch"/,
    );
    expect(() => parsePayload({ ...RUN, markers: [{ x: 1, label: "m", kind: "x" }] })).toThrow(
      /markers\[0\]\.kind/,
    );
  });
});

describe("figureCsv", () => {
  it("history: one row per point with run, metric, split and step", () => {
    const csv = figureCsv(RUN);
    const rows = csv.trimEnd().split("\r\n");
    expect(rows[0]).toBe("run,metric,split,step,x,y");
    expect(rows).toHaveLength(1 + 2 + 2 + 4 + 2 + 2 + 2);
    expect(rows[1]).toBe("run 1 (earlier),loss,train,epoch,1,2");
    expect(rows[5]).toBe("run 2,loss,train,batch,0.5,1");
    expect(rows.at(-1)).toBe("run 2,acc,train,epoch,2,0.8");
  });
  it("other kinds: the drawn points; fields quoted (RFC 4180) and formulas defused", () => {
    const csv = figureCsv({
      kind: "scatter",
      title: "a, b",
      series: [{ name: '=HYPERLINK("x"), "q"', x: [0, 1], y: [1, -2] }],
    });
    expect(csv).toBe(
      `trace,x,y,z\r\n"'=HYPERLINK(""x""), ""q""",0,1,\r\n"'=HYPERLINK(""x""), ""q""",1,-2,\r\n`,
    );
    expect(fileName({ kind: "scatter", title: "Loss / lr 0.1", series: [] })).toBe("loss-lr-0-1");
    expect(fileName({ kind: "confusion", labels: [], matrix: [] })).toBe("dlab-confusion");
  });
  it("grids: one row per cell", () => {
    const rows = figureCsv({
      kind: "confusion",
      labels: ["a", "b"],
      matrix: [
        [1, 2],
        [3, 4],
      ],
    })
      .trimEnd()
      .split("\r\n");
    expect(rows.length).toBeGreaterThanOrEqual(5);
    expect(rows.slice(1, 5).map((r) => r.split(",").at(-1))).toEqual(["1", "2", "3", "4"]);
  });
});
