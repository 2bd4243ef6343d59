import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { formatValue } from "../../kernel/execute";
import { BRIDGE_KEY, type KernelBridge, type MimeBundle } from "../../src/bridge";
import { moons } from "../../src/data/toy";
import { mlp } from "../../src/models";
import { FIGURE_MIME, type FigurePayload } from "../../src/payload";
import { train, TrainingInterrupted } from "../../src/train";

const g = globalThis as Record<symbol, unknown>;

/** A recording stand-in for the kernel's bridge (unit test of how training drives display). */
function installBridge() {
  const sent: MimeBundle[] = [];
  const ctl = new AbortController();
  const b: KernelBridge = {
    display: (d) => sent.push(d),
    update: (_id, d) => sent.push(d),
    clearOutput: () => {},
    openComm: () => {
      throw new Error("unused");
    },
    currentSignal: () => ctl.signal,
    input: () => {
      throw new Error("unused");
    },
  };
  g[BRIDGE_KEY] = b;
  return { sent, ctl, payloads: () => sent.map((s) => s[FIGURE_MIME] as FigurePayload) };
}

afterEach(() => {
  delete g[BRIDGE_KEY];
  vi.restoreAllMocks();
});

const quiet = () => vi.spyOn(console, "log").mockImplementation(() => {});
const classifier = (seed = 0, lr = 0.05) =>
  mlp({
    inputs: 2,
    layers: [
      { units: 8, activation: "tanh" },
      { units: 1, activation: "sigmoid" },
    ],
    seed,
    lr,
  });

/** mlp's models own their optimizer: dispose() frees its slots too (checked in models.test.ts). */
function disposeAll(m: tf.LayersModel) {
  m.dispose();
}

describe("dl.train", () => {
  it("learns, records per-epoch history, leaks no tensors, and ends on a final figure", async () => {
    quiet();
    const before = tf.memory().numTensors;
    const m = classifier();
    const data = moons({ n: 300, seed: 1, noise: 0.1 });
    const seen: Array<[number, Record<string, number>]> = [];
    const h = await train(m, data, {
      epochs: 6,
      batchSize: 32,
      validationSplit: 0.2,
      plot: false,
      onEpoch: (e, logs) => void seen.push([e, logs]),
    });
    // the hook saw exactly what the history holds
    expect(seen.map(([e]) => e)).toEqual(h.epoch);
    seen.forEach(([, logs], i) =>
      expect(logs).toEqual({
        loss: h.history.loss[i],
        acc: h.history.acc[i],
        val_loss: h.history.val_loss[i],
        val_acc: h.history.val_acc[i],
      }),
    );
    expect(h.epoch).toEqual([1, 2, 3, 4, 5, 6]);
    expect(Object.keys(h.history).sort()).toEqual(["acc", "loss", "val_acc", "val_loss"]);
    expect(h.history.loss[5]).toBeLessThan(h.history.loss[0]);
    // 240 training samples in batches of 32 → 8 batches per epoch
    expect(h.steps).toBe(48);
    expect(h.stopReason).toBe("completed");
    expect(h.figure).toMatchObject({ kind: "history", final: true });
    // a cell ending in `await dl.train(...)` prints one line (the kernel's formatValue), fields kept
    const r = (v: number) => String(Number(v.toPrecision(3)));
    const span = (k: string) => `${k} ${r(h.history[k][0])} → ${r(h.history[k][5])}`;
    const line = `History(6 epochs, ${["loss", "acc", "val_loss", "val_acc"].map(span).join(", ")})`;
    expect(formatValue(h)).toBe(line);
    expect(String(h)).toBe(line);
    expect(Object.keys(h)).toContain("figure");
    disposeAll(m);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("leaks no tensor with a momentum optimizer (tfjs 4.22's own dispose() leaks its lr scalar)", async () => {
    const before = tf.memory().numTensors;
    const m = mlp({
      inputs: 2,
      layers: [
        { units: 4, activation: "tanh" },
        { units: 1, activation: "sigmoid" },
      ],
      optimizer: "momentum",
      lr: 0.1,
    });
    await train(m, moons({ n: 64, seed: 2 }), { epochs: 2, batchSize: 16, plot: false });
    m.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("gives a bit-identical loss curve for the same seed, and another for another seed", async () => {
    quiet();
    const data = moons({ n: 200, seed: 2, noise: 0.2 });
    const run = async (seed: number) => {
      const m = classifier(0);
      const losses: number[] = [];
      await train(m, data, { epochs: 2, seed, plot: false, onBatch: (_b, l) => void losses.push(l.loss) });
      disposeAll(m);
      return losses;
    };
    const a = await run(5);
    expect(await run(5)).toEqual(a);
    expect(await run(6)).not.toEqual(a);
  });

  it("stops early with the best and stop epochs marked, and restores the best weights", async () => {
    quiet();
    // few noisy points and a large network: validation loss turns up quickly
    const data = moons({ n: 60, seed: 3, noise: 0.35 });
    const val = moons({ n: 200, seed: 4, noise: 0.35 });
    const m = mlp({
      inputs: 2,
      layers: [
        { units: 64, activation: "relu" },
        { units: 64, activation: "relu" },
        { units: 1, activation: "sigmoid" },
      ],
      lr: 0.03,
    });
    const h = await train(m, data, {
      epochs: 300,
      batchSize: 8,
      validationData: val,
      earlyStopping: { patience: 4 },
      plot: false,
    });
    expect(h.stopReason).toBe("early-stopping");
    const vl = h.history.val_loss;
    // the best epoch is the argmin of val_loss, and the run stopped `patience` epochs later
    expect(h.bestEpoch).toBe(vl.indexOf(Math.min(...vl)) + 1);
    expect(h.stoppedEpoch).toBe(h.bestEpoch! + 4);
    expect(h.epoch.length).toBe(h.stoppedEpoch);
    const markers = h.figure.kind === "history" ? h.figure.markers : [];
    expect(markers).toEqual([
      { x: h.bestEpoch, label: `best epoch ${h.bestEpoch}`, kind: "best" },
      { x: h.stoppedEpoch, label: `early stop at epoch ${h.stoppedEpoch}`, kind: "stop" },
    ]);
    // restored: the model now scores the best epoch's validation loss
    const [vx, vy] = [tf.tensor2d(val.x), tf.tensor2d(val.y, [val.y.length, 1])];
    const ev = m.evaluate(vx, vy) as tf.Scalar[];
    expect((await ev[0].data())[0]).toBeCloseTo(vl[h.bestEpoch! - 1], 4);
    tf.dispose([vx, vy, ...ev]);
    disposeAll(m);
  });

  it("stops within the batch where the loss stops being finite (lr = 100), naming the step", async () => {
    const warn = vi.spyOn(console, "warn").mockImplementation(() => {});
    const { payloads } = installBridge();
    const x = Array.from({ length: 64 }, (_, i) => [i / 8, (i % 8) * 3]);
    const y = x.map(([a, b]) => 3 * a - b);
    const m = mlp({
      inputs: 2,
      layers: [
        { units: 16, activation: "relu" },
        { units: 1, activation: "linear" },
      ],
      optimizer: "sgd",
      lr: 100,
    });
    let batches = 0;
    const h = await train(m, { x, y }, { epochs: 50, batchSize: 8, onBatch: () => void batches++ });
    expect(h.stopReason).toBe("diverged");
    // the hook ran for every finite batch; the diverging one is the next step
    expect(h.steps).toBe(batches + 1);
    expect(h.steps).toBeLessThan(50 * 8);
    expect(h.message).toMatch(
      new RegExp(
        `loss became (NaN|Infinity|-Infinity) at epoch ${h.stoppedEpoch}, batch \\d+ \\(step ${h.steps}\\)`,
      ),
    );
    expect(h.message).toMatch(/learning rate .* lower/);
    expect(warn).toHaveBeenCalledWith(h.message);
    // never a NaN line: every payload serialises without null (JSON's NaN) and the last one is final
    const all = payloads();
    for (const p of all) {
      if (p.kind !== "history") continue;
      for (const s of p.series) expect(s.y.every(Number.isFinite)).toBe(true);
      expect(JSON.stringify(p.series)).not.toMatch(/null/);
    }
    expect(all[all.length - 1]).toMatchObject({ final: true, status: h.message });
    disposeAll(m);
  });

  it("stops at the next batch when the kernel is interrupted, and nothing keeps running", async () => {
    const { ctl, payloads } = installBridge();
    const before = tf.memory().numTensors;
    const m = classifier();
    let batches = 0;
    const p = train(m, moons({ n: 400, seed: 5 }), {
      epochs: 20,
      batchSize: 10,
      onBatch: () => {
        if (++batches === 3) ctl.abort();
      },
    });
    await expect(p).rejects.toThrow(TrainingInterrupted);
    await expect(p).rejects.toThrow("dl.train: interrupted at epoch 1, batch 4");
    await new Promise((r) => setTimeout(r, 100));
    expect(batches).toBe(3);
    expect(payloads().at(-1)).toMatchObject({ final: true });
    disposeAll(m);
    expect(tf.memory().numTensors).toBe(before);
  });

  it("names bad inputs before any step runs", async () => {
    const m3 = mlp({ inputs: 2, layers: [{ units: 3, activation: "softmax" }] });
    const before = tf.memory().numTensors;
    const hook = vi.fn();
    const bad = async (x: unknown, y: unknown, model = m3) =>
      train(model, { x, y }, { onBatch: hook, plot: false });
    const x = [
      [0, 0],
      [1, 1],
      [2, 2],
    ];
    await expect(bad(x, [0, 1])).rejects.toThrow(
      /argument "y": expected one target per sample of x \(3\), got 2 targets/,
    );
    await expect(bad(x, [0, 3, 1])).rejects.toThrow(
      /argument "y": expected class labels in \[0, 3\), got 3 at index 1/,
    );
    await expect(bad(x, [0, 1.5, 1])).rejects.toThrow(
      /argument "y": expected integer class labels in \[0, 3\), got 1.5 at index 1/,
    );
    await expect(bad([], [])).rejects.toThrow(/argument "x": expected at least one sample/);
    await expect(
      bad(
        [
          [0, 0],
          [NaN, 1],
          [1, 1],
        ],
        [0, 1, 2],
      ),
    ).rejects.toThrow(/argument "x": expected finite numbers, got NaN in sample 1/);
    await expect(bad([[0, 0, 0]], [0])).rejects.toThrow(
      /argument "x": expected samples of shape \[2\], got samples of shape \[3\]/,
    );
    await expect(train(m3, { x, y: [0, 1, 2] }, { epochs: 0 })).rejects.toThrow(
      'dl.train: argument "opts.epochs": expected a positive integer, got 0.',
    );
    await expect(bad(new Float32Array(7), [0, 1, 2])).rejects.toThrow(
      /argument "x": expected a flat array of 3 samples \(a multiple of 3 values\), got 7 values/,
    );
    await expect(
      train(m3, { x, y: [0, 1, 2] }, { validationData: { x, y: [0, 1, 5] }, onBatch: hook }),
    ).rejects.toThrow(/argument "validationData.y": expected class labels in \[0, 3\), got 5 at index 2/);
    expect(hook).not.toHaveBeenCalled();
    expect(tf.memory().numTensors).toBe(before);
    disposeAll(m3);
  });

  it("trains a student's own tf.sequential, one-hot encoding integer labels for categoricalCrossentropy", async () => {
    quiet();
    const m = tf.sequential({
      layers: [tf.layers.dense({ units: 3, inputShape: [2], activation: "softmax" })],
    });
    m.compile({ loss: "categoricalCrossentropy", optimizer: tf.train.sgd(0.5), metrics: ["accuracy"] });
    // three well separated clusters → accuracy must climb well above chance
    const x = Array.from({ length: 90 }, (_, i) => [
      Math.cos((2 * Math.PI * (i % 3)) / 3) * 3 + (i % 7) / 20,
      Math.sin((2 * Math.PI * (i % 3)) / 3) * 3,
    ]);
    const y = x.map((_, i) => i % 3);
    const h = await train(m, { x, y }, { epochs: 15, batchSize: 10, plot: false });
    expect(Object.keys(h.history).sort()).toEqual(["acc", "loss"]);
    expect(h.history.acc.at(-1)).toBeGreaterThan(0.9);
    m.optimizer.dispose(); // a student's own optimizer is not owned by the model
    m.dispose();
  });

  it("takes flat typed arrays (as dl.data.mnist gives) and {train, validation} splits", async () => {
    quiet();
    const m = classifier();
    const d = moons({ n: 100, seed: 10 });
    const flat = { x: Float32Array.from(d.x.flat()), y: Int32Array.from(d.y) };
    const h = await train(m, { train: flat, validation: flat }, { epochs: 2, batchSize: 25, plot: false });
    expect(h.steps).toBe(8);
    expect(h.history.val_loss).toHaveLength(2);
    disposeAll(m);
  });

  it("a 10,000-step training leaves one output of ≤ 100 KB, sent ≤ 4 times a second", async () => {
    const { sent } = installBridge();
    const m = mlp({ inputs: 2, layers: [{ units: 1, activation: "sigmoid" }], optimizer: "sgd", lr: 0.1 });
    const t0 = Date.now();
    const h = await train(m, moons({ n: 2000, seed: 6 }), { epochs: 5, batchSize: 1 });
    const secs = (Date.now() - t0) / 1000;
    expect(h.steps).toBe(10_000);
    expect(sent.length).toBeLessThanOrEqual(Math.ceil(secs * 4) + 2);
    const last = sent[sent.length - 1];
    expect(JSON.stringify(last).length).toBeLessThanOrEqual(100_000);
    const fig = last[FIGURE_MIME] as FigurePayload;
    expect(fig).toMatchObject({ kind: "history", final: true });
    if (fig.kind === "history") for (const s of fig.series) expect(s.x.length).toBeLessThanOrEqual(1000);
    expect(String(last["text/plain"])).toMatch(/^history: loss/);
    disposeAll(m);
    // 10,000 steps take 25–60 s on 2 busy cores; the limit is for a hang, not a speed test.
  }, 180_000);

  it("shows the decision boundary moving when asked", async () => {
    const { payloads } = installBridge();
    const m = classifier();
    await train(m, moons({ n: 100, seed: 7 }), { epochs: 2, plot: "decision-boundary" });
    const last = payloads().at(-1)!;
    expect(last.kind).toBe("decision-boundary");
    if (last.kind === "decision-boundary") {
      expect(last.grid!.z).toHaveLength(40); // the default resolution while training
      expect(last.points.x).toHaveLength(100);
      expect(last.final).toBe(true);
      for (const row of last.grid!.z) for (const v of row) expect(v >= 0 && v <= 1).toBe(true);
    }
    disposeAll(m);
  });

  it("a decision-boundary training of 2,000 points leaves a final figure ≤ 100 KB; resolution sets the grid", async () => {
    const { sent } = installBridge();
    const m = classifier();
    const data = moons({ n: 2000, seed: 5, noise: 0.2 });
    const h = await train(m, data, { epochs: 1, batchSize: 100, plot: "decision-boundary" });
    const last = sent.at(-1)!;
    const size = JSON.stringify(last).length;
    console.info(`decision-boundary training, 2,000 points, 40×40 grid: final output ${size} bytes`);
    expect(size).toBeLessThanOrEqual(100_000);
    expect(JSON.stringify(h.figure).length).toBeLessThanOrEqual(100_000);
    const fig = last[FIGURE_MIME] as FigurePayload;
    if (fig.kind !== "decision-boundary") throw new Error(`kind ${fig.kind}`);
    expect(fig.points.x).toHaveLength(500); // every 4th point: a figure draws ≤ 500 markers
    // grid values carry 3 significant digits, points 4: same as the data to what the eye sees
    for (const v of fig.grid!.z.flat()) expect(Number(v.toPrecision(3))).toBe(v);
    fig.points.x.forEach((v, i) =>
      expect(Math.abs(v - data.x[4 * i][0])).toBeLessThanOrEqual(1e-3 * Math.abs(v) + 1e-7),
    );
    const { payloads } = installBridge();
    await train(m, moons({ n: 50, seed: 5 }), { epochs: 1, plot: "decision-boundary", resolution: 25 });
    const small = payloads().at(-1)!;
    if (small.kind !== "decision-boundary") throw new Error(`kind ${small.kind}`);
    expect(small.grid!.x).toHaveLength(25);
    expect(small.grid!.z.map((r) => r.length)).toEqual(new Array(25).fill(25));
    await expect(train(m, data, { plot: "decision-boundary", resolution: 1.5 })).rejects.toThrow(
      /dl.train: argument "opts.resolution": expected an integer number of grid points per axis from 2 to 64, got 1.5/,
    );
    disposeAll(m);
  });
});

describe("dl.train.callbacks and dl.train.live", () => {
  it("drive the same live figure from a student's own fit", async () => {
    const { payloads } = installBridge();
    const m = classifier();
    const d = moons({ n: 64, seed: 8 });
    const [x, y] = [tf.tensor2d(d.x), tf.tensor2d(d.y, [64, 1])];
    await m.fit(x, y, { epochs: 3, batchSize: 16, callbacks: train.callbacks(), verbose: 0 });
    const last = payloads().at(-1)!;
    expect(last).toMatchObject({ kind: "history", final: true });
    // epoch values as the main lines, batch values as the faint trace
    if (last.kind === "history")
      expect(last.series.map((s) => `${s.name}/${s.step}`).sort()).toEqual([
        "acc (batch)/batch",
        "acc/epoch",
        "loss (batch)/batch",
        "loss/epoch",
      ]);
    tf.dispose([x, y]);
    disposeAll(m);
  });

  it("a custom loop gets a figure and an error naming the step of a non-finite loss", () => {
    quiet();
    const live = train.live();
    for (let i = 0; i < 20; i++) live.step(1 / (i + 1));
    expect(() => live.step(NaN)).toThrow(
      "dl.train.live: the loss became NaN at step 21: the learning rate is probably too large; try one 10× lower",
    );
    const ok = train.live();
    ok.step(0.5);
    expect(ok.finish()).toMatchObject({ kind: "history", final: true, status: "done: 1 steps" });
  });
});
