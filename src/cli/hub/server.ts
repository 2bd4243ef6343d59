/**
 * Starting and stopping the class hub: writes the settings and the class kernelspec into the
 * state folder, starts JupyterHub (from .venv, configured by hub/jupyterhub_config.py) in the
 * background, waits until it answers, and later stops it and everything it started.
 *
 * @example
 * import { startHub, stopHub } from "./server";
 * const hub = await startHub(parseHubArgs(["--simple"]));
 * console.log(hub.url, hub.classPassword);
 * await stopHub(hub.state);
 */
import { spawn, spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import * as fs from "node:fs";
import * as path from "node:path";
import { repoRoot } from "../handout/tools";
import { UsageError, quoted } from "../usage";
import type { HubOptions } from "./options";
import { freePort, portFree, waitForHub } from "./net";
import { passwd, processesOf, stopProcesses } from "./processes";
import { blockedAt, studentPython } from "./python";

/** What the hub reads (hub/dlab_hub.py, DLAB_HUB_SETTINGS): the options, resolved. */
export interface HubSettings {
  root: string;
  state: string;
  node: string;
  mode: "users" | "simple";
  ip: string;
  port: number;
  hubPort: number;
  proxyApiPort: number;
  /** Port of the class view service (hub/dlab_class_service.py), on 127.0.0.1. */
  classPort: number;
  cert?: string;
  key?: string;
  auth: "shared" | "native";
  classPassword: string;
  adminPassword: string;
  admins: string[];
  homes: string;
  unixPrefix: string;
  cullMinutes: number;
  limits: HubOptions["limits"];
  /** The Python students' servers run (see python.ts). */
  python: string;
}

/** A running hub, as `dlab hub` prints it. */
export interface StartedHub {
  url: string;
  state: string;
  classPassword: string;
  admin: string;
  adminPassword: string;
  simple: boolean;
  pid: number;
}

const SETTINGS = "settings.json";
const PID = "dlab-hub.pid";

/** The state folder for these options (default: .hub in the checkout), as an absolute path. */
export function stateDir(state: string | undefined): string {
  return path.resolve(state ?? path.join(repoRoot(), ".hub"));
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

function readPid(state: string): number | undefined {
  const f = path.join(state, PID);
  const pid = fs.existsSync(f) ? Number(fs.readFileSync(f, "utf8").trim()) : NaN;
  return Number.isInteger(pid) && pid > 0 ? pid : undefined;
}

/** A password a lecturer can read out: groups of four letters and digits (no 0/o, 1/l). */
function password(groups: number): string {
  const alphabet = "abcdefghijkmnpqrstuvwxyz23456789";
  const bytes = randomBytes(groups * 4);
  const chars = Array.from(bytes, (b) => alphabet[b % alphabet.length]);
  return Array.from({ length: groups }, (_, i) => chars.slice(i * 4, i * 4 + 4).join("")).join("-");
}

/** Students' servers run as other users: every folder on the way to `p` must let them through. */
function checkReachable(p: string, what: string): void {
  const d = blockedAt(p);
  if (d) {
    const mode = (fs.statSync(d).mode & 0o777).toString(8);
    throw new Error(
      `students' Unix users cannot reach ${what} (${d} has mode ${mode}): ` +
        `put the checkout where all users can read it (e.g. under /opt) or run chmod o+x ${d}`,
    );
  }
}

/** Install the hub's Python packages (npm's set-up, pinned in requirements.txt) when they are missing. */
function ensureInstalled(root: string): void {
  const hub = path.join(root, ".venv", "bin", "jupyterhub");
  if (fs.existsSync(hub)) return;
  process.stderr.write("dlab hub: JupyterHub is not in .venv yet; running the set-up (npm run setup)\n");
  const res = spawnSync(process.execPath, [path.join(root, "scripts", "setup.mjs")], {
    cwd: root,
    stdio: "inherit",
  });
  if (res.status !== 0 || !fs.existsSync(hub))
    throw new Error("the set-up failed (see above); run `npm run setup` again");
}

/** The class kernelspec: .venv's dlab kernel, under prlimit's data cap and a V8 heap flag; returns its file. */
export function writeKernelspec(root: string, state: string, limits: HubOptions["limits"]): string {
  const base = path.join(root, ".venv", "share", "jupyter", "kernels", "dlab", "kernel.json");
  if (!fs.existsSync(base)) throw new Error(`${base} is missing: run \`npm run setup\` first`);
  const spec = JSON.parse(fs.readFileSync(base, "utf8")) as { argv: string[] };
  const prlimit = ["/usr/bin/prlimit", "/bin/prlimit"].find((p) => fs.existsSync(p));
  if (!prlimit) throw new Error("prlimit (util-linux) is missing: apt-get install util-linux");
  const bytes = limits.kernelMemMB * 1024 * 1024;
  const heapMB = Math.floor(limits.kernelMemMB * 0.75);
  const [node, ...rest] = spec.argv;
  spec.argv = [prlimit, `--data=${bytes}:${bytes}`, "--", node, `--max-old-space-size=${heapMB}`, ...rest];
  const env = { ...((spec as { env?: Record<string, string> }).env ?? {}) };
  if (limits.backend && limits.backend !== "auto") env.DLAB_BACKEND = limits.backend;
  else delete env.DLAB_BACKEND;
  (spec as { env?: Record<string, string> }).env = env;
  const dir = path.join(state, "jupyter", "kernels", "dlab");
  fs.mkdirSync(dir, { recursive: true });
  for (const d of [path.join(state, "jupyter"), path.join(state, "jupyter", "kernels"), dir])
    fs.chmodSync(d, 0o755);
  const file = path.join(dir, "kernel.json");
  fs.writeFileSync(file, JSON.stringify(spec, null, 2) + "\n", { mode: 0o644 });
  return file;
}

/** The settings for these options; passwords are kept from the last start unless --password is given. */
async function settingsFor(o: HubOptions, root: string, state: string): Promise<HubSettings> {
  const file = path.join(state, SETTINGS);
  const last = fs.existsSync(file) ? (JSON.parse(fs.readFileSync(file, "utf8")) as Partial<HubSettings>) : {};
  const hubPort = await freePort();
  let proxyApiPort = await freePort();
  while (proxyApiPort === hubPort) proxyApiPort = await freePort();
  let classPort = await freePort();
  while (classPort === hubPort || classPort === proxyApiPort) classPort = await freePort();
  return {
    root,
    state,
    node: process.execPath,
    mode: o.simple ? "simple" : "users",
    ip: o.ip,
    port: o.port,
    hubPort,
    proxyApiPort,
    classPort,
    ...(o.cert && o.key ? { cert: path.resolve(o.cert), key: path.resolve(o.key) } : {}),
    auth: o.auth,
    classPassword: o.password ?? last.classPassword ?? password(3),
    // JupyterHub asks for at least 32 characters here.
    adminPassword: last.adminPassword ?? password(8),
    admins: [o.admin],
    homes: path.resolve(o.homes),
    unixPrefix: "dlab-",
    cullMinutes: o.cullMinutes,
    limits: o.limits,
    python: o.simple ? path.join(root, ".venv", "bin", "python") : studentPython(root, state),
  };
}

function checkStart(o: HubOptions, root: string): void {
  if (process.platform !== "linux")
    throw new Error(`the class hub runs on Linux (this is ${process.platform}); on a laptop use npm start`);
  if (!o.simple && process.getuid?.() !== 0) {
    throw new Error(
      "a Unix user per student needs root: run `sudo npx dlab hub`, or `npx dlab hub --simple` to try it out (no isolation between students)",
    );
  }
  for (const f of [o.cert, o.key])
    if (f && !fs.existsSync(f))
      throw new UsageError(f === o.cert ? "--cert" : "--key", "an existing PEM file", quoted(f));
  for (const p of [
    path.join(root, "kernel", "dist", "main.js"),
    path.join(root, "node_modules", ".bin", "configurable-http-proxy"),
  ])
    if (!fs.existsSync(p)) throw new Error(`${p} is missing: run \`npm install\` first`);
  if (!o.simple) {
    checkReachable(root, "the dlab checkout");
    checkReachable(process.execPath, "Node.js");
  }
}

/**
 * Students' kernels must read the checkout (its node_modules), so an instructor's hidden checks
 * beside the labs (notebooks/<lab>.hidden.ts) are made readable by their owner only: `dlab grade`
 * runs as the lecturer, students never see them.
 */
export function hideHiddenChecks(root: string): string[] {
  const dir = path.join(root, "notebooks");
  const hidden = fs.existsSync(dir) ? fs.readdirSync(dir).filter((f) => f.endsWith(".hidden.ts")) : [];
  for (const f of hidden) fs.chmodSync(path.join(dir, f), 0o600);
  return hidden;
}

/** Start the hub in the background and wait until it answers; throws with the log's tail if it cannot. */
export async function startHub(o: HubOptions): Promise<StartedHub> {
  const root = repoRoot();
  checkStart(o, root);
  ensureInstalled(root);
  hideHiddenChecks(root);
  const state = stateDir(o.state);
  fs.mkdirSync(state, { recursive: true, mode: 0o711 });
  fs.chmodSync(state, 0o711);
  if (!o.simple) checkReachable(state, "the state folder");
  const running = readPid(state);
  if (running && alive(running))
    throw new Error(
      `a hub from ${state} is already running (pid ${running}): stop it first with \`npx dlab hub stop\``,
    );
  if (!(await portFree(o.port, o.ip)))
    throw new UsageError(
      "--port",
      `a port free on ${o.ip}`,
      `${o.port}, which is in use`,
      "choose another with --port N",
    );
  const settings = await settingsFor(o, root, state);
  fs.writeFileSync(path.join(state, SETTINGS), JSON.stringify(settings, null, 2) + "\n", { mode: 0o600 });
  fs.chmodSync(path.join(state, SETTINGS), 0o600);
  writeKernelspec(root, state, o.limits);
  if (o.simple) fs.mkdirSync(path.join(state, "homes"), { recursive: true, mode: 0o700 });

  const logFile = path.join(state, "hub.log");
  const out = fs.openSync(logFile, "a", 0o600);
  const child = spawn(
    path.join(root, ".venv", "bin", "jupyterhub"),
    ["-f", path.join(root, "hub", "jupyterhub_config.py")],
    {
      cwd: state,
      env: { ...process.env, DLAB_HUB_SETTINGS: path.join(state, SETTINGS), DLAB_HUB_STATE: state },
      detached: true,
      stdio: ["ignore", out, out],
    },
  );
  fs.closeSync(out);
  const pid = child.pid as number;
  fs.writeFileSync(path.join(state, PID), `${pid}\n`);
  let exited: number | null | undefined;
  child.on("exit", (code) => (exited = code ?? -1));
  child.unref();
  const scheme = settings.cert ? "https" : "http";
  const host = o.ip === "0.0.0.0" || o.ip === "::" ? "127.0.0.1" : o.ip;
  const url = `${scheme}://${host.includes(":") ? `[${host}]` : host}:${o.port}`;
  try {
    await waitForHub(url, 90_000, () => exited !== undefined);
  } catch (err) {
    await stopHub(state).catch(() => 0);
    const tail = fs.readFileSync(logFile, "utf8").split("\n").slice(-25).join("\n");
    throw new Error(
      `${err instanceof Error ? err.message : String(err)}\n--- ${logFile} (last lines) ---\n${tail}`,
    );
  }
  return {
    url,
    state,
    classPassword: settings.classPassword,
    admin: o.admin,
    adminPassword: settings.adminPassword,
    simple: o.simple,
    pid,
  };
}

/** Stop the hub started from `state` and every process it started; resolves to how many were still running. */
export async function stopHub(state: string): Promise<number> {
  const pid = readPid(state);
  let count = 0;
  if (pid && alive(pid)) {
    // JupyterHub stops the students' servers and the proxy itself on SIGTERM.
    count += await stopProcesses([pid], 30_000);
  }
  // Whatever is left: processes marked with this state folder, and any of the students' users.
  const users = path.join(state, "users.txt");
  const names = fs.existsSync(users) ? fs.readFileSync(users, "utf8").split("\n").filter(Boolean) : [];
  count += await stopProcesses(processesOf(state, names), 5_000);
  fs.rmSync(path.join(state, PID), { force: true });
  // The servers' runtime folders (kernel sockets), made by the spawner: /run/dlab-hub/<uid> or state/run.
  for (const u of passwd()) {
    if (names.includes(u.name) && u.uid >= 1000)
      fs.rmSync(path.join("/run/dlab-hub", String(u.uid)), { recursive: true, force: true });
  }
  fs.rmSync(path.join(state, "run"), { recursive: true, force: true });
  return count;
}
