import { afterEach, describe, expect, it, vi } from "vitest";
import { spawnSync } from "node:child_process";
import { existsSync } from "node:fs";
import * as path from "node:path";
import { doctorMain } from "../../src/cli/doctor";
import { backend } from "../../src/backend";
import { probeWebgpu } from "../../src/backend/webgpu";

const root = path.resolve(__dirname, "../..");
const dist = path.join(root, "src/dist");

async function run(args: string[]): Promise<{ code: number; out: string }> {
  let out = "";
  const spy = vi.spyOn(process.stdout, "write").mockImplementation((s: string | Uint8Array) => {
    out += String(s);
    return true;
  });
  try {
    return { code: await doctorMain(args), out };
  } finally {
    spy.mockRestore();
  }
}

afterEach(() => {
  delete process.env.DLAB_BACKEND;
});

describe("dlab doctor", () => {
  it("prints the same report as dl.backend() and exits 0", async () => {
    const { code, out } = await run([]);
    expect(code).toBe(0);
    expect(out).toBe(String(await backend()) + "\n");
    expect(out).toMatch(/^dlab backend: \w+: /);
    expect(out).toMatch(/✗ tensorflow|✓ tensorflow/);
  });
  it("prints JSON with --json, and a forced backend's failure without failing", async () => {
    const json = JSON.parse((await run(["--json"])).out);
    expect(json.name).toBe((await backend()).name);
    expect(Array.isArray(json.tried)).toBe(true);
    process.env.DLAB_BACKEND = "nonsense";
    const bad = await run([]);
    expect(bad).toEqual({
      code: 0,
      out: expect.stringMatching(/expected one of tensorflow, webgpu, wasm, cpu, got DLAB_BACKEND=nonsense/),
    });
    expect((await run(["--help"])).out).toMatch(/usage: dlab doctor/);
  });
  it("a mistyped option is a usage error (exit 2), not a report in the wrong format", async () => {
    let err = "";
    const spy = vi.spyOn(process.stderr, "write").mockImplementation((s: string | Uint8Array) => {
      err += String(s);
      return true;
    });
    try {
      expect(await run(["--jsn"])).toEqual({ code: 2, out: "" });
    } finally {
      spy.mockRestore();
    }
    expect(err).toMatch(/^dlab doctor: option: expected --json or --help, got "--jsn"\n\nusage: dlab doctor/);
  });
  // the committed bin that `npx dlab` links, on the dist/ the global set-up builds
  it("runs as `dlab doctor` from a terminal", () => {
    const res = spawnSync(process.execPath, [path.join(root, "src", "bin", "dlab.js"), "doctor"], {
      encoding: "utf8",
      timeout: 60_000,
    });
    expect(res.status).toBe(0);
    expect(res.stdout).toMatch(/^dlab backend: (tensorflow|webgpu|wasm|cpu): /);
    expect(res.stdout).toMatch(/memory: \d+ MB free/);
  });
});

describe("a plain node script on the WebGPU backend still exits", async () => {
  const hasAdapter = (await probeWebgpu()).adapters.length > 0;
  // Dawn keeps the event loop alive while a device exists; dlab destroys it once the script is done
  it.runIf(hasAdapter && existsSync(path.join(dist, "index.js")))(
    "exits after its last await, with the right result",
    () => {
      const script = `
      const dl = require(${JSON.stringify(path.join(dist, "index.js"))});
      const tf = require("@tensorflow/tfjs");
      (async () => {
        const r = await dl.backend({ force: "webgpu" });
        const s = tf.tidy(() => tf.ones([32, 32]).matMul(tf.ones([32, 32])).sum());
        await new Promise((res) => setTimeout(res, 700)); // a pause longer than the idle check
        // fit pauses on setImmediate between batches: that must not look like a finished script
        const m = tf.sequential({ layers: [tf.layers.dense({ inputShape: [4], units: 1 })] });
        m.compile({ optimizer: "sgd", loss: "meanSquaredError" });
        const h = await m.fit(tf.ones([64, 4]), tf.ones([64, 1]), { batchSize: 4, epochs: 3, verbose: 0 });
        if (h.history.loss.length !== 3) throw new Error("fit did not finish");
        console.log(r.name, (await s.data())[0]);
      })();`;
      const t0 = Date.now();
      const res = spawnSync(process.execPath, ["-e", script], {
        encoding: "utf8",
        timeout: 30_000,
        cwd: root,
      });
      expect(res.signal).toBeNull();
      expect(res.stdout.trim()).toBe(`webgpu ${32 * 32 * 32}`);
      expect(Date.now() - t0).toBeLessThan(15_000);
    },
  );
});
