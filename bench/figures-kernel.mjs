// A dlab kernel for bench/figures.mjs: started as Jupyter starts it (the kernelspec's argv), spoken
// to over zeromq with the kernel's own wire module (as bench/kernel.mjs does), and its IOPub read
// all along, as a frontend would, so the cost of publishing figures is in what is measured.
import { spawn } from "node:child_process";
import { randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { kernelArgv } from "../scripts/setup.mjs";

/** The checkout's root. */
export const ROOT = join(dirname(fileURLToPath(import.meta.url)), "..");
const require = createRequire(join(ROOT, "kernel", "package.json"));
const zmq = require("zeromq");
const { encode, decode, newHeader } = require("./dist/wire.js");

const freePort = () =>
  new Promise((res) => {
    const s = createServer().listen(0, "127.0.0.1", () => {
      const { port } = s.address();
      s.close(() => res(port));
    });
  });

/** Start this tree's kernel in `cwd`; `k.messages` collects IOPub messages ({ type, bytes }). */
export async function startKernel(cwd) {
  const key = randomBytes(16).toString("hex");
  const ports = {};
  for (const p of ["shell_port", "control_port", "iopub_port", "stdin_port", "hb_port"])
    ports[p] = await freePort();
  const info = { transport: "tcp", ip: "127.0.0.1", key, signature_scheme: "hmac-sha256", ...ports };
  const dir = mkdtempSync(join(tmpdir(), "dlab-bench-"));
  const file = join(dir, "kernel.json");
  writeFileSync(file, JSON.stringify(info));
  const [node, ...args] = kernelArgv(join(ROOT, "kernel", "dist", "main.js")).map((a) =>
    a === "{connection_file}" ? file : a,
  );
  const proc = spawn(node, args, { cwd, stdio: ["ignore", "ignore", "inherit"] });
  const shell = new zmq.Dealer({ linger: 0 });
  shell.connect(`tcp://127.0.0.1:${ports.shell_port}`);
  const iopub = new zmq.Subscriber({ linger: 0 });
  iopub.connect(`tcp://127.0.0.1:${ports.iopub_port}`);
  iopub.subscribe();
  const k = {
    proc,
    shell,
    iopub,
    key: Buffer.from(key),
    session: newHeader("x", "bench").msg_id,
    messages: [],
  };
  let open = true;
  void (async () => {
    while (open) {
      try {
        const frames = await iopub.receive();
        const res = decode(k.key, frames);
        const bytes = frames.reduce((n, f) => n + f.length, 0);
        if (res.message) k.messages.push({ type: res.message.header.msg_type, bytes });
      } catch {
        return;
      }
    }
  })();
  k.request = async (type, content) => {
    const header = newHeader(type, k.session);
    await shell.send(encode(k.key, { identities: [], header, parent_header: {}, metadata: {}, content }));
    for (;;) {
      const res = decode(k.key, await shell.receive());
      if (res.message && res.message.parent_header.msg_id === header.msg_id) return res.message;
    }
  };
  k.stop = async () => {
    await k.request("shutdown_request", { restart: false }).catch(() => {});
    open = false;
    shell.close();
    iopub.close();
    await new Promise((r) => (proc.exitCode !== null ? r() : proc.on("exit", r)));
    rmSync(dir, { recursive: true, force: true });
  };
  return k;
}

/** CPU seconds (user + system) a process has used, from /proc. */
export function cpuSeconds(pid) {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, "utf8").split(") ")[1].split(" ");
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return NaN;
  }
}

/** Run a cell; resolves with its execute_reply. */
export const execute = (k, code) =>
  k.request("execute_request", {
    code,
    silent: false,
    store_history: true,
    user_expressions: {},
    allow_stdin: false,
    stop_on_error: false,
  });
