// The native tfjs backend (`@tensorflow/tfjs-node`), built against TensorFlow's own libraries from
// the PyPI `tensorflow-cpu` wheel. tfjs-node's install script is off (it downloads libtensorflow from
// outside the registries); instead: the pinned wheel is fetched with .venv's pip, its two libraries
// and the C API headers are unpacked into .venv/tensorflow-cpu, linked where tfjs-node's binding.gyp
// looks (deps/lib, deps/include), and the addon is built from source with node-gyp. Never fatal:
// when something is missing, one line says why and dlab uses wasm.
import { existsSync, mkdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { arch, platform } from "node:os";
import { dirname, join, relative } from "node:path";
import { ROOT, VENV, VENV_BIN, hashInputs, log, run, stampOk, writeStamp } from "./lib.mjs";

const PKG = join(ROOT, "node_modules", "@tensorflow", "tfjs-node");
/** Where the libraries and headers from the wheel live (owned by the set-up). */
export const NATIVE = join(VENV, "tensorflow-cpu");
/** Why the last set-up did not build the addon (read by `dlab doctor` / dl.backend()). */
export const SKIPPED = join(NATIVE, "SKIPPED");
const REQUIREMENTS = "requirements-native.txt";
// what tfjs-node's addon includes and links, as paths inside the wheel (FINDINGS.md)
const WANTED = [
  "tensorflow/libtensorflow_cc.so.2",
  "tensorflow/libtensorflow_framework.so.2",
  "tensorflow/THIRD_PARTY_NOTICES.txt",
  "tensorflow/include/LICENSE",
  "tensorflow/include/tensorflow/c/",
  "tensorflow/include/tensorflow/core/platform/ctstring",
  "tensorflow/include/tsl/",
  "tensorflow/include/xla/tsl/c/",
];

/** A reason the addon cannot be built here: said in one line, never fatal. */
class Skip extends Error {}

/** The addon's path once built (node-pre-gyp's module_path for this Node's N-API version). */
function addonPath() {
  const napi = Math.min(8, Number(process.versions.napi));
  return join(PKG, "lib", `napi-v${napi}`, "tfjs_binding.node");
}

/** Reasons this machine cannot run or build the addon, before anything is downloaded. */
function precheck() {
  if (!existsSync(join(PKG, "package.json"))) throw new Skip("@tensorflow/tfjs-node is not installed");
  if (platform() !== "linux" || arch() !== "x64")
    throw new Skip(
      `the tensorflow-cpu wheel's C API is used on Linux x86-64 only (this is ${platform()} ${arch()})`,
    );
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  if (!/^flags\s*:.*\bavx\b/m.test(cpuinfo))
    throw new Skip("this CPU lacks AVX, which the tensorflow-cpu wheel needs");
  for (const tool of ["c++", "make"]) {
    const r = run("sh", ["-c", `command -v ${tool}`]);
    if (r.status !== 0)
      throw new Skip(`no ${tool} to build the addon (Debian/Ubuntu: sudo apt-get install g++ make)`);
  }
  const glibc = process.report?.getReport().header.glibcVersionRuntime;
  const [major, minor] = (glibc ?? "0.0").split(".").map(Number);
  if (major < 2 || (major === 2 && minor < 27))
    throw new Skip(`the tensorflow-cpu wheel needs glibc ≥ 2.27 (this system: ${glibc ?? "not glibc"})`);
  if (!existsSync(join(VENV_BIN, "python"))) throw new Skip("no .venv (the Python step did not run)");
}

/** Node's headers (node-gyp would download them otherwise) and npm's node-gyp. */
function buildTools() {
  const nodedir = process.env.npm_config_nodedir || dirname(dirname(process.execPath));
  if (!existsSync(join(nodedir, "include", "node", "node_api.h")))
    throw new Skip(
      `Node's C headers are not in ${join(nodedir, "include", "node")} (Debian/Ubuntu: sudo apt-get install libnode-dev, or set npm_config_nodedir)`,
    );
  const candidates = [
    process.env.npm_config_node_gyp,
    process.env.npm_execpath &&
      join(dirname(dirname(process.env.npm_execpath)), "node_modules", "node-gyp", "bin", "node-gyp.js"),
    join(
      dirname(dirname(process.execPath)),
      "lib",
      "node_modules",
      "npm",
      "node_modules",
      "node-gyp",
      "bin",
      "node-gyp.js",
    ),
  ].filter(Boolean);
  const nodeGyp = candidates.find((p) => existsSync(p));
  if (!nodeGyp) throw new Skip("npm's node-gyp was not found (set npm_config_node_gyp)");
  return { nodedir, nodeGyp };
}

/** Fetch the pinned wheel with .venv's pip and unpack only the libraries, headers and licences. */
function unpackWheel() {
  const tmp = join(NATIVE, "download");
  rmSync(NATIVE, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  log("fetching tensorflow-cpu from PyPI for the native backend (TensorFlow's C API, ~270 MB)");
  const python = join(VENV_BIN, "python");
  const dl = run(
    python,
    [
      "-m",
      "pip",
      "download",
      "-q",
      "--disable-pip-version-check",
      "--no-deps",
      "--only-binary=:all:",
      // only the C libraries are used, so one wheel serves any Python: this platform's, for CPython 3.11
      ...["--platform", "manylinux_2_27_x86_64", "--python-version", "3.11", "--implementation", "cp"],
      "-d",
      tmp,
      "-r",
      REQUIREMENTS,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  if (dl.status !== 0) {
    const last = (dl.stderr || "").trim().split("\n").pop() ?? "";
    throw new Skip(`pip could not fetch tensorflow-cpu (${last.replace(/^ERROR: /, "")})`);
  }
  // Python's zipfile: take only what the addon needs out of the wheel, then drop the wheel
  const unzip = `
import glob, os, sys, zipfile
whl, out, wanted = glob.glob(os.path.join(sys.argv[1], "*.whl"))[0], sys.argv[2], sys.argv[3:]
with zipfile.ZipFile(whl) as z:
    for n in z.namelist():
        if not n.endswith("/") and any(n.startswith(w) for w in wanted):
            rel = n[len("tensorflow/"):]
            dest = os.path.join(out, "lib" if rel.endswith(".so.2") else "", rel)
            os.makedirs(os.path.dirname(dest), exist_ok=True)
            with z.open(n) as src, open(dest, "wb") as dst:
                while chunk := src.read(1 << 22):
                    dst.write(chunk)
`;
  const ex = run(python, ["-c", unzip, tmp, NATIVE, ...WANTED], { stdio: ["ignore", "inherit", "pipe"] });
  rmSync(tmp, { recursive: true, force: true });
  if (ex.status !== 0)
    throw new Skip(`unpacking the wheel failed (${(ex.stderr || "").trim().split("\n").pop()})`);
}

/** Link the libraries and headers where binding.gyp expects them (relative links: the checkout can move). */
function linkDeps() {
  const deps = join(PKG, "deps");
  rmSync(deps, { recursive: true, force: true });
  mkdirSync(join(deps, "lib"), { recursive: true });
  const lib = (name) => relative(join(deps, "lib"), join(NATIVE, "lib", name));
  const links = {
    "libtensorflow.so": lib("libtensorflow_cc.so.2"), // -ltensorflow
    "libtensorflow_cc.so.2": lib("libtensorflow_cc.so.2"), // its soname, what the addon loads
    "libtensorflow_framework.so": lib("libtensorflow_framework.so.2"),
    "libtensorflow_framework.so.2": lib("libtensorflow_framework.so.2"),
  };
  for (const [name, target] of Object.entries(links)) symlinkSync(target, join(deps, "lib", name));
  symlinkSync(relative(deps, join(NATIVE, "include")), join(deps, "include"));
}

/** Build the addon with node-pre-gyp (from source: its prebuilt binaries would be a download). */
function buildAddon({ nodedir, nodeGyp }) {
  const preGyp = join(ROOT, "node_modules", "@mapbox", "node-pre-gyp", "bin", "node-pre-gyp");
  const env = { ...process.env, npm_config_node_gyp: nodeGyp };
  const res = run(process.execPath, [preGyp, "install", "--build-from-source", `--nodedir=${nodedir}`], {
    cwd: PKG,
    env,
    stdio: ["ignore", "pipe", "pipe"],
  });
  if (res.status !== 0 || !existsSync(addonPath())) {
    const err = (res.stderr || "").split("\n").filter((l) => /error/i.test(l))[0] ?? "see `npm run setup`";
    throw new Skip(`building tfjs-node's addon failed: ${err.trim()}`);
  }
}

/** A load check in a fresh process: the addon, the libraries it links, and one op. */
function loadCheck() {
  const code = `const tf = require("@tensorflow/tfjs-node"); tf.setBackend("tensorflow"); process.stdout.write(String(tf.add(1, 2).dataSync()[0]))`;
  const res = run(process.execPath, ["-e", code], { env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2" } });
  if (res.status !== 0 || res.stdout.trim() !== "3")
    throw new Skip(`the built addon does not load: ${(res.stderr || "").trim().split("\n")[0]}`);
}

/**
 * Set up the native backend when it is not already (a stamp over the pinned wheel and tfjs-node's
 * version, plus the addon still being there: `npm ci` wipes node_modules). Never throws.
 */
export function nativeBackend() {
  const started = Date.now();
  try {
    if (process.env.DLAB_NATIVE === "0") throw new Skip("DLAB_NATIVE=0");
    precheck();
    const version = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8")).version;
    const hash = hashInputs([REQUIREMENTS]) + version + process.versions.napi;
    const libsHere = existsSync(join(NATIVE, "lib", "libtensorflow_cc.so.2"));
    if (
      stampOk("native", hash) &&
      libsHere &&
      existsSync(addonPath()) &&
      existsSync(join(PKG, "deps", "lib"))
    )
      return;
    const tools = buildTools();
    if (!(stampOk("native-wheel", hashInputs([REQUIREMENTS])) && libsHere)) {
      unpackWheel();
      writeStamp("native-wheel", hashInputs([REQUIREMENTS]));
    }
    linkDeps();
    log("building tfjs-node's addon against it (node-gyp)");
    buildAddon(tools);
    loadCheck();
    rmSync(SKIPPED, { force: true });
    writeStamp("native", hash);
    log(
      `native backend ready (TensorFlow's kernels under tfjs) in ${Math.round((Date.now() - started) / 1000)} s`,
    );
  } catch (e) {
    const why = e instanceof Skip ? e.message : `unexpected: ${e.message.split("\n")[0]}`;
    log(`native backend skipped: ${why}; dlab will use wasm`);
    try {
      mkdirSync(NATIVE, { recursive: true });
      writeFileSync(SKIPPED, why + "\n");
    } catch {
      // no .venv to write into: the line above is all there is
    }
  }
}
