import { describe, expect, it, vi } from "vitest";
import { BRIDGE_KEY, type KernelBridge, type MimeBundle } from "../../src/bridge";
import { FIGURE_MIME, type FigurePayload } from "../../src/payload";
import { predict, replay, train, weightedSum } from "../../src/perceptron";
import { argumentError } from "./argument-error";

describe("the step neuron reproduces the lecture", () => {
  it("lawn mowing: b = −5, w = [4, 2, 1]", () => {
    const w = [4, 2, 1]; // good weather, grass too long, mower starts easily
    expect(weightedSum(w, -5, [0, 1, 1])).toBe(-2); // raining, long grass, easy start
    expect(predict(w, -5, [0, 1, 1])).toBe(0);
    expect(weightedSum(w, -5, [1, 1, 0])).toBe(1); // clear, long grass, slow start
    expect(predict(w, -5, [1, 1, 0])).toBe(1);
    // a keener mower (b = −3) mows in the rain with long grass and an easy start: −3 + 2 + 1 = 0 → still 0 (z ≤ 0)
    expect(predict(w, -3, [0, 1, 1])).toBe(0);
    expect(predict(w, -3, [1, 0, 0])).toBe(1);
  });
  it("NAND: b = 3, w = [−2, −2]", () => {
    const table = [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ];
    expect(predict([-2, -2], 3, table)).toEqual(table.map(([a, b]) => (a && b ? 0 : 1)));
  });
  it("names a wrong input length", () => {
    expect(() => predict([1, 2], 0, [1])).toThrow(
      'dl.perceptron.predict: argument "x": expected 2 inputs (one per weight), got 1.',
    );
    expect(argumentError(() => predict([1, 2], 0, [1])).argument).toBe("x");
  });
});

describe("Rosenblatt's algorithm", () => {
  // AND is separable; a hand-run of the rule from zero weights in a fixed order is the reference
  const and = {
    x: [
      [0, 0],
      [0, 1],
      [1, 0],
      [1, 1],
    ],
    y: [0, 0, 0, 1],
  };

  it("converges on separable data, every update following w ← w + η(y − ŷ)x", () => {
    const r = train(and, { maxEpochs: 100, seed: 3 });
    expect(r.converged).toBe(true);
    expect(r.mistakes).toBe(0);
    expect(predict(r.w, r.b, and.x)).toEqual(and.y);
    expect(r.updates.length).toBeGreaterThan(0);
    for (const u of r.updates) {
      const err = u.label - u.predicted;
      expect(Math.abs(err)).toBe(1);
      expect(u.after.w).toEqual(u.before.w.map((w, j) => w + err * u.point[j]));
      expect(u.after.b).toBe(u.before.b + err);
      // the update was made on a real mistake of the weights before it
      expect(predict(u.before.w, u.before.b, u.point)).toBe(u.predicted);
    }
    // consecutive updates chain: each starts where the previous ended
    for (let i = 1; i < r.updates.length; i++) expect(r.updates[i].before).toEqual(r.updates[i - 1].after);
    expect(r.message).toMatch(/converged after \d+ epochs and \d+ updates/);
  });

  it("reports non-convergence on XOR, naming Minsky & Papert and a hidden layer", () => {
    const xor = {
      x: [
        [0, 0],
        [0, 1],
        [1, 0],
        [1, 1],
      ],
      y: [0, 1, 1, 0],
    };
    const r = train(xor, { maxEpochs: 50 });
    expect(r.converged).toBe(false);
    expect(r.epochs).toBe(50);
    expect(r.mistakes).toBeGreaterThan(0);
    expect(r.message).toMatch(/Minsky & Papert/);
    expect(r.message).toMatch(/hidden layer/);
  });

  it("is reproducible for a seed", () => {
    expect(train(and, { seed: 7 }).updates).toEqual(train(and, { seed: 7 }).updates);
  });

  it("rejects labels outside {0, 1} before any update", () => {
    expect(() =>
      train(
        {
          x: [
            [0, 0],
            [1, 1],
          ],
          y: [0, 2],
        },
        {},
      ),
    ).toThrow(/dl.perceptron.train: argument "data.y".*\[0, 2\).*got 2 at index 1/);
  });

  it("names a bad option before any update", () => {
    const d = { x: [[0], [1]], y: [0, 1] };
    const w = argumentError(() => train(d, { w: [0, 0] }));
    expect([w.fn, w.argument, w.got]).toEqual(["dl.perceptron.train", "opts.w", "2 weights"]);
    expect(argumentError(() => train(d, { lr: NaN })).argument).toBe("opts.lr");
    expect(argumentError(() => train(d, { maxEpochs: 0 })).argument).toBe("opts.maxEpochs");
  });

  it("replays without a kernel by printing only the final line", async () => {
    const log = vi.spyOn(console, "log").mockImplementation(() => {});
    const r = train(and, { seed: 1 });
    await replay(and, r);
    expect(log).toHaveBeenCalledTimes(1);
    expect(log.mock.calls[0][0]).toMatch(/^decision boundary: 4 points .* · converged after/);
    log.mockRestore();
  });

  it("live: one decision-boundary output with the line and the corrected point, ending on the final line", () => {
    const sent: MimeBundle[] = [];
    const fake = {
      display: (d: MimeBundle) => sent.push(d),
      update: (_: string, d: MimeBundle) => sent.push(d),
    };
    (globalThis as Record<symbol, unknown>)[BRIDGE_KEY] = fake as unknown as KernelBridge;
    try {
      const r = train(and, { seed: 2, live: true });
      const figs = sent.map((m) => m[FIGURE_MIME] as FigurePayload);
      const first = figs[0];
      const u = r.updates[0];
      if (first.kind !== "decision-boundary") throw new Error(first.kind);
      expect(first.highlight).toEqual({ x: [u.point[0]], y: [u.point[1]] });
      // the drawn line is the one of the weights after the first update
      const fl = first.lines![0];
      for (let i = 0; i < fl.x.length; i++)
        expect(u.after.b + u.after.w[0] * fl.x[i] + u.after.w[1] * fl.y[i]).toBeCloseTo(0, 9);
      expect(fl.name).toMatch(/x₁ .* x₂ = 0$/);
      const last = figs[figs.length - 1];
      if (last.kind !== "decision-boundary") throw new Error(last.kind);
      expect(last.final).toBe(true);
      expect(last.highlight).toBeUndefined();
      expect(last.status).toBe(r.message);
      // the final line is w·x + b = 0 of the returned weights
      const l = last.lines![0];
      for (let i = 0; i < 2; i++) expect(r.b + r.w[0] * l.x[i] + r.w[1] * l.y[i]).toBeCloseTo(0, 9);
    } finally {
      delete (globalThis as Record<symbol, unknown>)[BRIDGE_KEY];
    }
  });
});
