import { describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import * as data from "../../src/data/index";
import { argumentError } from "./argument-error";

describe("split and shuffle", () => {
  const d = data.moons({ n: 500, seed: 0 });
  // tag each sample so disjointness can be checked by identity
  const tagged = { ...d, x: d.x.map((p, i) => [...p, i]) };
  it("splits into disjoint parts of the asked sizes that cover everything", () => {
    const s = data.split(tagged, { validation: 0.2, test: 50, seed: 1 });
    expect([s.train.x.length, s.validation.x.length, s.test.x.length]).toEqual([350, 100, 50]);
    const ids = [s.train, s.validation, s.test].flatMap((p) => p.x.map((r) => r[2]));
    expect(new Set(ids).size).toBe(500);
    // labels travel with their points
    for (const p of [s.train, s.validation, s.test]) p.x.forEach((r, i) => expect(p.y[i]).toBe(d.y[r[2]]));
    expect(s.train.classes).toEqual(d.classes);
    expect(data.split(tagged, { validation: 0.2, test: 50, seed: 1 })).toEqual(s);
    expect(data.split(tagged, { validation: 0.2, test: 50, seed: 2 }).test).not.toEqual(s.test);
  });
  it("refuses sizes that leave nothing to train on", () => {
    expect(() => data.split(d, { validation: 0.5, test: 0.5 })).toThrow(
      /validation \(250\) \+ test \(250\) samples, which leave nothing to train on out of 500/,
    );
    const e = argumentError(() => data.split(d, { validation: 2.5 }));
    expect([e.fn, e.argument]).toEqual(["dl.data.split", "opts.validation"]);
    expect(e.message).toMatch(/expected a fraction in \[0, 1\) or a whole number of samples, got 2.5/);
    expect(argumentError(() => data.take(d, [0, 500])).message).toMatch(
      /"indices": expected integers in \[0, 500\).*got 500 at index 1/,
    );
  });
  it("splits flat image sets too", () => {
    const m = data.mnist({ train: 100, test: 0 }).train;
    const s = data.split(m, { validation: 10, seed: 0 });
    expect([s.train.n, s.validation.n, s.train.x.length, s.validation.y.length]).toEqual([
      90,
      10,
      90 * 784,
      10,
    ]);
    const i = s.validation.x.indexOf(0); // sanity: still pixels in [0, 1]
    expect(i).toBeGreaterThanOrEqual(0);
  });
  it("shuffles x and y together, seeded", () => {
    const s = data.shuffle(tagged, 3);
    expect(s.x.map((r) => r[2]).sort((a, b) => a - b)).toEqual(d.x.map((_, i) => i));
    s.x.forEach((r, i) => expect(s.y[i]).toBe(d.y[r[2]]));
    expect(data.shuffle(tagged, 3)).toEqual(s);
    expect(data.shuffle([1, 2, 3, 4, 5], 0)).toEqual(data.shuffle([1, 2, 3, 4, 5], 0));
  });
});

describe("normalize", () => {
  it("fits mean and population std on train only and applies them to the others", () => {
    const train = {
      x: [
        [1, 10],
        [3, 30],
        [5, 50],
      ],
      y: [0, 1, 0],
    };
    const test = { x: [[3, 70]], y: [1] };
    const s = data.normalize({ train, test });
    // by hand: mean [3, 30], std sqrt(8/3) and sqrt(800/3)
    expect(s.normalizer.shift).toEqual([3, 30]);
    expect(s.normalizer.scale[0]).toBeCloseTo(Math.sqrt(8 / 3), 12);
    expect(s.train.x[0][0]).toBeCloseTo(-2 / Math.sqrt(8 / 3), 12);
    expect(s.test.x[0][1]).toBeCloseTo(40 / Math.sqrt(800 / 3), 12);
    expect(train.x[0]).toEqual([1, 10]); // inputs untouched
  });
  it("min-max scales into [0, 1]; constant features keep scale 1; flat images can share one statistic", () => {
    const n = data.fitNormalizer(
      [
        [2, 7],
        [4, 7],
        [6, 7],
      ],
      { method: "minmax" },
    );
    expect(
      n.transform([
        [2, 7],
        [6, 7],
        [4, 8],
      ]),
    ).toEqual([
      [0, 0],
      [1, 0],
      [0.5, 1],
    ]);
    const img = data.fitNormalizer(Float32Array.from([0, 1, 0, 1]), { n: 2, perFeature: false });
    expect(img.shift).toEqual([0.5]);
    expect(Array.from(img.transform(Float32Array.from([1, 0])))).toEqual([1, -1]);
    expect(() => data.fitNormalizer([[1]], { method: "zscore" as never })).toThrow(
      /"opts.method": expected "standard" or "minmax", got "zscore"/,
    );
    const e = argumentError(() => data.standardize({ train: { x: [], y: [] } }));
    expect([e.fn, e.argument, e.got]).toEqual(["dl.data.standardize", "splits.train.x", "an empty array"]);
    expect(argumentError(() => data.normalize(undefined as never)).argument).toBe("splits");
  });
});

describe("batches", () => {
  it("covers every sample once per epoch, seeded per (seed, epoch)", () => {
    const b = data.batchIndices(103, { batchSize: 10, seed: 4, epoch: 0 });
    expect(b.map((a) => a.length)).toEqual([10, 10, 10, 10, 10, 10, 10, 10, 10, 10, 3]);
    expect(b.flatMap((a) => Array.from(a)).sort((p, q) => p - q)).toEqual(
      Array.from({ length: 103 }, (_, i) => i),
    );
    expect(data.batchIndices(103, { batchSize: 10, seed: 4, epoch: 0 })).toEqual(b);
    expect(data.batchIndices(103, { batchSize: 10, seed: 4, epoch: 1 })).not.toEqual(b);
    expect(data.batchIndices(103, { batchSize: 10, dropLast: true, shuffle: false })[0]).toEqual(
      Int32Array.from({ length: 10 }, (_, i) => i),
    );
    expect(() => data.batchIndices(10, { batchSize: 0 })).toThrow(
      /"opts.batchSize": expected a positive integer, got 0/,
    );
    expect(argumentError(() => data.batchIndices(0)).argument).toBe("n");
  });
  it("gives array and tensor batches with matching rows, without leaking", () => {
    const d = data.xor({ n: 50, seed: 1 });
    const arr = [...data.batches(d.x, d.y, { batchSize: 16, seed: 2 })];
    arr.forEach((b) => b.x.forEach((p, k) => expect(p).toBe(d.x[b.indices[k]])));
    const before = tf.memory().numTensors;
    const xs = tf.tensor2d(d.x),
      ys = tf.tensor1d(d.y, "int32");
    let k = 0;
    for (const b of data.batches(xs, ys, { batchSize: 16, seed: 2 })) {
      expect(b.x.arraySync()).toEqual(arr[k].x.map((p) => p.map((v) => Math.fround(v))));
      expect(Array.from(b.y.dataSync())).toEqual(arr[k].y);
      tf.dispose([b.x, b.y]);
      k++;
    }
    expect(k).toBe(4);
    tf.dispose([xs, ys]);
    expect(tf.memory().numTensors).toBe(before);
    expect(() => [...data.batches([[1], [2]], [0], {})]).toThrow(
      /"x": expected the same number of samples as y \(1\), got 2 samples/,
    );
    const e = argumentError(() => [...data.batches([], [], { batchSize: 0 })]);
    expect([e.fn, e.argument]).toEqual(["dl.data.batches", "y"]);
  });
  it("toTensors makes [n, 784] images and one-hot targets", () => {
    const before = tf.memory().numTensors;
    const m = data.mnist({ train: 20, test: 0 }).train;
    const t = data.toTensors(m, { oneHot: true });
    expect([t.x.shape, t.y.shape]).toEqual([
      [20, 784],
      [20, 10],
    ]);
    const labels = t.y.argMax(1);
    expect(Array.from(labels.dataSync())).toEqual(Array.from(m.y));
    const c = data.toTensors(m, { flatten: false });
    expect(c.x.shape).toEqual([20, 28, 28, 1]);
    tf.dispose([t.x, t.y, c.x, c.y, labels]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
