/**
 * A compile server: `node kernel/dist/compile-server.js <socket>`. Kernels started with
 * `DLAB_COMPILE_SERVER=<socket>` send their compile requests here instead of starting their own
 * compiler thread (compiler.ts), so that successive kernels parse Node's and tfjs's declarations
 * once, not once each (~2.2 CPU-s of a kernel's ~2.5 s warm-up). `dlab grade` starts one per
 * grading slot, as the grading user; a notebook kernel never uses one.
 *
 * One compiler thread (compiler-thread.ts) answers every connection, one request at a time, each
 * connection with its own converters. A kernel that goes away while a request of its is pending
 * (it was interrupted during a type check, or killed at a time limit) may have left the thread in
 * an endless type check: the thread is replaced and every other connection is closed, and their
 * kernels go on with a thread of their own (compiler.ts), so one submission never stalls another.
 *
 * The server reads nothing of a kernel's folder: it runs in a folder of its own, from which `dlab`
 * and the other packages resolve (its `node_modules`), and every kernel's cells are compiled as if
 * there. A kernel whose cell imports a file of its folder compiles on its own thread from then on
 * (compiler.ts). So a kernel connecting to it, as any local user could, learns nothing that it
 * could not read itself.
 *
 * Wire: JSON lines, requests (`CompileRequest`) in, answers (`CompilerReply`) out.
 *
 * @example
 * // in a folder whose node_modules has dlab:
 * // DLAB_KERNEL_USER=nobody node kernel/dist/compile-server.js /tmp/grade/cs/0.sock
 */
import "./log";
import * as fs from "node:fs";
import * as net from "node:net";
import { Worker } from "node:worker_threads";
import { onLines } from "dlab/dist/lines";
import type { CompileRequest, CompilerReply } from "./compiler";
import type { ServedRequest } from "./compiler-thread";
import { logKernel, realWrite } from "./log";
import { dropPrivileges } from "./privileges";
import { threadScript } from "./threads";

/**
 * Heap of the shared thread: the declarations (~100 MB) once, plus one small program per kernel
 * connected (dropped when it goes).
 */
const SERVER_HEAP_MB = 1024;

/** A kernel connected to the server. */
interface Client {
  socket: net.Socket;
  /** Requests sent to the thread and not answered yet. */
  pending: Set<number>;
}

/** A kernel's request, or undefined for a line that is not one. */
function parseRequest(line: string): CompileRequest | undefined {
  try {
    const msg = JSON.parse(line) as CompileRequest | null;
    return typeof msg === "object" && msg !== null && typeof msg.id === "number" ? msg : undefined;
  } catch {
    return undefined;
  }
}

/** Serve compile requests on `socketPath` until killed. @example serve("/tmp/g/cs/0.sock") */
export function serve(socketPath: string): net.Server {
  const clients = new Map<number, Client>();
  let nextConn = 1;
  let thread = startThread();

  function startThread(): Worker {
    const w = new Worker(threadScript("compiler-thread"), {
      resourceLimits: { maxOldGenerationSizeMb: SERVER_HEAP_MB, maxYoungGenerationSizeMb: 16 },
      stdout: true,
      stderr: true,
    });
    w.stdout.on("data", (d: Buffer) => realWrite.stderr(String(d)));
    w.stderr.on("data", (d: Buffer) => realWrite.stderr(String(d)));
    w.on("message", (reply: CompilerReply & { conn: number }) => {
      const c = clients.get(reply.conn);
      if (!c) return;
      c.pending.delete(reply.id);
      const { conn: _conn, ...answer } = reply;
      c.socket.write(JSON.stringify(answer) + "\n");
    });
    w.on("error", (err) => replace(`the compiler thread failed: ${err.message}`));
    w.on("exit", () => {
      if (thread === w) replace("the compiler thread stopped");
    });
    return w;
  }

  /** A fresh thread; the kernels of the old one go on with their own (their requests are lost here). */
  function replace(why: string): void {
    logKernel(`compile server: ${why}; starting a fresh compiler thread`);
    const old = thread;
    thread = startThread();
    void old.terminate();
    for (const c of clients.values()) c.socket.destroy();
    clients.clear();
  }

  const server = net.createServer((socket) => {
    const conn = nextConn++;
    const client: Client = { socket, pending: new Set() };
    clients.set(conn, client);
    onLines(socket, (line) => {
      if (socket.destroyed) return;
      const msg = parseRequest(line);
      if (!msg) {
        socket.destroy(); // not a kernel
        return;
      }
      client.pending.add(msg.id);
      const served: ServedRequest = { ...msg, conn };
      thread.postMessage(served);
    });
    socket.on("error", () => {});
    socket.on("close", () => {
      if (clients.get(conn) !== client) return;
      clients.delete(conn);
      if (client.pending.size > 0) replace("a kernel left during a type check");
      else thread.postMessage({ op: "drop", conn } satisfies ServedRequest);
    });
  });
  fs.rmSync(socketPath, { force: true });
  // every kernel connects, each as a user id of its own (driver-py.ts)
  server.listen(socketPath, () => fs.chmodSync(socketPath, 0o666));
  return server;
}

if (require.main === module) {
  const socketPath = process.argv[2];
  if (!socketPath) {
    logKernel("usage: node kernel/dist/compile-server.js <socket>");
    process.exit(2);
  }
  try {
    // before the socket exists: it, and everything the server reads, is the grading user's
    dropPrivileges(process.env.DLAB_KERNEL_USER);
  } catch (err) {
    logKernel(`dlab compile server: ${(err as Error).message}`);
    process.exit(1);
  }
  const server = serve(socketPath);
  server.on("error", (err) => {
    logKernel(`dlab compile server: ${err.message}`);
    process.exit(1);
  });
  const stop = () => {
    fs.rmSync(socketPath, { force: true });
    process.exit(0);
  };
  process.on("SIGTERM", stop);
  process.on("SIGINT", stop);
}
