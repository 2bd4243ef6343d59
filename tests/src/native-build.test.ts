import { readFileSync, realpathSync } from "node:fs";
import { join } from "node:path";
import * as tf from "@tensorflow/tfjs";
import { describe, expect, it } from "vitest";
import { backend } from "../../src/backend";
import { nativeBuild, parseNativeBuild } from "../../src/backend/native-build";
import { formatReport, makeReport } from "../../src/backend/report";
import { nativeMissing } from "./native-backend";

const ROOT = join(__dirname, "..", "..");
const missing = nativeMissing();

// lines of /proc/self/maps as Linux writes them: address, perms, offset, device, inode, path
const line = (path: string) => `7f3a1c000000-7f3a1c200000 r-xp 00000000 fd:01 1234567    ${path}`;
const CUDA_MAPS = [
  line("/usr/bin/node"),
  line("/home/t/dlab/.venv/tensorflow-cuda/lib/libtensorflow_cc.so.2"),
  line("/home/t/dlab/.venv/tensorflow-cuda/lib/libtensorflow_framework.so.2"),
  line("/home/t/dlab/.venv/tensorflow-cuda/nvidia/cudnn/lib/libcudnn.so.9"),
  line("/home/t/dlab/.venv/tensorflow-cuda/nvidia/cuda_runtime/lib/libcudart.so.12"),
  line("/home/t/dlab/.venv/tensorflow-cuda/nvidia/cublas/lib/libcublas.so.12"),
  line("/home/t/dlab/.venv/tensorflow-cuda/nvidia/cublas/lib/libcublas.so.12"),
  "7ffd1c000000-7ffd1c021000 rw-p 00000000 00:00 0                          [stack]",
].join("\n");

const report = (native: ReturnType<typeof parseNativeBuild>) =>
  makeReport({
    name: "tensorflow",
    reason: "the fastest kind; test",
    tried: [{ name: "tensorflow", ok: true, why: "test", hint: "" }],
    native,
    forced: false,
  });

describe("which native build runs (src/backend/native-build.ts) and the report's build line", () => {
  it("reads the build from the libtensorflow the process mapped, and lists the CUDA libraries once each", () => {
    expect(parseNativeBuild(CUDA_MAPS, true)).toEqual({
      build: "cuda",
      library: "/home/t/dlab/.venv/tensorflow-cuda/lib/libtensorflow_cc.so.2",
      gpu: true,
      cudaLibraries: ["libcublas.so.12", "libcudart.so.12", "libcudnn.so.9"],
    });
    const cpu = CUDA_MAPS.replaceAll("tensorflow-cuda", "tensorflow-cpu")
      .split("\n")
      .filter((l) => !l.includes("/nvidia/"))
      .join("\n");
    expect(parseNativeBuild(cpu, false)).toMatchObject({ build: "cpu", cudaLibraries: [] });
    // tfjs-node's own download (deps/lib/libtensorflow.so.2) is neither of the set-up's builds
    expect(parseNativeBuild(line("/x/tfjs-node/deps/lib/libtensorflow.so.2.9.1"), false)).toMatchObject({
      build: "other",
      library: "/x/tfjs-node/deps/lib/libtensorflow.so.2.9.1",
    });
    expect(parseNativeBuild("", false)).toMatchObject({ build: "other", library: "" });
  });

  it("says in one line which build is active and whether TensorFlow runs ops on a GPU", () => {
    const onGpu = String(report(parseNativeBuild(CUDA_MAPS, true)));
    expect(onGpu).toContain(
      "\n  build: cuda (the tensorflow wheel with NVIDIA's CUDA 12 libraries): ops run on the GPU, its memory allowed to grow; libcublas.so.12, libcudart.so.12, libcudnn.so.9\n",
    );
    const noGpu = formatReport(report(parseNativeBuild(CUDA_MAPS, false)));
    expect(noGpu).toMatch(/\n {2}build: cuda .*, but TensorFlow found no GPU: ops run on the CPU/);
    const fellBack = report({
      ...parseNativeBuild(CUDA_MAPS.replaceAll("-cuda", "-cpu"), false),
      cudaSkipped: "why",
    });
    expect(String(fellBack)).toContain(
      "\n  build: cpu (the tensorflow-cpu wheel) (the cuda build was skipped: why)\n",
    );
    // other backends have no build line
    const wasm = makeReport({ name: "wasm", reason: "r", tried: [], forced: false });
    expect(wasm.native).toBeUndefined();
    expect(String(wasm)).not.toContain("build:");
  });

  it.skipIf(missing !== undefined)(
    `names this checkout's build once the tensorflow backend runs${missing ? ` [skipped: ${missing}]` : ""}`,
    async () => {
      const r = await backend({ force: "tensorflow" });
      expect(r.native).toBeDefined();
      // the library it names is the one tfjs-node's deps/ link to (an independent look, on disk)
      const linked = realpathSync(
        join(ROOT, "node_modules", "@tensorflow", "tfjs-node", "deps", "lib", "libtensorflow_cc.so.2"),
      );
      expect(r.native?.library).toBe(linked);
      expect(r.native?.build).toBe(linked.includes("/tensorflow-cuda/") ? "cuda" : "cpu");
      // tfjs-node says the same about the GPU as the report
      const usingGpu = (tf.findBackend("tensorflow") as { isUsingGpuDevice?: boolean }).isUsingGpuDevice;
      expect(r.native?.gpu).toBe(usingGpu === true);
      expect(nativeBuild()).toEqual(r.native);
      expect(readFileSync("/proc/self/maps", "utf8")).toContain(linked);
    },
  );
});
