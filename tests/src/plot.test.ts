import * as tf from "@tensorflow/tfjs";
import { afterEach, describe, expect, it, vi } from "vitest";
import { BRIDGE_KEY, type KernelBridge, type MimeBundle } from "../../src/bridge";
import { mlp } from "../../src/models";
import { FIGURE_MIME } from "../../src/payload";
import { formatValue } from "../../kernel/execute";
import { plot } from "../../src/plot";

const g = globalThis as Record<symbol, unknown>;
function installBridge() {
  const sent: MimeBundle[] = [];
  const b = {
    display: (d: MimeBundle) => sent.push(d),
    update: () => {},
    clearOutput: () => {},
    openComm: () => ({}),
    currentSignal: () => new AbortController().signal,
  };
  g[BRIDGE_KEY] = b as unknown as KernelBridge;
  return sent;
}
afterEach(() => {
  delete g[BRIDGE_KEY];
  vi.restoreAllMocks();
});

describe("dl.plot", () => {
  it("line: the lecture's 1 + 3x₁ − 2x₂ = 0 with both sides coloured by the sign of the score", () => {
    const sent = installBridge();
    const fig = plot.line(1, [3, -2]).payload;
    expect(sent).toHaveLength(1);
    expect(sent[0][FIGURE_MIME]).toBe(fig);
    if (fig.kind !== "decision-boundary") throw new Error("kind");
    expect(fig.gridMeaning).toBe("score");
    const { x, y, z } = fig.grid!;
    // each cell's value is the score at that point: positive on one side, negative on the other
    expect(z[7][11]).toBeCloseTo(1 + 3 * x[11] - 2 * y[7], 12);
    expect(z.flat().some((v) => v > 0) && z.flat().some((v) => v < 0)).toBe(true);
    const l = fig.lines![0];
    for (let i = 0; i < 2; i++) expect(1 + 3 * l.x[i] - 2 * l.y[i]).toBeCloseTo(0, 12);
    expect(l.name).toBe("1 + 3x₁ − 2x₂ = 0");
  });

  it("activations: curves and derivatives as in the lecture", () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const fig = plot.activations().payload;
    if (fig.kind !== "activation") throw new Error("kind");
    expect(fig.curves.map((c) => c.name)).toEqual(["sigmoid", "sigmoid′", "tanh", "tanh′", "relu", "relu′"]);
    const i = fig.x.findIndex((z) => Math.abs(z - 1) < 1e-9);
    const s = 1 / (1 + Math.exp(-1));
    expect(fig.curves[1].y[i]).toBeCloseTo(s * (1 - s), 12);
    expect(fig.curves[3].y[i]).toBeCloseTo(1 - Math.tanh(1) ** 2, 12);
    expect(fig.curves[5].y[i]).toBe(1);
  });

  it("decision boundary of a model, without leaking tensors", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const m = mlp({ inputs: 2, layers: [{ units: 3, activation: "softmax" }] });
    const before = tf.memory().numTensors;
    const fig = await plot
      .decisionBoundary(
        m,
        {
          x: [
            [0, 0],
            [1, 1],
            [2, 0],
          ],
          y: [0, 1, 2],
        },
        { resolution: 20 },
      )
      .then((f) => f.payload);
    expect(tf.memory().numTensors).toBe(before);
    if (fig.kind !== "decision-boundary") throw new Error("kind");
    expect(fig.gridMeaning).toBe("class");
    expect(fig.grid!.z.flat().every((v) => [0, 1, 2].includes(v))).toBe(true);
    await expect(plot.decisionBoundary(m, { x: [[0, 0, 1]], y: [0] })).rejects.toThrow(
      /argument "data.x": expected 2-D points/,
    );
    m.dispose();
  });

  it("confusion counts the model's argmax against the labels", async () => {
    vi.spyOn(console, "log").mockImplementation(() => {});
    const m = mlp({ inputs: 2, layers: [{ units: 2, activation: "softmax" }] });
    const x = [
      [1, 0],
      [0, 1],
      [3, -1],
      [-2, 2],
    ];
    const p = (m.predict(tf.tensor2d(x)) as tf.Tensor).argMax(-1);
    const pred = Array.from(await p.data());
    const before = tf.memory().numTensors;
    const fig = (await plot.confusion(m, x, [0, 1, 0, 1])).payload;
    expect(tf.memory().numTensors).toBe(before);
    if (fig.kind !== "confusion") throw new Error("kind");
    const want = [
      [0, 0],
      [0, 0],
    ];
    pred.forEach((q, i) => want[[0, 1, 0, 1][i]][q]++);
    expect(fig.matrix).toEqual(want);
    m.dispose();
  });

  it("history, curve fit, images, scatter, raw print one line each outside a kernel", () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    plot.history({ loss: [0.9, 0.5], val_loss: [1, 0.8] });
    plot.curveFit({ x: [0, 0.5, 1], y: [0, 1, 0] }, [{ name: "flat", f: () => 1 / 3 }]);
    plot.images(
      { x: new Float32Array(3 * 4).fill(0.5), y: new Int32Array([7, 1, 2]), shape: [2, 2] },
      { count: 3 },
    );
    plot.scatter({ x: [1, 2], y: [3, 4] });
    plot.raw([{ type: "bar", x: ["a"], y: [1] }]);
    expect(log.mock.calls.map((c) => c[0])).toEqual([
      "history: loss 0.5, val_loss 0.8 (epoch 2)",
      "curve fit: 3 points, flat (train MSE 0.2222)",
      "images: 3 of 2×2 (7 1 2)",
      "scatter: points (2 points, y 3…4)",
      "plotly: 1 trace (bar)",
    ]);
  });

  it("returns a handle the kernel prints as one line, with the payload kept", () => {
    const sent = installBridge();
    const fig = plot.history({ loss: [0.9, 0.5, 0.3], val_loss: [1, 0.7, 0.6] });
    expect(fig.payload).toBe(sent[0][FIGURE_MIME]);
    expect(fig.kind).toBe("history");
    // the kernel's execute_result text of a cell ending in dl.plot.history(...)
    const text = formatValue(fig);
    expect(text).toBe(`Figure(${sent[0]["text/plain"]})`);
    expect(text).not.toMatch(/\n/);
    expect(text.length).toBeLessThan(120);
    expect(String(fig)).toBe(text);
    expect(JSON.parse(JSON.stringify(fig))).toEqual(fig.payload);
    expect(formatValue(plot.surface("bowl"))).toBe("Figure(surface bowl: f(x, y) = x² + y²)");
  });
});

describe("dl.plot.live", () => {
  function liveBridge() {
    const sent: Array<{ how: "display" | "update"; data: MimeBundle }> = [];
    g[BRIDGE_KEY] = {
      display: (data: MimeBundle) => sent.push({ how: "display", data }),
      update: (_id: string, data: MimeBundle) => sent.push({ how: "update", data }),
      clearOutput: () => {},
      openComm: () => ({}),
      currentSignal: () => new AbortController().signal,
    } as unknown as KernelBridge;
    return sent;
  }

  it("the same plot functions redraw one output; only finish() marks the last frame final", async () => {
    const sent = liveBridge();
    const live = plot.live({ minIntervalMs: 0 });
    const data = {
      x: [
        [0, 0],
        [1, 1],
        [0, 1],
      ],
      y: [0, 1, 1],
    };
    for (let k = 1; k <= 3; k++) {
      const f = await live.decisionBoundary((a, b) => (a + b > 2 / k ? 1 : 0), data, {
        status: `step ${k}`,
        resolution: 5,
      });
      expect(f.kind).toBe("decision-boundary");
    }
    live.scatter({ x: [1, 2], y: [3, 4] }, { status: "a scatter now" });
    live.finish();
    expect(sent.map((s) => s.how)).toEqual(["display", "update", "update", "update", "update"]);
    const payloads = sent.map(
      (s) => s.data[FIGURE_MIME] as { final?: boolean; status?: string; kind: string },
    );
    expect(payloads.slice(0, 4).every((p) => !p.final)).toBe(true); // frames are never final, though dl.plot.x's are
    expect(payloads[2].status).toBe("step 3");
    expect(payloads[4]).toMatchObject({ kind: "scatter", status: "a scatter now", final: true });
    expect(() => live.scatter({ x: [1], y: [1] })).toThrow(/already finished/);
  });

  it("dl.plot.x called on the namespace shows a new output each time (no live target)", () => {
    const sent = liveBridge();
    plot.scatter({ x: [1], y: [2] });
    const { scatter } = plot; // a detached function still shows
    scatter({ x: [1], y: [2] });
    expect(sent.map((s) => s.how)).toEqual(["display", "display"]);
  });

  it("decisionBoundary evaluates anything with predict(x) in one batch, e.g. a hand-written network", async () => {
    installBridge();
    const before = tf.memory().numTensors;
    let calls = 0;
    const net = {
      // P(class 1) = σ(4·(x₁ − x₂)): a batch of rows in, one column out
      predict: (x: tf.Tensor2D) => {
        calls++;
        return tf.sigmoid(tf.matMul(x, tf.tensor2d([[4], [-4]])));
      },
    };
    const fig = (
      await plot.decisionBoundary(
        net,
        {
          x: [
            [0, 1],
            [1, 0],
          ],
          y: [0, 1],
        },
        { resolution: 7 },
      )
    ).payload;
    expect(calls).toBe(1);
    expect(tf.memory().numTensors).toBe(before);
    const { x, y, z } = fig.grid!;
    expect(z[2][5]).toBeCloseTo(1 / (1 + Math.exp(-4 * (x[5] - y[2]))), 2);
    await expect(plot.decisionBoundary({} as never, { x: [[0, 1]], y: [0] })).rejects.toThrow(
      /dl.plot.decisionBoundary: argument "model": expected a tf.LayersModel, f\(x₁, x₂\) or \{ predict\(x\) \}/,
    );
  });

  it("line and the perceptron share one builder: the range option wins over the data's", () => {
    installBridge();
    const fig = plot.line(1, [3, -2], { x: [[-1, 2]], y: [0], classes: ["X"] }, { range: [-4, 4] }).payload;
    expect(fig.grid!.x[0]).toBe(-4);
    expect(fig.grid!.x.at(-1)).toBe(4);
    expect(fig.classes).toEqual(["X"]);
    expect(() => plot.line(1, [1, 2, 3])).toThrow(/dl.plot.line: argument "w": expected 2 weights/);
  });
});
