import { describe, expect, it } from "vitest";
import { predict, replay, train, weightedSum } from "../../src/perceptron";

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
      'perceptron.predict: argument "x": expected 2 inputs (one per weight), got 1',
    );
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
    ).toThrow(/argument "y".*\[0, 2\).*got 2 at index 1/);
  });

  it("replays without a kernel by printing only the final line", async () => {
    const r = train(and, { seed: 1 });
    await expect(replay(and, r)).resolves.toBeUndefined();
  });
});
