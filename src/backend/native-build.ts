/**
 * Which build of the native backend this process runs (scripts/native.mjs makes `cpu` from the
 * tensorflow-cpu wheel or `cuda` from the tensorflow wheel with NVIDIA's CUDA libraries), read from
 * what the process actually mapped, and whether TensorFlow put its ops on a GPU.
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { basename, join } from "node:path";

const load = createRequire(__filename);

/** The native backend's build in this process. */
export interface NativeBuild {
  /** `cpu` (.venv/tensorflow-cpu), `cuda` (.venv/tensorflow-cuda), or `other` (a libtensorflow from elsewhere). */
  build: "cpu" | "cuda" | "other";
  /** The libtensorflow file the process mapped ("" when none was found). */
  library: string;
  /** True when TensorFlow found a GPU and runs tfjs's ops on its first one (tfjs-node's isUsingGpuDevice). */
  gpu: boolean;
  /** CUDA libraries the process mapped (libcudart, libcublas, libcudnn), by file name. */
  cudaLibraries: string[];
  /** Why the set-up did not make the cuda build although it was chosen (.venv/tensorflow-cuda/SKIPPED). */
  cudaSkipped?: string;
}

/**
 * The build, from the text of /proc/self/maps and whether TensorFlow uses a GPU (pure: tested with
 * made-up maps).
 * @example
 * parseNativeBuild("7f… r-xp … /r/.venv/tensorflow-cuda/lib/libtensorflow_cc.so.2\n", false).build; // "cuda"
 */
export function parseNativeBuild(maps: string, gpu: boolean): NativeBuild {
  const files = new Set(maps.split("\n").map((l) => l.slice(l.indexOf("/")).trim()));
  const library = [...files].find((f) => /\/libtensorflow(_cc)?\.so(\.\d+)*$/.test(f)) ?? "";
  const build = /\/tensorflow-cuda\/lib\//.test(library)
    ? "cuda"
    : /\/tensorflow-cpu\/lib\//.test(library)
      ? "cpu"
      : "other";
  const cudaLibraries = [...files]
    .filter((f) => /\/lib(cudart|cublas|cudnn)\.so\.\d+$/.test(f))
    .map((f) => basename(f))
    .sort();
  return { build, library, gpu, cudaLibraries };
}

/** Why the set-up skipped the cuda build, from .venv/tensorflow-cuda/SKIPPED next to node_modules. */
function cudaSkipped(): string | undefined {
  try {
    const root = join(load.resolve("@tensorflow/tfjs-node/package.json"), "..", "..", "..", "..");
    const file = join(root, ".venv", "tensorflow-cuda", "SKIPPED");
    return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The native backend's build in this process, or undefined before the `tensorflow` backend started.
 * @example
 * nativeBuild(); // { build: "cpu", library: "…/.venv/tensorflow-cpu/lib/libtensorflow_cc.so.2", gpu: false, cudaLibraries: [] }
 */
export function nativeBuild(backend = tf.findBackend("tensorflow")): NativeBuild | undefined {
  if (!backend) return undefined;
  let maps = "";
  try {
    maps = readFileSync("/proc/self/maps", "utf8");
  } catch {
    // not Linux: the build stays "other" and no library is named
  }
  const gpu = (backend as { isUsingGpuDevice?: boolean }).isUsingGpuDevice === true;
  const found = parseNativeBuild(maps, gpu);
  const skipped = found.build === "cpu" ? cudaSkipped() : undefined;
  return skipped ? { ...found, cudaSkipped: skipped } : found;
}
