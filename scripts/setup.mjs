#!/usr/bin/env node
// Sets up everything dlab needs after `npm install`: builds the TypeScript packages, creates the
// pinned Python environment in .venv, writes the `dlab` kernelspec into it, and installs the
// JupyterLab extension there. Each step is skipped when nothing it depends on changed, so a
// second `npm install` is fast. Failures say what is wrong and what to do.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { installExtension } from "../extension/setup.mjs";
import { nativeBackend } from "./native.mjs";
import {
  ROOT,
  VENV,
  VENV_BIN,
  SetupError,
  TSC,
  exitOnSetupError,
  hashInputs,
  log,
  run,
  stampOk,
  writeStamp,
} from "./lib.mjs";

/** Compile the helper package and the kernel (incremental: a no-op when nothing changed). */
function buildTypeScript() {
  if (!existsSync(TSC))
    throw new SetupError("TypeScript is missing from node_modules: run `npm install` first.");
  const projects = ["src", "kernel"].filter((p) => existsSync(join(ROOT, p, "tsconfig.json")));
  const res = run(process.execPath, [TSC, "-b", ...projects], { stdio: "inherit" });
  if (res.status !== 0) throw new SetupError("the TypeScript build failed (errors above).");
}

/** Find a Python 3.9+ that can create virtual environments. */
function findPython() {
  const candidates = [process.env.DLAB_PYTHON, "python3", "python"].filter(Boolean);
  const problems = [];
  for (const py of candidates) {
    const res = spawnSync(
      py,
      [
        "-c",
        "import sys, venv, ensurepip; assert sys.version_info >= (3, 9), sys.version; print(sys.version.split()[0])",
      ],
      { encoding: "utf8" },
    );
    if (res.error) continue;
    if (res.status === 0) return py;
    problems.push(`${py}: ${(res.stderr || "").trim().split("\n").pop()}`);
  }
  throw new SetupError(
    "no Python 3.9+ with the `venv` module was found" +
      (problems.length ? ` (${problems.join("; ")})` : "") +
      ".\n  On Debian/Ubuntu: `sudo apt-get install python3 python3-venv`; or point DLAB_PYTHON at a Python 3.9+.",
  );
}

/** Create .venv and install the pinned requirements into it, when they changed. */
function pythonEnvironment() {
  const hash = hashInputs(["requirements.txt"]);
  const python = join(VENV_BIN, "python");
  if (existsSync(python) && stampOk("requirements", hash)) return;
  if (!existsSync(python)) {
    const py = findPython();
    log(`creating the Python environment in .venv (with ${py})`);
    const res = run(py, ["-m", "venv", VENV], { stdio: "inherit" });
    if (res.status !== 0) throw new SetupError("`python -m venv .venv` failed (see above).");
  }
  log("installing the pinned Python packages (JupyterLab, nbconvert, …) into .venv");
  const res = run(python, ["-m", "pip", "install", "--disable-pip-version-check", "-r", "requirements.txt"], {
    stdio: ["ignore", "inherit", "pipe"],
  });
  if (res.status !== 0) {
    const err = res.stderr || "";
    process.stderr.write(err.split("\n").slice(-15).join("\n") + "\n");
    if (
      /NewConnectionError|Failed to establish|Temporary failure in name resolution|ConnectTimeout|Could not fetch URL|No matching distribution/.test(
        err,
      )
    ) {
      throw new SetupError(
        "pip could not download the pinned packages from the Python package index (PyPI).\n" +
          "  Check the network or proxy (pip honours HTTPS_PROXY and PIP_INDEX_URL), then run `npm run setup` again.",
      );
    }
    throw new SetupError(
      "installing the Python packages into .venv failed (see above); run `npm run setup` to retry.",
    );
  }
  writeStamp("requirements", hash);
}

/**
 * Node flags of the kernel process: a small young generation for the main thread (V8's default
 * semi-space of 16 MB is kept twice over while tfjs churns through short-lived objects).
 */
const KERNEL_NODE_FLAGS = ["--max-semi-space-size=4"];

/** The kernelspec's argv for the kernel at `mainJs` (the bench starts kernels with it too). */
export function kernelArgv(mainJs) {
  return [process.execPath, ...KERNEL_NODE_FLAGS, mainJs, "{connection_file}"];
}

/** Write the `dlab` kernelspec into .venv, pointing at this checkout's kernel. */
function kernelspec() {
  const dir = join(VENV, "share", "jupyter", "kernels", "dlab");
  mkdirSync(dir, { recursive: true });
  const spec = {
    argv: kernelArgv(join(ROOT, "kernel", "dist", "main.js")),
    display_name: "TypeScript (dlab)",
    language: "typescript",
    // "message": interrupt_request on control, served by the io thread even while a cell runs (io-thread.ts).
    interrupt_mode: "message",
    env: {},
    metadata: { debugger: false },
  };
  const text = JSON.stringify(spec, null, 2) + "\n";
  const file = join(dir, "kernel.json");
  if (!existsSync(file) || readFileSync(file, "utf8") !== text) {
    writeFileSync(file, text);
    log("wrote the `dlab` kernelspec into .venv");
  }
}

/** JupyterLab settings for a lab room: no pop-ups asking about news or update checks. */
function labSettings() {
  const dir = join(VENV, "share", "jupyter", "lab", "settings");
  mkdirSync(dir, { recursive: true });
  const overrides = {
    "@jupyterlab/apputils-extension:notification": { fetchNews: "false", checkForUpdates: false },
  };
  writeFileSync(join(dir, "overrides.json"), JSON.stringify(overrides, null, 2) + "\n");
}

/** Debian packages the handouts (PDF printing), browser tests and lab 05 (Fashion-MNIST) need. */
const SYSTEM_PACKAGES = {
  "/usr/bin/chromium": "chromium",
  "/usr/bin/pdftoppm": "poppler-utils",
  // Fashion-MNIST for lab 05 and its tests (dl.data.fashionMnist reads these gzipped IDX files)
  "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz": "dataset-fashion-mnist",
};

/**
 * Install the Debian packages dlab needs when they are missing and we may (root with apt-get);
 * otherwise say which command would. DLAB_SKIP_APT=1 skips this step.
 */
function systemPackages() {
  const missing = Object.entries(SYSTEM_PACKAGES)
    .filter(([file]) => !existsSync(file))
    .map(([, pkg]) => pkg);
  if (missing.length === 0 || process.env.DLAB_SKIP_APT === "1") return;
  const canApt = process.getuid?.() === 0 && existsSync("/usr/bin/apt-get");
  if (!canApt) {
    log(
      `handouts (PDF), the browser tests and Fashion-MNIST (lab 05) need: sudo apt-get install ${missing.join(" ")}`,
    );
    return;
  }
  log(`installing Debian packages: ${missing.join(" ")}`);
  const env = { ...process.env, DEBIAN_FRONTEND: "noninteractive" };
  const update = run("apt-get", ["update", "-qq"], { stdio: "inherit", env });
  const install =
    update.status === 0 && run("apt-get", ["install", "-y", "-qq", ...missing], { stdio: "inherit", env });
  if (!install || install.status !== 0) {
    throw new SetupError(
      `could not install ${missing.join(", ")} with apt-get (see above). Check the network to the Debian ` +
        "mirror, or install them yourself and run `npm run setup` again (DLAB_SKIP_APT=1 skips this step).",
    );
  }
}

export async function setup({ buildOnly = false } = {}) {
  buildTypeScript();
  if (buildOnly) return;
  pythonEnvironment();
  systemPackages();
  kernelspec();
  labSettings();
  installExtension();
  nativeBackend();
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  setup({ buildOnly: process.argv.includes("--build-only") }).then(
    () => log("ready"),
    exitOnSetupError("setup"),
  );
}
