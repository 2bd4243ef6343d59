/**
 * The native backend, `tensorflow`: TensorFlow's own kernels under tfjs, through @tensorflow/tfjs-node's
 * addon, which the set-up builds against the PyPI tensorflow-cpu wheel (scripts/native.mjs).
 */
import * as tf from "@tensorflow/tfjs";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as os from "node:os";
import { join } from "node:path";
import { Unavailable } from "./activate";
import { fixMovedViews } from "./moved-views";
import { fuseAdam } from "./fused-adam";
import { leanKernels } from "./lean-kernels";
import { nativeBuild } from "./native-build";

const load = createRequire(__filename);

/** TensorFlow's thread pools, and whether dlab chose them (false: TF_NUM_INTRAOP_THREADS/TF_NUM_INTEROP_THREADS did). */
export interface TfThreads {
  /** Threads inside one op. */
  intra: number;
  /** Threads running ops side by side. */
  inter: number;
  /** True when dlab chose them. */
  chosen: boolean;
}

/**
 * TensorFlow's thread pools, chosen before the library loads (it reads them once). A tfjs step is
 * hundreds of small eager ops, so extra intra-op threads mostly wait: on 2 busy cores one thread did
 * the most per CPU-second (bench/mnist.mjs); on bigger machines half the cores, at most 4. Eager ops
 * run one at a time, so one inter-op thread. TF_NUM_INTRAOP_THREADS / TF_NUM_INTEROP_THREADS set by
 * the user win.
 * @example
 * tfThreads(); // { intra: 1, inter: 1, chosen: true } on a 2-core machine
 */
export function tfThreads(cores = os.availableParallelism()): TfThreads {
  const env = process.env;
  const chosen = env.TF_NUM_INTRAOP_THREADS === undefined && env.TF_NUM_INTEROP_THREADS === undefined;
  env.TF_NUM_INTRAOP_THREADS ??= String(cores <= 2 ? 1 : Math.min(4, Math.floor(cores / 2)));
  env.TF_NUM_INTEROP_THREADS ??= "1";
  return { intra: Number(env.TF_NUM_INTRAOP_THREADS), inter: Number(env.TF_NUM_INTEROP_THREADS), chosen };
}

let threads: TfThreads | undefined;

/** TensorFlow's threads in this process, once the native backend has started (fixed from then on). */
export function nativeThreads(): TfThreads | undefined {
  return tf.findBackend("tensorflow") ? threads : undefined;
}

/** Why the set-up did not build the addon, if it said so (.venv/tensorflow-cpu/SKIPPED next to node_modules). */
function setupSkipped(pkg: string): string | undefined {
  try {
    const root = join(load.resolve(`${pkg}/package.json`), "..", "..", "..", "..");
    const file = join(root, ".venv", "tensorflow-cpu", "SKIPPED");
    return existsSync(file) ? readFileSync(file, "utf8").trim() : undefined;
  } catch {
    return undefined;
  }
}

const SETUP_HINT =
  "run `npm run setup`: it builds @tensorflow/tfjs-node's addon against the PyPI tensorflow-cpu wheel (Linux x86-64 with AVX, a C++ compiler)";

/** Load tfjs-node-gpu or tfjs-node and set the `tensorflow` backend; says why not when it cannot. */
export async function activateTensorflow(): Promise<string> {
  // a lab room shares GPUs: let TensorFlow grow its GPU memory instead of taking all of it
  process.env.TF_FORCE_GPU_ALLOW_GROWTH ??= "true";
  // TensorFlow's start-up banners (oneDNN, CPU instructions) say nothing a student can act on
  process.env.TF_CPP_MIN_LOG_LEVEL ??= "1";
  threads ??= tfThreads(); // TensorFlow reads them once, when the first backend starts
  const tried: string[] = [];
  for (const pkg of ["@tensorflow/tfjs-node-gpu", "@tensorflow/tfjs-node"]) {
    try {
      load(pkg);
    } catch (e) {
      const code = (e as { code?: string }).code;
      const skipped = code === "MODULE_NOT_FOUND" ? undefined : setupSkipped(pkg);
      tried.push(
        code === "MODULE_NOT_FOUND"
          ? `${pkg} is not installed`
          : skipped
            ? `${pkg}'s addon was not built: ${skipped}`
            : `${pkg} failed to load: ${(e as Error).message.split("\n")[0]}`,
      );
      continue;
    }
    if (!tf.findBackendFactory("tensorflow")) {
      throw new Unavailable(
        `${pkg} loaded, but registered its backend with another copy of @tensorflow/tfjs-core`,
        `install the version matching @tensorflow/tfjs (${tf.version.tfjs}): npm install ${pkg}@${tf.version.tfjs}`,
      );
    }
    if (await tf.setBackend("tensorflow")) {
      fixMovedViews(tf.findBackend("tensorflow")); // reshaped views of data moved from wasm or cpu
      fuseAdam(tf.findBackend("tensorflow")); // Adam's update as one TensorFlow kernel per weight
      leanKernels(tf.findBackend("tensorflow")); // ReLU's derivative in 2 ops, casts to the same dtype free
      return pkg === "@tensorflow/tfjs-node-gpu" || nativeBuild()?.gpu
        ? "TensorFlow's CUDA kernels on the GPU, its memory allowed to grow"
        : "TensorFlow's CPU kernels (oneDNN)";
    }
    tried.push(`${pkg} loaded but the backend failed to start`);
  }
  throw new Unavailable(tried.join("; "), SETUP_HINT);
}
