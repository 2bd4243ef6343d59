// Which build of the native backend the set-up makes: `cpu` (the tensorflow-cpu wheel) or `cuda` (the
// tensorflow wheel with NVIDIA's CUDA libraries from PyPI). DLAB_GPU=cuda|cpu chooses; unset (or
// `auto`) takes cuda when `nvidia-smi -L` lists a GPU. Pure apart from the default probe, so the
// choice is tested without a GPU (tests/src/native-choice.test.ts).
import { spawnSync } from "node:child_process";

/** The values DLAB_GPU takes ("" counts as unset). */
export const DLAB_GPU_VALUES = ["cuda", "cpu", "auto"];

/** DLAB_GPU holds something else than {@link DLAB_GPU_VALUES}. */
export class GpuChoiceError extends Error {}

/**
 * The GPUs `nvidia-smi -L` lists (`GPU 0: NVIDIA H200 (UUID: …)`), [] when it is missing or fails.
 * @example
 * nvidiaSmiGpus(); // [] on a machine without NVIDIA's driver
 */
export function nvidiaSmiGpus() {
  const res = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8", timeout: 10_000 });
  if (res.error || res.status !== 0) return [];
  return res.stdout.split("\n").filter((l) => /^GPU \d+:/.test(l.trim()));
}

/**
 * The build to make and why, from DLAB_GPU and, when it is unset or `auto`, the GPUs the probe lists.
 * Throws a GpuChoiceError naming DLAB_GPU, the values it takes and what it holds.
 * @example
 * chooseBuild({ DLAB_GPU: "cpu" }); // { build: "cpu", why: "DLAB_GPU=cpu" }
 * chooseBuild({}, () => ["GPU 0: NVIDIA H200 (UUID: GPU-…)"]); // { build: "cuda", why: "nvidia-smi lists GPU 0: NVIDIA H200" }
 */
export function chooseBuild(env = process.env, probe = nvidiaSmiGpus) {
  const raw = env.DLAB_GPU ?? "";
  const value = raw.trim().toLowerCase();
  if (value !== "" && !DLAB_GPU_VALUES.includes(value))
    throw new GpuChoiceError(
      `DLAB_GPU must be "cuda", "cpu" or "auto" (unset: auto), not ${JSON.stringify(raw)}`,
    );
  if (value === "cuda" || value === "cpu") return { build: value, why: `DLAB_GPU=${value}` };
  const gpus = probe();
  if (gpus.length === 0) return { build: "cpu", why: "nvidia-smi lists no GPU" };
  const first = gpus[0].trim().replace(/\s*\(UUID:.*\)$/, "");
  return {
    build: "cuda",
    why: `nvidia-smi lists ${first}${gpus.length > 1 ? ` and ${gpus.length - 1} more` : ""}`,
  };
}
