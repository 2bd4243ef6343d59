import { spawnSync } from "node:child_process";
import { existsSync, lstatSync, readlinkSync, realpathSync } from "node:fs";
import { isAbsolute, join } from "node:path";
import { describe, expect, it } from "vitest";
import { nativeMissing } from "./native-backend";

const ROOT = join(__dirname, "..", "..");
const PKG = join(ROOT, "node_modules", "@tensorflow", "tfjs-node");
const DEPS = join(PKG, "deps");
/** The build deps/ links into: .venv/tensorflow-cpu, or .venv/tensorflow-cuda (DLAB_GPU=cuda). */
function activeBuild(): { name: "cpu" | "cuda"; dir: string } {
  const lib = realpathSync(join(DEPS, "lib", "libtensorflow_cc.so.2"));
  for (const name of ["cpu", "cuda"] as const) {
    const folder = join(ROOT, ".venv", `tensorflow-${name}`);
    const dir = existsSync(folder) ? realpathSync(folder) : undefined;
    if (dir && lib.startsWith(dir + "/")) return { name, dir };
  }
  throw new Error(`deps/lib links to neither .venv/tensorflow-cpu nor .venv/tensorflow-cuda: ${lib}`);
}
// what scripts/native.mjs set up; checked where it built the addon, skipped (saying why) elsewhere
const missing = nativeMissing();

describe(`the native backend's set-up (scripts/native.mjs)${missing ? ` [skipped: ${missing}]` : ""}`, () => {
  it.skipIf(missing !== undefined)(
    "links the wheel's libraries and headers into tfjs-node's deps/ with relative links, and keeps TensorFlow's licences",
    () => {
      const { name: build, dir: NATIVE } = activeBuild();
      const links = [
        "lib/libtensorflow.so",
        "lib/libtensorflow_cc.so.2",
        "lib/libtensorflow_framework.so.2",
        "include",
      ];
      for (const name of links) {
        const link = join(DEPS, name);
        expect(lstatSync(link).isSymbolicLink(), name).toBe(true);
        expect(isAbsolute(readlinkSync(link)), `${name} is relative, so the checkout can move`).toBe(false);
        expect(realpathSync(link).startsWith(realpathSync(NATIVE)), name).toBe(true);
      }
      expect(existsSync(join(DEPS, "include", "tensorflow", "c", "c_api.h"))).toBe(true);
      // Apache-2.0: the licence and third-party notices travel with the libraries
      expect(existsSync(join(NATIVE, "include", "LICENSE"))).toBe(true);
      expect(existsSync(join(NATIVE, "THIRD_PARTY_NOTICES.txt"))).toBe(true);
      if (build === "cuda") {
        // the libraries' RUNPATH $ORIGIN/../nvidia/*/lib resolves from deps/lib (the path opened)
        const nvidia = join(PKG, "nvidia");
        expect(isAbsolute(readlinkSync(nvidia))).toBe(false);
        expect(realpathSync(nvidia)).toBe(join(NATIVE, "nvidia"));
      }
    },
  );
  it.skipIf(missing !== undefined)(
    "is skipped on the next run: a second npm install reuses the build",
    () => {
      const t0 = performance.now();
      const res = spawnSync(
        process.execPath,
        ["--input-type=module", "-e", 'import("./scripts/native.mjs").then((m) => m.nativeBackend())'],
        { cwd: ROOT, encoding: "utf8" },
      );
      expect(res.status).toBe(0);
      expect(res.stdout).toBe(""); // nothing fetched, built or skipped
      expect(performance.now() - t0).toBeLessThan(5000);
    },
  );
});
