// Shared by the integration and browser tests: start the project's real JupyterLab (from .venv) on
// 127.0.0.1 with a fresh token and isolated config/data/workspace folders, and drive the system
// Chromium through playwright-core. Everything started here is stopped by `stop()`.
import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync, existsSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { chromium, type Browser } from "playwright-core";

/** The repository root (this file lives in tests/integration/). */
export const ROOT = resolve(__dirname, "..", "..");
/** The project's Python environment. */
export const VENV_BIN = join(ROOT, ".venv", "bin");
/** Where tests save screenshots and other artifacts (git-ignored). */
export const ARTIFACTS = join(ROOT, "test-artifacts");

/** A free TCP port on 127.0.0.1, chosen by the OS. */
export function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const srv = createServer();
    srv.once("error", reject);
    srv.listen(0, "127.0.0.1", () => {
      const addr = srv.address();
      const port = typeof addr === "object" && addr ? addr.port : 0;
      srv.close(() => resolvePort(port));
    });
  });
}

export interface JupyterLab {
  /** e.g. http://127.0.0.1:41234 (no trailing slash) */
  baseUrl: string;
  token: string;
  port: number;
  /** The server's root directory (notebooks are opened relative to it). */
  rootDir: string;
  /** Calls the server's REST API with the token; throws on a non-2xx answer. */
  api<T = unknown>(path: string, init?: RequestInit): Promise<T>;
  /** The URL that opens a file in JupyterLab, token included. */
  labUrl(path?: string): string;
  /** Everything the server printed so far (for failure messages). */
  log(): string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /** Folder to serve; defaults to a fresh temp dir. Use `copyFrom` to start from a copy of a folder. */
  rootDir?: string;
  /** Copy this folder's contents into a fresh temp root dir first. */
  copyFrom?: string;
  /** Extra environment variables for the server (and so for its kernels). */
  env?: Record<string, string>;
  /** Extra command-line arguments for `jupyter lab`. */
  args?: string[];
  /** How long to wait for the server to answer. Defaults to 90 s. */
  timeoutMs?: number;
}

/** Start .venv's JupyterLab on 127.0.0.1 with token auth and isolated user folders. */
export async function startJupyterLab(opts: StartOptions = {}): Promise<JupyterLab> {
  const jupyter = join(VENV_BIN, "jupyter");
  if (!existsSync(jupyter)) throw new Error(`${jupyter} is missing: run \`npm install\` first`);
  const scratch = mkdtempSync(join(tmpdir(), "dlab-lab-"));
  let rootDir = opts.rootDir ?? join(scratch, "root");
  if (opts.copyFrom) cpSync(opts.copyFrom, rootDir, { recursive: true });
  else if (!opts.rootDir) mkdirSync(rootDir, { recursive: true });
  rootDir = resolve(rootDir);
  const port = await freePort();
  const token = randomBytes(24).toString("hex");
  const env = {
    ...process.env,
    JUPYTER_CONFIG_DIR: join(scratch, "config"),
    JUPYTER_RUNTIME_DIR: join(scratch, "runtime"),
    JUPYTERLAB_SETTINGS_DIR: join(scratch, "settings"),
    JUPYTERLAB_WORKSPACES_DIR: join(scratch, "workspaces"),
    JUPYTER_PLATFORM_DIRS: "1",
    ...opts.env,
  };
  const args = [
    "lab",
    "--no-browser",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--IdentityProvider.token=${token}`,
    `--ServerApp.root_dir=${rootDir}`,
    "--LabApp.news_url=",
    "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    // CI and these lab machines run as root; JupyterLab refuses that unless told.
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ...(opts.args ?? []),
  ];
  const child: ChildProcess = spawn(jupyter, args, { cwd: rootDir, env, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout?.on("data", (d) => (output += d));
  child.stderr?.on("data", (d) => (output += d));
  const baseUrl = `http://127.0.0.1:${port}`;

  const api = async <T>(path: string, init: RequestInit = {}): Promise<T> => {
    const res = await fetch(`${baseUrl}${path}`, {
      ...init,
      headers: {
        Authorization: `token ${token}`,
        "Content-Type": "application/json",
        ...(init.headers ?? {}),
      },
    });
    const text = await res.text();
    if (!res.ok) throw new Error(`${init.method ?? "GET"} ${path} → ${res.status}: ${text.slice(0, 500)}`);
    return (text ? JSON.parse(text) : undefined) as T;
  };

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((r) => child.once("exit", r));
      child.kill("SIGTERM");
      const timer = setTimeout(() => child.kill("SIGKILL"), 5000);
      await exited;
      clearTimeout(timer);
    }
    rmSync(scratch, { recursive: true, force: true });
  };

  const deadline = Date.now() + (opts.timeoutMs ?? 90_000);
  for (;;) {
    if (child.exitCode !== null) {
      await stop();
      throw new Error(`JupyterLab exited with ${child.exitCode} before answering:\n${output}`);
    }
    try {
      await api("/api/status");
      break;
    } catch {
      if (Date.now() > deadline) {
        await stop();
        throw new Error(`JupyterLab did not answer on ${baseUrl} in time:\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 250));
    }
  }
  return {
    baseUrl,
    token,
    port,
    rootDir,
    api,
    labUrl: (path = "") =>
      path
        ? `${baseUrl}/lab/tree/${path.split("/").map(encodeURIComponent).join("/")}?token=${token}`
        : `${baseUrl}/lab?token=${token}`,
    log: () => output,
    stop,
  };
}

/** The flags this machine's Chromium needs headless (no sandbox as root, no calls home). */
export const CHROMIUM_ARGS = [
  "--headless=new",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--disable-dev-shm-usage",
];

/** Launch the system Chromium (Debian's `chromium`); never a downloaded browser. */
export async function launchChromium(): Promise<Browser> {
  const executablePath = process.env.DLAB_CHROMIUM ?? "/usr/bin/chromium";
  if (!existsSync(executablePath)) {
    throw new Error(
      `${executablePath} is missing: install Debian's chromium (sudo apt-get install chromium)`,
    );
  }
  return chromium.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}
