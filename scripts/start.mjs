#!/usr/bin/env node
// `npm start`: make sure the set-up is complete, then open JupyterLab on notebooks/ with the
// dlab kernel, bound to 127.0.0.1 with token authentication (JupyterLab's defaults).
import { spawn } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { ROOT, VENV_BIN, SetupError, exitOnSetupError } from "./lib.mjs";
import { setup } from "./setup.mjs";

function portFree(port) {
  return new Promise((resolve) => {
    const srv = createServer();
    srv.once("error", () => resolve(false));
    srv.listen(port, "127.0.0.1", () => srv.close(() => resolve(true)));
  });
}

async function main() {
  await setup();
  const requested = process.env.DLAB_PORT ? Number(process.env.DLAB_PORT) : undefined;
  if (requested !== undefined && !(Number.isInteger(requested) && requested > 0 && requested < 65536)) {
    throw new SetupError(`DLAB_PORT must be a port number (1–65535); it is "${process.env.DLAB_PORT}".`);
  }
  let port = requested ?? 8888;
  if (!(await portFree(port))) {
    if (requested !== undefined) {
      throw new SetupError(
        `port ${port} (DLAB_PORT) is already in use on 127.0.0.1 — is another JupyterLab running?\n` +
          "  Stop it, or choose another port: DLAB_PORT=8890 npm start",
      );
    }
    process.stdout.write(`dlab: port ${port} is in use (another JupyterLab?); looking for a free one.\n`);
    while (!(await portFree(++port)) && port < 8988);
  }
  const args = [
    "lab",
    "--ServerApp.ip=127.0.0.1",
    `--ServerApp.port=${port}`,
    "--ServerApp.port_retries=0",
    `--ServerApp.root_dir=${join(ROOT, "notebooks")}`,
    // Lab-room machines and containers often run as root; JupyterLab refuses that unless told.
    ...(process.getuid?.() === 0 ? ["--allow-root"] : []),
    ...process.argv.slice(2),
  ];
  process.stdout.write(`dlab: opening JupyterLab on notebooks/ at http://127.0.0.1:${port}/lab\n`);
  const child = spawn(join(VENV_BIN, "jupyter"), args, { cwd: ROOT, stdio: "inherit" });
  const forward = (sig) => () => child.kill(sig);
  process.on("SIGINT", forward("SIGINT"));
  process.on("SIGTERM", forward("SIGTERM"));
  child.on("exit", (code, signal) => process.exit(code ?? (signal ? 0 : 1)));
}

main().catch(exitOnSetupError("start"));
