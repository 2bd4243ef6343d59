import { describe, expect, it } from "vitest";
import * as A from "../../src/activations";

// central differences as the independent reference for each derivative
const numeric = (f: (z: number) => number, z: number, h = 1e-5) => (f(z + h) - f(z - h)) / (2 * h);

describe("activations", () => {
  it("take values from their definitions", () => {
    expect(A.sigmoid(0)).toBe(0.5);
    expect(A.sigmoid(2)).toBeCloseTo(1 / (1 + Math.exp(-2)), 15);
    expect(A.sigmoid(-800)).toBe(0); // no overflow to NaN
    expect(A.sigmoid(800)).toBe(1);
    expect(A.relu([-1, 0, 2])).toEqual([0, 0, 2]);
    expect(A.step([-2, 0, 1])).toEqual([0, 0, 1]);
    // σ(z) = (1 + tanh(z/2)) / 2, the identity from lab 02
    for (const z of [-3, -0.5, 0.7, 4]) expect(A.sigmoid(z)).toBeCloseTo((1 + Math.tanh(z / 2)) / 2, 14);
  });
  it("derivatives match central differences", () => {
    for (const z of [-3, -0.5, 0.3, 2]) {
      expect(A.sigmoidPrime(z)).toBeCloseTo(numeric(A.sigmoid, z), 8);
      expect(A.tanhPrime(z)).toBeCloseTo(numeric(A.tanh, z), 8);
      expect(A.reluPrime(z)).toBeCloseTo(numeric(A.relu, z), 8);
    }
    expect(A.reluPrime([-1, 0, 1])).toEqual([0, 0, 1]);
    expect(A.byName.sigmoid.df(0)).toBe(0.25);
  });
});
