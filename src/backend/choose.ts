/**
 * Choosing the tfjs backend: the first that works of tensorflow (native, CUDA), webgpu on a real
 * GPU, wasm, cpu, with a report of why each faster one was passed over and what would enable it.
 * Backends are loaded here, on the first call, never when "dlab" is imported.
 *
 * Environment: DLAB_BACKEND=tensorflow|webgpu|wasm|cpu forces one. TensorFlow's threads are chosen
 * before it loads unless TF_NUM_INTRAOP_THREADS/TF_NUM_INTEROP_THREADS are set (native.ts). TF_FORCE_GPU_ALLOW_GROWTH is set
 * to "true" (unless already set) before tfjs-node-gpu loads, so TensorFlow grows its GPU memory as
 * needed instead of taking all of it (a lab room shares GPUs). DLAB_WEBGPU_KEEP_ALIVE=1 keeps the
 * WebGPU device even when a script looks finished (see backend/idle.ts).
 */
import * as tf from "@tensorflow/tfjs";
import { ArgumentError } from "../errors";
import { activateCpu, activateWasm, activateWebgpu, Unavailable } from "./activate";
import { activateTensorflow, nativeThreads } from "./native";
import { makeReport, ORDER, type Attempt, type BackendName, type BackendReport } from "./report";
import { adapterName, probeWebgpu, type AdapterInfo } from "./webgpu";
import { lacking, modelKernels } from "./kernels";

/** Options of {@link backend}. */
export interface BackendOptions {
  /** Use exactly this backend, or throw saying why it cannot be used. Defaults to $DLAB_BACKEND, else automatic. */
  force?: BackendName;
}

const VULKAN =
  "on a machine with a GPU, install its Vulkan driver and the loader (Debian/Ubuntu: libvulkan1 with " +
  "mesa-vulkan-drivers for AMD/Intel, or the NVIDIA driver's Vulkan ICD)";

let memo: { key: string; report: Promise<BackendReport> } | undefined;
/** The backend the last `dl.backend({ force })` asked for in code (not by DLAB_BACKEND). */
let forcedInCode: BackendName | undefined;

/**
 * The backend forced by the student's own `dl.backend({ force })` call, if the last call forced one.
 * @example
 * await dl.backend({ force: "wasm" }); forcedByCode(); // "wasm"
 */
export function forcedByCode(): BackendName | undefined {
  return forcedInCode;
}

/**
 * The backend dl.backend() has chosen in this process (or is choosing), without choosing one.
 * @example
 * await chosenBackend(); // undefined before the first dl.backend() call
 */
export async function chosenBackend(): Promise<BackendReport | undefined> {
  return memo?.report.catch(() => undefined);
}

/** WebGPU: only a hardware adapter counts, unless WebGPU was asked for by name. */
async function tryWebgpu(
  forced: boolean,
  seen: { adapters?: AdapterInfo[]; adapter?: AdapterInfo },
): Promise<string> {
  const probe = await probeWebgpu();
  seen.adapters = probe.adapters;
  if (probe.error) throw new Unavailable(probe.error, "npm install webgpu (Dawn comes prebuilt inside)");
  const gpu = probe.adapters.find((a) => !a.software) ?? (forced ? probe.adapters[0] : undefined);
  if (gpu) {
    seen.adapter = gpu;
    const note = await activateWebgpu(gpu);
    return `${adapterName(gpu)}${gpu.software ? " (a software adapter: slower than wasm)" : ""}; ${note}`;
  }
  const noVulkan = probe.warnings.find((w) => /libvulkan/.test(w));
  if (probe.adapters.length) {
    const names = probe.adapters.map(adapterName).join("; ");
    throw new Unavailable(
      `only a software adapter (${names}): a CPU rasteriser, not a GPU, slower than wasm`,
      VULKAN,
    );
  }
  throw new Unavailable(
    noVulkan ? "no Vulkan driver (libvulkan.so.1 not found) and no GPU adapter" : "Dawn found no GPU adapter",
    VULKAN,
  );
}

async function activate(
  name: BackendName,
  forced: boolean,
  seen: { adapters?: AdapterInfo[]; adapter?: AdapterInfo },
): Promise<string> {
  if (name === "tensorflow") return activateTensorflow();
  if (name === "webgpu") return tryWebgpu(forced, seen);
  if (name === "wasm") return activateWasm();
  return activateCpu();
}

/** Try backends in order from `start` and set the first that works. */
async function choose(
  force: BackendName | undefined,
  from: readonly BackendName[] = ORDER,
  prefix: Attempt[] = [],
): Promise<BackendReport> {
  const tried = [...prefix];
  const seen: { adapters?: AdapterInfo[]; adapter?: AdapterInfo } = {};
  for (const name of force ? [force] : from) {
    try {
      const why = await activate(name, force !== undefined, seen);
      tried.push({ name, ok: true, why, hint: "" });
      const reason = force
        ? `forced; ${why}`
        : tried.length === 1
          ? `the fastest kind; ${why}`
          : `the fastest that works here; ${why}`;
      return makeReport({
        name,
        reason,
        tried,
        adapter: name === "webgpu" ? seen.adapter : undefined,
        adapters: seen.adapters,
        threads: name === "tensorflow" ? nativeThreads() : undefined,
        forced: !!force,
      });
    } catch (e) {
      const u = e instanceof Unavailable ? e : new Unavailable((e as Error).message, "");
      tried.push({ name, ok: false, why: u.why, hint: u.hint });
      if (force) {
        throw new Error(
          `dl.backend: the "${force}" backend was asked for but cannot be used: ${u.why}.${u.hint ? ` To enable it: ${u.hint}.` : ""} Unset DLAB_BACKEND (or drop "force") to let dlab choose.`,
        );
      }
    }
  }
  throw new Error(
    `dl.backend: no tfjs backend works here:\n${tried.map((a) => `  ${a.name}: ${a.why}`).join("\n")}`,
  );
}

function forcedName(opts: BackendOptions): BackendName | undefined {
  const v = opts.force ?? (process.env.DLAB_BACKEND || undefined);
  if (v === undefined) return undefined;
  if (!(ORDER as readonly string[]).includes(v)) {
    const from = opts.force ? `force: "${v}"` : `DLAB_BACKEND=${v}`;
    throw new ArgumentError(
      "dl.backend",
      opts.force ? "opts.force" : "DLAB_BACKEND",
      `one of ${ORDER.join(", ")}`,
      from,
    );
  }
  return v as BackendName;
}

/**
 * Choose and set the fastest tfjs backend that works here, and say why. Cheap after the first call.
 * @example
 * const r = await dl.backend(); // r.name: "wasm" on a laptop without a GPU driver
 * console.log(String(r));       // which one, and why each faster one was passed over
 */
export async function backend(opts: BackendOptions = {}): Promise<BackendReport> {
  const force = forcedName(opts);
  forcedInCode = opts.force ? force : undefined;
  const key = force ?? "auto";
  if (!memo || memo.key !== key) {
    const report = choose(force);
    memo = { key, report };
    report.catch(() => {
      if (memo?.report === report) memo = undefined; // a failed choice is retried next time
    });
  }
  const report = await memo.report;
  // someone may have called tf.setBackend since: put the chosen one back (cheap, already initialised)
  if (tf.getBackend() !== report.name) await tf.setBackend(report.name);
  return report;
}

/** What a model needs from a backend: a model (its kernels measured), "train-conv", or tfjs kernel names. */
export type BackendNeed = "train-conv" | { kernels: string[]; what?: string } | tf.LayersModel;

/** A tiny convolutional model: what "train-conv" needs is what training it runs. */
function convProbe(): tf.LayersModel {
  const l = tf.layers;
  const m = tf.sequential({
    layers: [
      l.conv2d({ inputShape: [4, 4, 1], filters: 1, kernelSize: 3 }),
      l.flatten(),
      l.dense({ units: 1 }),
    ],
  });
  m.compile({ optimizer: "sgd", loss: "meanSquaredError" });
  return m;
}

async function kernelsFor(need: BackendNeed): Promise<{ kernels: string[]; what: string }> {
  if (need === "train-conv") {
    const m = convProbe();
    try {
      return { kernels: (await modelKernels(m)) ?? [], what: "training convolutions" };
    } finally {
      m.dispose();
    }
  }
  if ("kernels" in need) return { kernels: need.kernels, what: need.what ?? "this model" };
  // unmeasurable (no probe step ran): nothing known to lack; training will say what is wrong
  return { kernels: (await modelKernels(need)) ?? [], what: "training this model" };
}

/** Backends that could not be started, so they are not tried again for every model. */
const unavailable = new Map<BackendName, string>();

/** A backend passed over while looking for one that has every kernel, and why. */
export interface PassedOver {
  name: BackendName;
  /** The kernels it lacks; empty when it is not available here. */
  lack: string[];
  /** Why it was passed over, in words. */
  why: string;
}

/**
 * Set `preferred` if it has every kernel in `kernels`, else the fastest other backend that has them
 * all, starting the ones not started yet; says which were passed over and why. Faster ones come
 * before slower ones even when the preference was a slower one (DLAB_BACKEND=wasm on the hub): a
 * small CNN trained ~100× slower on cpu than on tensorflow (1024 MNIST-sized images, 140 s vs 1.1 s).
 * @example
 * await useFirstWith(await modelKernels(cnn), "wasm"); // { name: "tensorflow", passed: [{ name: "wasm", lack: ["Conv2DBackpropFilter"], … }] }
 */
export async function useFirstWith(
  kernels: readonly string[],
  preferred: BackendName,
): Promise<{ name: BackendName; passed: PassedOver[] }> {
  const passed: PassedOver[] = [];
  for (const name of [preferred, ...ORDER.filter((b) => b !== preferred)]) {
    const lackNow = () => lacking(kernels, name);
    // a backend's kernels are registered when its module loads, before it starts
    if (tf.findBackendFactory(name) && lackNow().length) {
      passed.push({ name, lack: lackNow(), why: `lacks ${lackNow().join(", ")}` });
      continue;
    }
    if (unavailable.has(name)) {
      passed.push({ name, lack: [], why: unavailable.get(name)! });
      continue;
    }
    try {
      if (tf.findBackend(name)) await tf.setBackend(name);
      else await activate(name, false, {});
    } catch (e) {
      const why = `not available here: ${(e as Error).message}`;
      unavailable.set(name, why);
      passed.push({ name, lack: [], why });
      continue;
    }
    if (lackNow().length) {
      passed.push({ name, lack: lackNow(), why: `lacks ${lackNow().join(", ")}` });
      continue;
    }
    return { name, passed };
  }
  const list = passed.map((p) => `${p.name} ${p.why}`).join("; ");
  throw new Error(`no tfjs backend here has every kernel needed: ${list}`);
}

/**
 * The backend from {@link backend}, unless it lacks a kernel the model needs to train (wasm has no
 * Conv2DBackpropFilter, so it cannot train convolutions); then the fastest other one that has them
 * all, with the reason saying so. The kernels are measured: one training step of the model on a
 * tiny batch of zeros, profiled (memoised per model; see backend/kernels.ts). A backend forced
 * with `{ force }` that lacks one throws; one from DLAB_BACKEND is a preference and falls back.
 * The model's size is not looked at: dl.train trains a small model on wasm when this says
 * `tensorflow` on the CPU (chosen by dl.backend() itself), see train/small-model.ts.
 * @example
 * const cnn = tf.sequential({ layers: [tf.layers.conv2d({ inputShape: [28, 28, 1], filters: 8, kernelSize: 3 })] });
 * const r = await dl.backendFor(cnn); // r.reason: "wasm lacks Conv2DBackpropFilter, needed for training this model, so cpu; …" (no tensorflow here)
 */
export async function backendFor(need: BackendNeed, opts: BackendOptions = {}): Promise<BackendReport> {
  const base = await backend(opts);
  const { kernels, what } = await kernelsFor(need);
  const lack = lacking(kernels, base.name);
  if (lack.length === 0) {
    if (tf.getBackend() !== base.name) await tf.setBackend(base.name); // the probe ran on cpu
    return base;
  }
  const why = `lacks ${lack.join(", ")}, needed for ${what}`;
  if (opts.force)
    throw new Error(
      `dl.backendFor: the forced backend "${base.name}" ${why}; force another one or drop "force" to let dlab choose`,
    );
  const { name, passed } = await useFirstWith(kernels, base.name);
  const prefix: Attempt[] = [
    ...base.tried.slice(0, -1),
    ...passed.map((p) => ({ name: p.name, ok: false, why: p.name === base.name ? why : p.why, hint: "" })),
  ];
  const r = await choose(undefined, [name], prefix);
  const pref = base.forced ? ` (DLAB_BACKEND=${base.name}, a preference)` : "";
  r.reason = `${base.name}${pref} ${why}, so ${name}; ${r.tried[r.tried.length - 1].why}`;
  return r;
}
