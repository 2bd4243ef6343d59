// The training history figure: epoch lines and batch traces, smoothing, runs compared and kept as
// ghosts, and the numbers its status line names.
import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BRIDGE_KEY, type KernelBridge, type MimeBundle } from "../../src/bridge";
import { moons } from "../../src/data/toy";
import { historyFigure, historySummary } from "../../src/figures/history";
import { ema } from "../../src/figures/smooth";
import { mlp } from "../../src/models";
import { FIGURE_MIME, MAX_HISTORY_POINTS, type HistoryFigure } from "../../src/payload";
import { plot } from "../../src/plot";
import { train } from "../../src/train";
import { Recorder } from "../../src/train/recorder";
import { RUNS, RunStore } from "../../src/train/runs";

const range = (n: number) => Array.from({ length: n }, (_, i) => i);
const g = globalThis as Record<symbol, unknown>;

/** A kernel bridge stand-in whose running cell the test sets. */
function installBridge(cell: { id: string; execution: string }) {
  const sent: MimeBundle[] = [];
  const b: KernelBridge = {
    display: (d) => sent.push(d),
    update: (_id, d) => sent.push(d),
    clearOutput: () => {},
    openComm: () => {
      throw new Error("unused");
    },
    currentSignal: () => new AbortController().signal,
    input: () => {
      throw new Error("unused");
    },
    cell: () => cell,
  };
  g[BRIDGE_KEY] = b;
  return { sent, last: () => sent.at(-1)![FIGURE_MIME] as HistoryFigure, cell };
}

afterEach(() => {
  delete g[BRIDGE_KEY];
  RUNS.clear();
  vi.restoreAllMocks();
});

describe("ema (TensorBoard's smoothing)", () => {
  it("matches the debiased moving average worked by hand", () => {
    // m1 = .5·1 → /(1−.5) = 1; m2 = .25 → /(1−.25) = 1/3; m3 = .125 → /(1−.125) = 1/7
    const s = ema([1, 0, 0], 0.5);
    expect(s[0]).toBeCloseTo(1, 12);
    expect(s[1]).toBeCloseTo(1 / 3, 12);
    expect(s[2]).toBeCloseTo(1 / 7, 12);
  });
  it("keeps a constant series constant (no pull towards 0), copies at 0, refuses s ≥ 1", () => {
    for (const v of ema([2, 2, 2, 2], 0.9)) expect(v).toBeCloseTo(2, 12);
    expect(ema([3, 1, 2], 0)).toEqual([3, 1, 2]);
    expect(() => ema([1], 1)).toThrow(/0 ≤ s < 1, got 1/);
  });
  it("reduces batch noise: a noisy decay smoothed at 0.9 is closer to the clean curve", () => {
    const clean = range(400).map((i) => Math.exp(-i / 100));
    const noisy = clean.map((v, i) => v + 0.2 * Math.sin(i * 2.3));
    const err = (y: number[]) => y.reduce((a, v, i) => a + (v - clean[i]) ** 2, 0);
    expect(err(ema(noisy, 0.9))).toBeLessThan(err(noisy) / 5);
  });
});

describe("historyFigure: epoch lines, batch traces, runs", () => {
  it("names epoch and batch curves apart, and the summary reports epoch values", () => {
    const fig = historyFigure([
      { metric: "loss", split: "train", step: "batch", x: [0.5, 1, 1.5, 2], y: [1, 0.8, 0.6, 0.2] },
      { metric: "loss", split: "train", step: "epoch", x: [1, 2], y: [0.9, 0.4] },
      { metric: "loss", split: "validation", step: "epoch", x: [1, 2], y: [0.95, 0.5] },
    ]);
    expect(fig.series.map((s) => [s.name, s.step])).toEqual([
      ["loss (batch)", "batch"],
      ["loss", "epoch"],
      ["val_loss", "epoch"],
    ]);
    // 0.2 is the last batch; the epoch mean 0.4 is what the summary says
    expect(historySummary(fig)).toBe("history: loss 0.4, val_loss 0.5 (epoch 2)");
  });
  it("shares MAX_HISTORY_POINTS among long curves and rejects a bad smoothing", () => {
    const x = range(5000);
    const fig = historyFigure(
      range(20).map((i) => ({
        metric: `m${i % 5}`,
        split: "train",
        step: "batch",
        x,
        y: x.map((v) => Math.sin(v + i)),
      })),
    );
    const total = fig.series.reduce((n, s) => n + s.x.length, 0);
    expect(total).toBeLessThanOrEqual(MAX_HISTORY_POINTS);
    // equal lengths, equal shares: each curve keeps about a 20th of the points
    expect(Math.min(...fig.series.map((s) => s.x.length))).toBeGreaterThan((0.9 * MAX_HISTORY_POINTS) / 20);
    expect(() => historyFigure([], { smoothing: 1.5 })).toThrow(/opts\.smoothing.*0 ≤ s < 1.*1\.5/);
  });
  it("keeps ghosts that name a run, and the summary leaves them out", () => {
    const fig = historyFigure(
      [
        { metric: "loss", split: "train", x: [1, 2], y: [2, 1.5], run: "run 1" },
        { metric: "loss", split: "train", x: [1, 2], y: [0.9, 0.4], run: "run 2" },
      ],
      { ghosts: ["run 1", "run 7"], smoothing: 0.6, logY: true },
    );
    expect(fig).toMatchObject({ ghosts: ["run 1"], smoothing: 0.6, logY: true });
    expect(fig.series.map((s) => s.name)).toEqual(["run 1: loss", "run 2: loss"]);
    expect(historySummary(fig)).toBe("history: run 2: loss 0.4 (epoch 2) · 1 earlier run");
  });
});

describe("Recorder", () => {
  it("records batch groups, epoch means and validation, and says which number is which", () => {
    const rec = new Recorder(["loss"], 4);
    rec.batch([1.0], 0.5);
    rec.batch([0.6], 1, true);
    rec.epoch(1, { loss: 0.8, val_loss: 0.9 });
    const fig = rec.figure("s");
    expect(fig.series.map((s) => [s.name, s.step, s.x, s.y])).toEqual([
      ["loss (batch)", "batch", [0.5, 1], [1.0, 0.6]],
      ["loss", "epoch", [1], [0.8]],
      ["val_loss", "epoch", [1], [0.9]],
    ]);
    expect(rec.values()).toBe("last batches: loss 0.6 · epoch 1: loss 0.8, val_loss 0.9");
    // as a ghost: epoch curves only
    expect(rec.ghost("run 1").curves.map((c) => `${c.step}/${c.split}`)).toEqual([
      "epoch/train",
      "epoch/validation",
    ]);
  });
});

describe("RunStore", () => {
  it("gives a cell's next execution its earlier runs, per training of the cell, keeping the last 3", () => {
    const store = new RunStore();
    const run = (cell: string, exec: string, name: string) => {
      const slot = store.begin({ id: cell, execution: exec })!;
      const ghosts = slot.ghosts.map((g) => g.name);
      slot.save({ name, curves: [] });
      return { ghosts, number: slot.number };
    };
    expect(run("A", "e1", "a1")).toEqual({ ghosts: [], number: 1 });
    // the same execution trains again: its second training is a training of its own
    expect(run("A", "e1", "a1-second")).toEqual({ ghosts: [], number: 1 });
    expect(run("A", "e2", "a2")).toEqual({ ghosts: ["a1"], number: 2 });
    expect(run("A", "e2", "a2-second")).toEqual({ ghosts: ["a1-second"], number: 2 });
    expect(run("B", "e3", "b1")).toEqual({ ghosts: [], number: 1 });
    run("A", "e4", "a3");
    run("A", "e5", "a4");
    expect(run("A", "e6", "a5").ghosts).toEqual(["a2", "a3", "a4"]);
    expect(store.begin(undefined)).toBeUndefined();
  });
});

describe("dl.plot.history(h1, h2, …)", () => {
  it("overlays histories by their names, per epoch, de-duplicating equal names", () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const h1 = { name: "lr 0.1", history: { loss: [0.9, 0.4], val_loss: [1, 0.6] } };
    const h2 = { name: "lr 0.1", history: { loss: [0.9, 0.8], val_loss: [1, 0.9] } };
    const fig = plot.history(h1, h2).payload as HistoryFigure;
    expect(fig.series.map((s) => [s.run, s.name, s.split])).toEqual([
      ["lr 0.1", "lr 0.1: loss", "train"],
      ["lr 0.1", "lr 0.1: val_loss", "validation"],
      ["lr 0.1 (2)", "lr 0.1 (2): loss", "train"],
      ["lr 0.1 (2)", "lr 0.1 (2): val_loss", "validation"],
    ]);
    expect(fig.ghosts).toBeUndefined();
  });
  it("takes { name: history } and plain logs, and names a wrong argument", () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const fig = plot.history({ sgd: { loss: [1, 0.5] }, adam: { loss: [1, 0.2] } }).payload as HistoryFigure;
    expect(fig.series.map((s) => s.name)).toEqual(["sgd: loss", "adam: loss"]);
    expect(() => plot.history({ loss: [1] }, 3 as never)).toThrow(
      /argument "h2": expected a training history/,
    );
  });
});

describe("dl.train keeps a cell's earlier runs", () => {
  const model = (lr: number) =>
    mlp({ inputs: 2, layers: [{ units: 1, activation: "sigmoid" }], optimizer: "sgd", lr, seed: 1 });

  it("a re-run cell shows the previous run as a ghost; compare: false and another cell do not", async () => {
    const data = moons({ n: 64, seed: 3 });
    const k = installBridge({ id: "cell:x", execution: "e1" });
    const m1 = model(0.5);
    const h1 = await train(m1, data, { epochs: 2, batchSize: 16, validationSplit: 0.25 });
    expect(h1.name).toBe("run 1 · sgd lr 0.5");
    expect(k.last().ghosts).toBeUndefined();
    // the batch trace and the epoch lines of the run
    expect(k.last().series.map((s) => `${s.name}/${s.step}`)).toContain("loss (batch)/batch");
    expect(k.last().series.map((s) => `${s.name}/${s.step}`)).toContain("val_loss/epoch");
    expect(k.last().status).toMatch(/^done: 2 epochs · epoch 2: loss /);

    k.cell.execution = "e2";
    const m2 = model(0.05);
    const tensors = tf.memory().numTensors;
    const h2 = await train(m2, data, { epochs: 2, batchSize: 16, validationSplit: 0.25, smoothing: 0.6 });
    expect(tf.memory().numTensors).toBe(tensors);
    const fig = k.last();
    expect(h2.name).toBe("run 2 · sgd lr 0.05");
    expect(fig.ghosts).toEqual(["run 1 · sgd lr 0.5"]);
    expect(fig.smoothing).toBe(0.6);
    const ghost = fig.series.filter((s) => s.run === "run 1 · sgd lr 0.5");
    // the ghost is run 1's epoch values, exactly
    expect(ghost.find((s) => s.split === "train")!.y).toEqual(h1.history.loss);
    expect(ghost.find((s) => s.split === "validation")!.y).toEqual(h1.history.val_loss);
    expect(ghost.every((s) => s.step === "epoch")).toBe(true);
    expect(fig.series.filter((s) => s.run === h2.name).length).toBeGreaterThan(0);

    k.cell.execution = "e3";
    await train(model(0.1), data, { epochs: 1, batchSize: 16, compare: false });
    expect(k.last().ghosts).toBeUndefined();
    k.cell.id = "cell:y";
    await train(model(0.1), data, { epochs: 1, batchSize: 16 });
    expect(k.last().ghosts).toBeUndefined();
    for (const m of [m1, m2]) m.dispose();
  });

  it("rejects a smoothing weight outside [0, 1)", async () => {
    await expect(train(model(0.1), moons({ n: 8, seed: 0 }), { smoothing: 1 })).rejects.toThrow(
      /opts\.smoothing.*0 ≤ s < 1.*got 1/,
    );
  });
});
