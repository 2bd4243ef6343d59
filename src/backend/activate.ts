/**
 * Bringing up each tfjs backend. Each function loads what the backend needs on first use (never
 * at `import "dlab"`), sets it as the tfjs backend and says why not when it cannot.
 */
import * as tf from "@tensorflow/tfjs";
import { createRequire } from "node:module";
import { ATTEMPTS, type AdapterInfo } from "./webgpu";
import { exitWhenIdle } from "./idle";

const load = createRequire(__filename);

/** A backend that could not be set, with what would make it work. */
export class Unavailable extends Error {
  constructor(
    readonly why: string,
    readonly hint: string,
  ) {
    super(why);
  }
}

/** Set up WebGPU on the given adapter (found by the probe): globals and navigator.gpu first, then the tfjs backend. */
export async function activateWebgpu(adapter: AdapterInfo): Promise<string> {
  let w: { create(flags: string[]): any; globals: object };
  try {
    w = load("webgpu"); // an ES module: require() of it needs Node ≥ 20.19
  } catch (e) {
    throw new Unavailable(
      `the webgpu package failed to load: ${(e as Error).message.split("\n")[0]}`,
      "use Node ≥ 20.19",
    );
  }
  const attempt = ATTEMPTS.find((a) => a.via === adapter.via) ?? ATTEMPTS[0];
  Object.assign(globalThis, w.globals);
  // Dawn's GL backend needs an EGL platform without a display server
  if (attempt.via === "opengl") process.env.EGL_PLATFORM ??= "surfaceless";
  const gpu = w.create(attempt.flags);
  if (attempt.featureLevel) {
    // tfjs asks for an adapter without a feature level; a GL adapter exists only in compatibility mode
    const request = gpu.requestAdapter.bind(gpu);
    gpu.requestAdapter = (o: object = {}) => request({ ...o, featureLevel: attempt.featureLevel });
  }
  // tfjs-backend-webgpu looks for navigator.gpu when it is imported, so this must come first
  const nav = (globalThis as { navigator?: object }).navigator;
  if (nav) Object.defineProperty(nav, "gpu", { value: gpu, configurable: true, writable: true });
  else Object.defineProperty(globalThis, "navigator", { value: { gpu }, configurable: true, writable: true });
  load("@tensorflow/tfjs-backend-webgpu");
  if (!(await tf.setBackend("webgpu"))) {
    tf.removeBackend("webgpu");
    throw new Unavailable(
      "tfjs-backend-webgpu failed to start on the adapter",
      "see the warnings above; try DLAB_BACKEND=wasm",
    );
  }
  const backend = tf.backend() as unknown as { device: { destroy(): void } };
  const inKernel = (globalThis as Record<symbol, unknown>)[Symbol.for("dlab.kernel.bridge.v1")] !== undefined;
  if (!inKernel) exitWhenIdle(backend.device, backend as unknown as Record<string, any>);
  return "reads must be asynchronous on this backend: use await t.data(), not dataSync()";
}

/** WebAssembly with SIMD; tfjs turns its threads off in Node, so it runs on one core. */
export async function activateWasm(): Promise<string> {
  try {
    load("@tensorflow/tfjs-backend-wasm");
  } catch (e) {
    throw new Unavailable(
      `@tensorflow/tfjs-backend-wasm failed to load: ${(e as Error).message.split("\n")[0]}`,
      "npm install @tensorflow/tfjs-backend-wasm",
    );
  }
  if (!(await tf.setBackend("wasm")))
    throw new Unavailable(
      "the wasm backend failed to start",
      "check that the .wasm files are next to the package",
    );
  const simd = await tf.env().getAsync("WASM_HAS_SIMD_SUPPORT");
  return `SIMD ${simd ? "on" : "off"}, 1 thread (tfjs turns wasm threads off in Node)`;
}

/** Plain JavaScript: always works, slowest. */
export async function activateCpu(): Promise<string> {
  if (!(await tf.setBackend("cpu")))
    throw new Unavailable("the cpu backend failed to start", "reinstall @tensorflow/tfjs");
  // tfjs's banner ("install our node backend") on first use: dlab's report already says what would be faster
  (tf.backend() as unknown as { firstUse: boolean }).firstUse = false;
  return "plain JavaScript, one core";
}
