/**
 * The io thread: owns the control, stdin and heartbeat sockets, so that they are served while a
 * cell keeps the main thread busy (as ipykernel serves control and heartbeat on threads of their
 * own). It answers by itself what must not wait for the main thread:
 * - `interrupt_request`: sets the interrupt flag in shared memory (the running cell's next tick
 *   sees it, interrupts.ts), replies, and tells the main thread;
 * - `execute_request` on control: refused with an error reply (code runs from shell only);
 * - heartbeat: echoed;
 * - `input_reply` on stdin: written to shared memory, where the main thread waits for it (prompt()).
 * Everything else on control is passed to the main thread, whose replies it sends.
 */
import { parentPort, workerData } from "node:worker_threads";
import * as zmq from "zeromq";
import { address, type ConnectionInfo } from "./connection";
import { INPUT_LENGTH, INPUT_READY, type IoInit, type IoToMain, type MainToIo } from "./io";
import { FLAG } from "./interrupts";
import { watchParent } from "./parent";
import { SignatureHistory } from "./replay";
import { SendQueue } from "./send-queue";
import { decode, encode, MAX_MESSAGE_BYTES, newHeader, type DecodeOptions, type Message } from "./wire";

const init = workerData as IoInit;
const info: ConnectionInfo = init.info;
const key = Buffer.from(info.key, "utf8");
const flags = new Int32Array(init.flags);
const inputBytes = new Uint8Array(init.input);
const checks: DecodeOptions = { ownSession: init.session, notBefore: init.notBefore };
const post = (m: IoToMain) => parentPort?.postMessage(m);

const control = new zmq.Router({ linger: 1000, sendTimeout: 0, maxMessageSize: MAX_MESSAGE_BYTES });
const stdin = new zmq.Router({ linger: 0, sendTimeout: 0, maxMessageSize: MAX_MESSAGE_BYTES });
const hb = new zmq.Reply({ linger: 0, maxMessageSize: 1024 });
const onError = (err: unknown) =>
  post({ type: "log", line: `send failed: ${(err as Error).message ?? err}` });
const queues = { control: new SendQueue(control, onError), stdin: new SendQueue(stdin, onError) };

function reply(parent: Message, msgType: string, content: Record<string, unknown>): void {
  queues.control.push(
    encode(key, {
      identities: parent.identities,
      header: newHeader(msgType, init.session),
      parent_header: parent.header,
      metadata: {},
      content,
    }),
  );
}

function onControl(msg: Message): void {
  switch (msg.header.msg_type) {
    case "interrupt_request":
      Atomics.store(flags, FLAG, 1);
      reply(msg, "interrupt_reply", { status: "ok" });
      post({ type: "interrupt", message: msg });
      return;
    case "shutdown_request":
      // Stop the running cell too, so the main thread gets to the shutdown (ipykernel shuts down
      // from its control thread while a cell runs).
      Atomics.store(flags, FLAG, 1);
      post({ type: "control", message: msg });
      return;
    case "execute_request":
      reply(msg, "execute_reply", {
        status: "error",
        execution_count: null,
        ename: "ProtocolError",
        evalue: "execute_request is accepted on the shell channel only, not on control",
        traceback: ["ProtocolError: execute_request is accepted on the shell channel only, not on control"],
      });
      post({ type: "refused", message: msg });
      return;
    default:
      post({ type: "control", message: msg });
  }
}

function onStdin(msg: Message): void {
  if (msg.header.msg_type !== "input_reply") return;
  const value = typeof msg.content.value === "string" ? msg.content.value : "";
  const bytes = Buffer.from(value, "utf8");
  const n = Math.min(bytes.length, inputBytes.length);
  inputBytes.set(bytes.subarray(0, n));
  Atomics.store(flags, INPUT_LENGTH, bytes.length);
  Atomics.store(flags, INPUT_READY, 1);
  Atomics.notify(flags, INPUT_READY);
}

async function receive(
  sock: zmq.Router,
  channel: "control" | "stdin",
  seen: SignatureHistory,
): Promise<void> {
  try {
    for await (const frames of sock) {
      const res = decode(key, frames, seen, checks);
      if ("rejected" in res) {
        post({ type: "dropped", reason: res.rejected });
        continue;
      }
      if (channel === "control") onControl(res.message);
      else onStdin(res.message);
    }
  } catch (err) {
    if (!sock.closed) post({ type: "log", line: `${channel} receive failed: ${(err as Error).message}` });
  }
}

async function heartbeat(): Promise<void> {
  try {
    for await (const frames of hb) await hb.send(frames);
  } catch {
    // closed at shutdown
  }
}

async function start(): Promise<void> {
  await Promise.all([
    control.bind(address(info, "control")),
    stdin.bind(address(info, "stdin")),
    hb.bind(address(info, "hb")),
  ]);
  void receive(control, "control", new SignatureHistory());
  void receive(stdin, "stdin", new SignatureHistory());
  void heartbeat();
  post({ type: "ready" });
}

parentPort?.on("message", async (m: MainToIo) => {
  if (m.type === "send") {
    queues[m.channel].push(m.frames.map((f) => Buffer.from(f)));
    return;
  }
  // close: hand over what is queued, then close the sockets (a zeromq socket left open in a
  // thread aborts the process at exit).
  await Promise.race([
    Promise.all([queues.control.drain(), queues.stdin.drain()]),
    new Promise((r) => setTimeout(r, 1000)),
  ]);
  for (const s of [control, stdin, hb]) s.close();
  post({ type: "closed" });
});

start().catch((err) => post({ type: "failed", error: (err as Error).message }));

// Watched from this thread, which is free even while a cell spins: stop the cell, then shut down.
watchParent(process.env, () => {
  Atomics.store(flags, FLAG, 1);
  post({ type: "orphaned" });
});
