import { afterEach, describe, expect, it } from "vitest";
import * as tf from "@tensorflow/tfjs";
import { backend, backendFor, BACKENDS } from "../../src/backend";
import { probeWebgpu } from "../../src/backend/webgpu";
import { tfThreads } from "../../src/backend/native";
import { nativeMissing } from "./native-backend";

// what the set-up built here decides which branch the first test checks
const missing = nativeMissing();

afterEach(() => {
  delete process.env.DLAB_BACKEND;
});

describe("dl.backend chooses the first backend that works, in order", () => {
  it("reports each faster backend it passed over, with why and what would enable it", async () => {
    const r = await backend();
    expect(tf.getBackend()).toBe(r.name);
    // tried in the documented order, failures first, the chosen one last
    expect(r.tried.map((a) => a.name)).toEqual(BACKENDS.slice(0, r.tried.length));
    expect(r.tried.slice(0, -1).every((a) => !a.ok && a.why.length > 0 && a.hint.length > 0)).toBe(true);
    expect(r.tried[r.tried.length - 1]).toMatchObject({ name: r.name, ok: true });
    // the set-up builds tfjs-node's addon against the tensorflow-cpu wheel where it can: then it comes first
    if (missing === undefined) {
      expect(r.name).toBe("tensorflow");
      expect(r.tried).toHaveLength(1);
      // the first line is the same on every machine with the addon (labs store it); the threads follow
      expect(r.reason).toBe("the fastest kind; TensorFlow's CPU kernels (oneDNN)");
      expect(r.threads).toMatchObject({ inter: 1 });
      expect(String(r)).toMatch(
        /\n {2}threads: \d+ intra-op, 1 inter-op \((chosen for this machine|from TF_NUM_)/,
      );
    } else {
      expect(r.tried[0]).toMatchObject({ name: "tensorflow", ok: false });
      expect(r.tried[0].hint).toMatch(/npm run setup.*tensorflow-cpu wheel/);
    }
    // an independent look at the adapters: a software one never counts as a GPU
    const probe = await probeWebgpu();
    const hardware = probe.adapters.filter((a) => !a.software);
    if (r.tried[0].ok === false && hardware.length === 0) {
      expect(r.name).toBe("wasm");
      const web = r.tried[1];
      expect(web.name).toBe("webgpu");
      expect(web.why).toMatch(probe.adapters.length ? /only a software adapter .*not a GPU/ : /no .*adapter/);
      expect(web.hint).toMatch(/Vulkan driver/);
      expect(r.tried[2].why).toMatch(/SIMD on, 1 thread/);
    }
    expect(r.memory.totalMB).toBeGreaterThan(0);
    const text = String(r);
    for (const a of r.tried) expect(text).toContain(a.why);
    expect(text.split("\n")[0]).toBe(`dlab backend: ${r.name}: ${r.reason}`);
    // the one line a lab's first cell prints is that first line, also after backendFor rewrites the reason
    expect(r.summary).toBe(text.split("\n")[0]);
    expect(r.summary).not.toContain("\n");
  });
  it("is memoised: the second call is cheap and gives the same report, and restores the backend", async () => {
    const first = await backend();
    const t0 = performance.now();
    const again = await backend();
    expect(performance.now() - t0).toBeLessThan(50);
    expect(again).toBe(first);
    await tf.setBackend("cpu");
    await backend();
    expect(tf.getBackend()).toBe(first.name);
  });
  it("can be forced by option or by DLAB_BACKEND, and says clearly when the forced one cannot load", async () => {
    expect((await backend({ force: "cpu" })).name).toBe("cpu");
    expect(tf.getBackend()).toBe("cpu");
    process.env.DLAB_BACKEND = "wasm";
    const w = await backend();
    expect([w.name, w.forced, tf.getBackend()]).toEqual(["wasm", true, "wasm"]);
    expect(String(w)).toMatch(/forced by DLAB_BACKEND/);
    process.env.DLAB_BACKEND = "gpu";
    await expect(backend()).rejects.toThrow(
      /argument "DLAB_BACKEND": expected one of tensorflow, webgpu, wasm, cpu, got DLAB_BACKEND=gpu/,
    );
    await expect(backend({ force: "fast" as never })).rejects.toThrow(
      /argument "opts.force": expected one of .*, got force: "fast"/,
    );
    if (missing !== undefined) {
      process.env.DLAB_BACKEND = "tensorflow";
      await expect(backend()).rejects.toThrow(
        /the "tensorflow" backend was asked for but cannot be used: @tensorflow\/tfjs-node-gpu is not installed.*To enable it: run `npm run setup`/,
      );
    }
  });
  it("sets TF_FORCE_GPU_ALLOW_GROWTH before trying the native backend (never all GPU memory)", async () => {
    await backend({ force: "tensorflow" }).catch(() => undefined);
    expect(process.env.TF_FORCE_GPU_ALLOW_GROWTH).toBe("true");
  });
});

describe("TensorFlow's threads", () => {
  const keep = { ...process.env };
  afterEach(() => {
    for (const k of ["TF_NUM_INTRAOP_THREADS", "TF_NUM_INTEROP_THREADS"])
      if (keep[k] === undefined) delete process.env[k];
      else process.env[k] = keep[k];
  });
  it("are one intra-op thread on 2 cores, half the cores (at most 4) on more, one inter-op; the user's setting wins", () => {
    const fresh = (cores: number) => {
      delete process.env.TF_NUM_INTRAOP_THREADS;
      delete process.env.TF_NUM_INTEROP_THREADS;
      return tfThreads(cores);
    };
    expect(fresh(2)).toEqual({ intra: 1, inter: 1, chosen: true });
    expect(fresh(1).intra).toBe(1);
    expect(fresh(6).intra).toBe(3);
    expect(fresh(64).intra).toBe(4);
    expect(process.env.TF_NUM_INTRAOP_THREADS).toBe("4"); // set for TensorFlow to read when it loads
    process.env.TF_NUM_INTRAOP_THREADS = "7";
    delete process.env.TF_NUM_INTEROP_THREADS;
    expect(tfThreads(2)).toEqual({ intra: 7, inter: 1, chosen: false });
  });
});

describe("dl.backendFor", () => {
  const conv = () =>
    tf.sequential({
      layers: [
        tf.layers.conv2d({ inputShape: [8, 8, 1], filters: 2, kernelSize: 3 }),
        tf.layers.flatten(),
        tf.layers.dense({ units: 2 }),
      ],
    });
  it("moves a convolutional model off wasm (no Conv2DBackpropFilter) and says so; dense models stay", async () => {
    const base = await backend({ force: undefined });
    const dense = tf.sequential({ layers: [tf.layers.dense({ inputShape: [2], units: 1 })] });
    expect((await backendFor(dense)).name).toBe(base.name);
    const model = conv();
    const r = await backendFor(model);
    if (base.name === "wasm") {
      expect(tf.getKernel("Conv2DBackpropFilter", "wasm")).toBeUndefined();
      expect(r.name).toBe("cpu");
      expect(r.reason).toMatch(
        /^wasm( \(DLAB_BACKEND=wasm, a preference\))? lacks Conv2DBackpropFilter, needed for training this model, so cpu/,
      );
    }
    expect(tf.getBackend()).toBe(r.name);
    // and it really trains there
    model.compile({ optimizer: "sgd", loss: "meanSquaredError" });
    const [x, y] = [tf.ones([4, 8, 8, 1]), tf.zeros([4, 2])];
    const h = await model.fit(x, y, { epochs: 1, verbose: 0 });
    expect(Number.isFinite(h.history.loss[0] as number)).toBe(true);
    tf.dispose([x, y]);
    model.dispose();
    dense.dispose();
  });
  it("refuses when the forced backend lacks what the model needs", async () => {
    const model = conv();
    await expect(backendFor(model, { force: "wasm" })).rejects.toThrow(
      /forced backend "wasm" lacks Conv2DBackpropFilter/,
    );
    model.dispose();
  });
});
