// The native tfjs backend (`@tensorflow/tfjs-node`), built against TensorFlow's own libraries from
// PyPI. tfjs-node's install script is off (it downloads libtensorflow from outside the registries);
// instead: the pinned wheels are fetched with .venv's pip, their libraries and the C API headers are
// unpacked into .venv/tensorflow-cpu (or .venv/tensorflow-cuda), linked where tfjs-node's binding.gyp
// looks (deps/lib, deps/include), and the addon is built from source with node-gyp. Two builds:
// `cpu` from the tensorflow-cpu wheel, and `cuda` from the tensorflow wheel with NVIDIA's CUDA 12
// libraries (nvidia-*-cu12 wheels), chosen by DLAB_GPU or by `nvidia-smi -L` (native-choice.mjs).
// Each keeps its own folder, so switching back and forth only relinks and rebuilds the addon (~10 s).
// Never fatal: when something is missing, one line says why; the cuda build falls back to the cpu
// one, and that to wasm.
import {
  existsSync,
  mkdirSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { arch, platform } from "node:os";
import { dirname, join, relative } from "node:path";
import { ROOT, VENV, VENV_BIN, hashInputs, log, run, stampOk, writeStamp } from "./lib.mjs";
import { chooseBuild, GpuChoiceError } from "./native-choice.mjs";

const PKG = join(ROOT, "node_modules", "@tensorflow", "tfjs-node");

/** The two builds: where each one's libraries live, its pinned wheels, what a download costs. */
export const BUILDS = {
  cpu: {
    name: "cpu",
    dir: join(VENV, "tensorflow-cpu"),
    requirements: "requirements-native.txt",
    wheel: "tensorflow-cpu",
    fetching: "tensorflow-cpu from PyPI for the native backend (TensorFlow's C API, ~270 MB)",
    stamp: "native-wheel",
  },
  cuda: {
    name: "cuda",
    dir: join(VENV, "tensorflow-cuda"),
    requirements: "requirements-native-cuda.txt",
    wheel: "tensorflow",
    fetching:
      "tensorflow and NVIDIA's CUDA 12 libraries from PyPI for the native backend's GPU build (~3.3 GB download, ~5.4 GB unpacked)",
    stamp: "native-wheel-cuda",
  },
};
/** Where the cpu build's libraries and headers live (owned by the set-up). */
export const NATIVE = BUILDS.cpu.dir;
/** Why the last set-up did not build the addon (read by `dlab doctor` / dl.backend()). */
export const SKIPPED = join(NATIVE, "SKIPPED");
/** Why the last set-up did not make the cuda build although it was chosen (read by the backend report). */
export const SKIPPED_CUDA = join(BUILDS.cuda.dir, "SKIPPED");
// what tfjs-node's addon includes and links, as paths inside the tensorflow(-cpu) wheel (FINDINGS.md)
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
function precheck(b) {
  if (!existsSync(join(PKG, "package.json"))) throw new Skip("@tensorflow/tfjs-node is not installed");
  if (platform() !== "linux" || arch() !== "x64")
    throw new Skip(
      `the ${b.wheel} wheel's C API is used on Linux x86-64 only (this is ${platform()} ${arch()})`,
    );
  const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
  if (!/^flags\s*:.*\bavx\b/m.test(cpuinfo))
    throw new Skip(`this CPU lacks AVX, which the ${b.wheel} wheel needs`);
  for (const tool of ["c++", "make"]) {
    const r = run("sh", ["-c", `command -v ${tool}`]);
    if (r.status !== 0)
      throw new Skip(`no ${tool} to build the addon (Debian/Ubuntu: sudo apt-get install g++ make)`);
  }
  const glibc = process.report?.getReport().header.glibcVersionRuntime;
  const [major, minor] = (glibc ?? "0.0").split(".").map(Number);
  if (major < 2 || (major === 2 && minor < 27))
    throw new Skip(`the ${b.wheel} wheel needs glibc ≥ 2.27 (this system: ${glibc ?? "not glibc"})`);
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

// Python's zipfile: take only what the addon needs out of each wheel, dropping each wheel once read.
// From tensorflow(-cpu): the two libraries (into lib/), headers and licences. From nvidia-*: their
// libraries and tools as laid out in site-packages (nvidia/<name>/lib, …, not the headers), so the
// RUNPATH $ORIGIN/../nvidia/<name>/lib of lib/libtensorflow_cc.so.2 finds them; their licences.
const UNZIP = `
import glob, os, sys, zipfile
folder, out, wanted = sys.argv[1], sys.argv[2], sys.argv[3:]
def copy(z, info, dest):
    os.makedirs(os.path.dirname(dest), exist_ok=True)
    with z.open(info) as src, open(dest, "wb") as dst:
        while chunk := src.read(1 << 22):
            dst.write(chunk)
    mode = (info.external_attr >> 16) & 0o777
    if mode:
        os.chmod(dest, mode)  # ptxas stays a program
for whl in sorted(glob.glob(os.path.join(folder, "*.whl"))):
    with zipfile.ZipFile(whl) as z:
        for info in z.infolist():
            n = info.filename
            if n.endswith("/"):
                continue
            if n.startswith("tensorflow/") and any(n.startswith(w) for w in wanted):
                rel = n[len("tensorflow/"):]
                copy(z, info, os.path.join(out, "lib" if rel.endswith(".so.2") else "", rel))
            elif n.startswith("nvidia/") and "/include/" not in n:
                copy(z, info, os.path.join(out, n))
            elif n.startswith("nvidia_") and ".dist-info/" in n and "licen" in n.lower():
                copy(z, info, os.path.join(out, "licenses", n.split(".dist-info/")[0], os.path.basename(n)))
    os.remove(whl)
`;

/** Fetch the pinned wheels with .venv's pip and unpack only the libraries, headers and licences. */
function unpackWheels(b) {
  const tmp = join(b.dir, "download");
  rmSync(b.dir, { recursive: true, force: true });
  mkdirSync(tmp, { recursive: true });
  log(`fetching ${b.fetching}`);
  const python = join(VENV_BIN, "python");
  const dl = run(
    python,
    [
      "-m",
      "pip",
      "download",
      "-q",
      "--disable-pip-version-check",
      "--no-deps", // every wheel is pinned in the requirements file
      "--only-binary=:all:",
      // only the C libraries are used, so one wheel serves any Python: CPython 3.11's, on this
      // platform (manylinux_2_27; some nvidia-* wheels are tagged with older manylinux only)
      ...["--platform", "manylinux_2_27_x86_64", "--platform", "manylinux_2_17_x86_64"],
      ...["--platform", "manylinux_2_12_x86_64", "--python-version", "3.11", "--implementation", "cp"],
      "-d",
      tmp,
      "-r",
      b.requirements,
    ],
    { stdio: ["ignore", "ignore", "pipe"] },
  );
  if (dl.status !== 0) {
    const last = (dl.stderr || "").trim().split("\n").pop() ?? "";
    throw new Skip(
      `pip could not fetch ${b.wheel}${b.name === "cuda" ? " and the nvidia-* wheels" : ""} (${last.replace(/^ERROR: /, "")})`,
    );
  }
  const ex = run(python, ["-c", UNZIP, tmp, b.dir, ...WANTED], { stdio: ["ignore", "inherit", "pipe"] });
  rmSync(tmp, { recursive: true, force: true });
  if (ex.status !== 0)
    throw new Skip(`unpacking the wheels failed (${(ex.stderr || "").trim().split("\n").pop()})`);
}

/**
 * Link the libraries and headers where binding.gyp expects them (relative links: the checkout can
 * move). The cuda build also links tfjs-node/nvidia: the loader takes $ORIGIN from the path it opened,
 * deps/lib/…, so $ORIGIN/../nvidia must resolve from there too (ldd in FINDINGS.md).
 */
function linkDeps(b) {
  const deps = join(PKG, "deps");
  rmSync(deps, { recursive: true, force: true });
  rmSync(join(PKG, "nvidia"), { force: true });
  mkdirSync(join(deps, "lib"), { recursive: true });
  const lib = (name) => relative(join(deps, "lib"), join(b.dir, "lib", name));
  const links = {
    "libtensorflow.so": lib("libtensorflow_cc.so.2"), // -ltensorflow
    "libtensorflow_cc.so.2": lib("libtensorflow_cc.so.2"), // its soname, what the addon loads
    "libtensorflow_framework.so": lib("libtensorflow_framework.so.2"),
    "libtensorflow_framework.so.2": lib("libtensorflow_framework.so.2"),
  };
  for (const [name, target] of Object.entries(links)) symlinkSync(target, join(deps, "lib", name));
  symlinkSync(relative(deps, join(b.dir, "include")), join(deps, "include"));
  if (existsSync(join(b.dir, "nvidia")))
    symlinkSync(relative(PKG, join(b.dir, "nvidia")), join(PKG, "nvidia"));
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

/** A load check in a fresh process: the addon, the libraries it links, one op; whether TF saw a GPU. */
function loadCheck() {
  const code = `const tf = require("@tensorflow/tfjs-node"); tf.setBackend("tensorflow"); process.stdout.write(tf.add(1, 2).dataSync()[0] + " " + tf.backend().isUsingGpuDevice)`;
  const env = { ...process.env, TF_CPP_MIN_LOG_LEVEL: "2", TF_FORCE_GPU_ALLOW_GROWTH: "true" };
  const res = run(process.execPath, ["-e", code], { env });
  const [sum, gpu] = res.stdout.trim().split(" ");
  if (res.status !== 0 || sum !== "3")
    throw new Skip(`the built addon does not load: ${(res.stderr || "").trim().split("\n")[0]}`);
  return gpu === "true";
}

/** The stamp of a finished build: its pinned wheels, tfjs-node's version, the N-API version. */
function buildHash(b) {
  const version = JSON.parse(readFileSync(join(PKG, "package.json"), "utf8")).version;
  // the cpu build's hash is what it was before the cuda build existed, so no rebuild on upgrade
  return (
    hashInputs([b.requirements]) + version + process.versions.napi + (b.name === "cpu" ? "" : `:${b.name}`)
  );
}

/** Whether tfjs-node's deps/ link to build `b`'s libraries (a half-made switch may have relinked them). */
function linkedTo(b) {
  try {
    const lib = "libtensorflow_cc.so.2";
    return realpathSync(join(PKG, "deps", "lib", lib)) === realpathSync(join(b.dir, "lib", lib));
  } catch {
    return false;
  }
}

/** Make build `b` the active one; returns why not (a Skip's line), or undefined when it is ready. */
function setUp(b, started) {
  try {
    precheck(b);
    const hash = buildHash(b);
    const libsHere = existsSync(join(b.dir, "lib", "libtensorflow_cc.so.2"));
    if (stampOk("native", hash) && libsHere && existsSync(addonPath()) && linkedTo(b)) return undefined;
    const tools = buildTools();
    const wheelHash = hashInputs([b.requirements]);
    if (!(stampOk(b.stamp, wheelHash) && libsHere)) {
      unpackWheels(b);
      writeStamp(b.stamp, wheelHash);
    }
    writeStamp("native", ""); // until this build is finished: the links and the addon change now
    linkDeps(b);
    log(`building tfjs-node's addon against it (node-gyp${b.name === "cuda" ? ", the cuda build" : ""})`);
    buildAddon(tools);
    const gpu = loadCheck();
    writeStamp("native", hash);
    const seconds = Math.round((Date.now() - started) / 1000);
    if (b.name === "cpu") log(`native backend ready (TensorFlow's kernels under tfjs) in ${seconds} s`);
    else
      log(
        `native backend ready, the cuda build, in ${seconds} s: ${gpu ? "TensorFlow sees a GPU" : "TensorFlow sees no GPU (it runs on the CPU; check `nvidia-smi` and the driver)"}`,
      );
    return undefined;
  } catch (e) {
    return e instanceof Skip ? e.message : `unexpected: ${e.message.split("\n")[0]}`;
  }
}

/** Write (or, with `why` undefined, remove) a SKIPPED note; no .venv to write into is no error. */
function note(file, why) {
  try {
    if (why === undefined) return rmSync(file, { force: true });
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, why + "\n");
  } catch {
    // the log line is all there is
  }
}

/**
 * Set up the native backend when it is not already (a stamp over the pinned wheels, tfjs-node's
 * version and the build, plus the addon still being there: `npm ci` wipes node_modules). The build
 * is DLAB_GPU's, else cuda where `nvidia-smi -L` lists a GPU; `probe` replaces nvidia-smi (tests).
 * Never throws.
 */
export function nativeBackend({ env = process.env, probe } = {}) {
  const started = Date.now();
  if (env.DLAB_NATIVE === "0") {
    log("native backend skipped: DLAB_NATIVE=0; dlab will use wasm");
    return note(SKIPPED, "DLAB_NATIVE=0");
  }
  let choice;
  try {
    choice = chooseBuild(env, probe);
  } catch (e) {
    if (!(e instanceof GpuChoiceError)) throw e;
    log(`${e.message}; making the cpu build of the native backend`);
    choice = { build: "cpu", why: e.message };
  }
  let cudaWhy;
  if (choice.build === "cuda") {
    cudaWhy = setUp(BUILDS.cuda, started);
    note(SKIPPED_CUDA, cudaWhy);
    if (cudaWhy === undefined) return note(SKIPPED, undefined);
    log(`the cuda build (${choice.why}) was skipped: ${cudaWhy}; making the cpu build`);
  }
  const why = setUp(BUILDS.cpu, started);
  note(SKIPPED, why);
  if (cudaWhy === undefined) note(SKIPPED_CUDA, undefined); // the cuda build was not asked for
  if (why !== undefined) log(`native backend skipped: ${why}; dlab will use wasm`);
}
