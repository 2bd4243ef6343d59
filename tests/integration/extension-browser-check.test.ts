// JupyterLab's own smoke test for installed extensions, `python -m jupyterlab.browser_check`, run
// as shipped: it starts .venv's JupyterLab, loads it in a browser and fails on any error logged by
// the server or the page. Its browser step normally downloads a browser with `npx playwright
// install`; here the app dir it works in holds a `playwright` package that hands out the system
// Chromium through playwright-core instead, and a `playwright` command that installs nothing.
import { spawn } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync, readdirSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ARTIFACTS, CHROMIUM_ARGS, ROOT, VENV_BIN, freePort } from "./jupyterlab";

const LAB_DIR = join(ROOT, ".venv", "share", "jupyter", "lab");

/** An app dir that mirrors .venv's JupyterLab app dir, plus the browser shim (see the file comment). */
function appDirWithSystemChromium(scratch: string): string {
  const app = join(scratch, "lab");
  mkdirSync(app);
  for (const name of readdirSync(LAB_DIR)) symlinkSync(join(LAB_DIR, name), join(app, name));
  const pkg = join(app, "browser_test", "node_modules", "playwright");
  mkdirSync(join(pkg, "bin"), { recursive: true });
  writeFileSync(
    join(app, "browser_test", "package.json"),
    JSON.stringify({ name: "browser_test", private: true }),
  );
  writeFileSync(
    join(pkg, "package.json"),
    JSON.stringify({ name: "playwright", main: "index.js", bin: { playwright: "bin/cli.js" } }),
  );
  const core = JSON.stringify(join(ROOT, "node_modules", "playwright-core"));
  const exe = JSON.stringify(process.env.DLAB_CHROMIUM ?? "/usr/bin/chromium");
  writeFileSync(
    join(pkg, "index.js"),
    `const core = require(${core});\n` +
      `const args = ${JSON.stringify(CHROMIUM_ARGS)};\n` +
      `module.exports = { chromium: { launch: (o = {}) => core.chromium.launch({ ...o, executablePath: ${exe}, args }) } };\n`,
  );
  writeFileSync(
    join(pkg, "bin", "cli.js"),
    "#!/usr/bin/env node\n// The system Chromium is used: nothing to install.\n",
    { mode: 0o755 },
  );
  mkdirSync(join(app, "browser_test", "node_modules", ".bin"));
  symlinkSync(join(pkg, "bin", "cli.js"), join(app, "browser_test", "node_modules", ".bin", "playwright"));
  return app;
}

describe("python -m jupyterlab.browser_check", () => {
  it("passes with the dlab extension installed", { timeout: 240_000 }, async () => {
    expect(
      existsSync(join(ROOT, ".venv", "share", "jupyter", "labextensions", "dlab-extension", "package.json")),
    ).toBe(true);
    const scratch = mkdtempSync(join(tmpdir(), "dlab-bcheck-"));
    const out = join(ARTIFACTS, "browser-check");
    mkdirSync(out, { recursive: true });
    try {
      const port = await freePort();
      const env = {
        ...process.env,
        JUPYTERLAB_DIR: appDirWithSystemChromium(scratch),
        JUPYTER_CONFIG_DIR: join(scratch, "config"),
        JUPYTER_RUNTIME_DIR: join(scratch, "runtime"),
        JUPYTERLAB_SETTINGS_DIR: join(scratch, "settings"),
        JUPYTERLAB_WORKSPACES_DIR: join(scratch, "workspaces"),
        JLAB_BROWSER_CHECK_OUTPUT: out,
      };
      const args = [
        "-m",
        "jupyterlab.browser_check",
        `--ServerApp.port=${port}`,
        "--ServerApp.port_retries=0",
        "--ServerApp.ip=127.0.0.1",
      ];
      if (process.getuid?.() === 0) args.push("--allow-root");
      const child = spawn(join(VENV_BIN, "python"), args, {
        cwd: scratch,
        env,
        stdio: ["ignore", "pipe", "pipe"],
      });
      let log = "";
      child.stdout.on("data", (d) => (log += d));
      child.stderr.on("data", (d) => (log += d));
      const timer = setTimeout(() => child.kill("SIGKILL"), 200_000);
      const code = await new Promise<number | null>((r) => child.on("exit", (c) => r(c)));
      clearTimeout(timer);
      expect(log).toContain("dlab_extension: lab toolbar handlers registered");
      expect(log).toContain("Browser test complete");
      expect(code, log.slice(-4000)).toBe(0);
    } finally {
      rmSync(scratch, { recursive: true, force: true });
    }
  });
});
