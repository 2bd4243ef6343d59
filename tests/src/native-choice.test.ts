import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
// @ts-expect-error: a plain ES module of the set-up, without type declarations
import { chooseBuild, GpuChoiceError, nvidiaSmiGpus } from "../../scripts/native-choice.mjs";

const ROOT = join(__dirname, "..", "..");
const H200 = "GPU 0: NVIDIA H200 (UUID: GPU-0b1c2d3e-0000-1111-2222-333344445555)";
const noGpu = () => [];
const oneGpu = () => [H200];
/** A probe that fails the test if it is asked: DLAB_GPU=cuda|cpu must not look for a GPU. */
const unasked = () => {
  throw new Error("nvidia-smi was run although DLAB_GPU chose");
};

describe("the native backend's build choice (scripts/native-choice.mjs)", () => {
  it("takes DLAB_GPU=cuda or cpu as said, whatever nvidia-smi would list", () => {
    expect(chooseBuild({ DLAB_GPU: "cuda" }, unasked)).toEqual({ build: "cuda", why: "DLAB_GPU=cuda" });
    expect(chooseBuild({ DLAB_GPU: "cpu" }, unasked)).toEqual({ build: "cpu", why: "DLAB_GPU=cpu" });
    expect(chooseBuild({ DLAB_GPU: " CUDA " }, unasked).build).toBe("cuda");
  });

  it("unset, empty or auto: cuda when nvidia-smi lists a GPU, cpu when it lists none or is missing", () => {
    for (const env of [{}, { DLAB_GPU: "" }, { DLAB_GPU: "auto" }]) {
      expect(chooseBuild(env, oneGpu)).toEqual({ build: "cuda", why: "nvidia-smi lists GPU 0: NVIDIA H200" });
      expect(chooseBuild(env, noGpu)).toEqual({ build: "cpu", why: "nvidia-smi lists no GPU" });
    }
    const two = () => [H200, H200.replace("GPU 0", "GPU 1")];
    expect(chooseBuild({}, two).why).toBe("nvidia-smi lists GPU 0: NVIDIA H200 and 1 more");
  });

  it("a bad DLAB_GPU is an error naming DLAB_GPU, the values it takes and what it held", () => {
    for (const bad of ["gpu", "1", "true", "rocm"]) {
      const call = () => chooseBuild({ DLAB_GPU: bad }, unasked);
      expect(call).toThrow(GpuChoiceError);
      expect(call).toThrow(`DLAB_GPU must be "cuda", "cpu" or "auto" (unset: auto), not "${bad}"`);
    }
  });

  it("the default probe reads `nvidia-smi -L` and lists nothing without it", () => {
    const smi = spawnSync("nvidia-smi", ["-L"], { encoding: "utf8" });
    const expected =
      smi.error || smi.status !== 0 ? [] : smi.stdout.split("\n").filter((l) => l.startsWith("GPU "));
    expect(nvidiaSmiGpus()).toEqual(expected);
    // with PATH emptied, nvidia-smi cannot start: no GPU, no exception
    const res = spawnSync(
      process.execPath,
      [
        "--input-type=module",
        "-e",
        'import("./scripts/native-choice.mjs").then((m) => process.stdout.write(JSON.stringify(m.chooseBuild({}))))',
      ],
      { cwd: ROOT, encoding: "utf8", env: { PATH: "" } },
    );
    expect(res.stderr).toBe("");
    expect(JSON.parse(res.stdout)).toEqual({ build: "cpu", why: "nvidia-smi lists no GPU" });
  });

  it("the set-up never fails on it: a bad DLAB_GPU and a cuda build that cannot be made fall back to cpu", () => {
    // the set-up's scripts alone in a folder of their own: no tfjs-node there, so nothing is built or
    // fetched, and the SKIPPED notes land in that folder's .venv, not this checkout's
    const dir = mkdtempSync(join(tmpdir(), "dlab-native-"));
    mkdirSync(join(dir, "scripts"));
    for (const f of ["lib.mjs", "native.mjs", "native-choice.mjs"])
      copyFileSync(join(ROOT, "scripts", f), join(dir, "scripts", f));
    const setUp = (DLAB_GPU: string) =>
      spawnSync(
        process.execPath,
        ["--input-type=module", "-e", 'import("./scripts/native.mjs").then((m) => m.nativeBackend())'],
        { cwd: dir, encoding: "utf8", env: { ...process.env, DLAB_GPU } },
      );
    try {
      const bad = setUp("yes");
      expect(bad.status).toBe(0);
      expect(bad.stdout.split("\n").slice(0, 2)).toEqual([
        'dlab setup: DLAB_GPU must be "cuda", "cpu" or "auto" (unset: auto), not "yes"; making the cpu build of the native backend',
        "dlab setup: native backend skipped: @tensorflow/tfjs-node is not installed; dlab will use wasm",
      ]);
      const cuda = setUp("cuda");
      expect(cuda.status).toBe(0);
      expect(cuda.stdout).toBe(
        "dlab setup: the cuda build (DLAB_GPU=cuda) was skipped: @tensorflow/tfjs-node is not installed; making the cpu build\n" +
          "dlab setup: native backend skipped: @tensorflow/tfjs-node is not installed; dlab will use wasm\n",
      );
      const skipped = (build: string) =>
        readFileSync(join(dir, ".venv", `tensorflow-${build}`, "SKIPPED"), "utf8");
      expect(skipped("cuda")).toBe("@tensorflow/tfjs-node is not installed\n");
      expect(skipped("cpu")).toBe("@tensorflow/tfjs-node is not installed\n");
      // asked for cpu, the cuda build's old note goes: it no longer says why the active build is cpu
      expect(setUp("cpu").status).toBe(0);
      expect(existsSync(join(dir, ".venv", "tensorflow-cuda", "SKIPPED"))).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
