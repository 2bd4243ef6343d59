/**
 * The kernel's zeromq sockets. Shell (ROUTER) and iopub (PUB) live on the main thread; control,
 * stdin (ROUTER) and heartbeat (REP) on the io thread (io-thread.ts), so they are served while a
 * cell keeps the main thread busy. Incoming messages are authenticated by `wire.decode`;
 * everything sent goes through one {@link SendQueue} per socket.
 */
import * as zmq from "zeromq";
import { address, ConnectionInfo } from "./connection";
import { IoThread, type IoToMain } from "./io";
import { SendQueue } from "./send-queue";
import { replayFloor, SignatureHistory } from "./replay";
import { decode, DecodeOptions, encode, Header, Message, MAX_MESSAGE_BYTES, newHeader } from "./wire";
import { logKernel } from "./log";

/**
 * Messages IOPub keeps for each subscriber that has not read them yet; past it that subscriber
 * (only it) loses messages. A reading client takes them as they come, so this covers a burst of
 * 5,000 display updates produced faster than the client reads, with room to spare.
 */
export const IOPUB_HIGH_WATER_MARK = 10_000;

/** How long stream text may wait to be sent with the text written after it. */
export const STREAM_FLUSH_MS = 50;
/** Stream text is sent once this much waits (well under a message's size limit). */
export const STREAM_FLUSH_CHARS = 256 * 1024;

/** Stream text waiting to be published. */
interface PendingStream {
  parent: Header;
  name: "stdout" | "stderr";
  text: string;
  since: number;
}

/** Channels a message can arrive on. */
export type InChannel = "shell" | "control" | "stdin";

/** Bound sockets plus helpers to reply and publish. */
export class Channels {
  readonly key: Buffer;
  readonly session: string;
  private readonly sockets: { shell: zmq.Router; iopub: zmq.Publisher };
  private readonly queues: Record<"shell" | "iopub", SendQueue>;
  /** Serves control, stdin and heartbeat on a thread of its own (io-thread.ts). */
  private io?: IoThread;
  /** Stream text not yet published (see {@link Channels.stream}). */
  private pendingStream?: PendingStream;
  private streamTimer?: NodeJS.Timeout;
  /** The stream message sent last, and when (the first text after a quiet spell is not held). */
  private lastStream?: { parent: Header; name: "stdout" | "stderr"; at: number };
  private readonly seen = new SignatureHistory();
  private readonly checks: DecodeOptions;
  private dropped = 0;

  /**
   * @param flags the shared interrupt/input flags (interrupts.ts), which the io thread sets.
   * @param onIo receives what the io thread passes on: interrupts and control requests.
   * @example const ch = new Channels(info, randomUUID(), runtime.flags, onIo); await ch.bind();
   */
  constructor(
    private readonly info: ConnectionInfo,
    session: string,
    private readonly flags: Int32Array,
    private readonly onIo: (m: IoToMain) => void,
    private readonly onStreamWaiting: (waiting: boolean) => void = () => {},
  ) {
    this.key = Buffer.from(info.key, "utf8");
    this.session = session;
    this.checks = { ownSession: session, notBefore: replayFloor() };
    // sendTimeout 0: zeromq queues each message at once or fails with EAGAIN (see send-queue.ts).
    // maxMessageSize: subscribers send subscriptions, and a huge one would be kept.
    const iopub = new zmq.Publisher({ linger: 1000, sendTimeout: 0, maxMessageSize: MAX_MESSAGE_BYTES });
    // A subscriber that stops reading loses output past its high-water mark; the others never
    // wait for it (noDrop false: zeromq drops for the full subscriber instead of refusing the send).
    iopub.sendHighWaterMark = IOPUB_HIGH_WATER_MARK;
    iopub.noDrop = false;
    this.sockets = {
      shell: new zmq.Router({ linger: 1000, sendTimeout: 0, maxMessageSize: MAX_MESSAGE_BYTES }),
      iopub,
    };
    const onError = (err: unknown) => logKernel(`send failed: ${(err as Error).message ?? err}`);
    this.queues = {
      shell: new SendQueue(this.sockets.shell, onError),
      iopub: new SendQueue(this.sockets.iopub, onError),
    };
  }

  /** Bind every socket to the addresses of the connection file. @example await ch.bind() */
  async bind(): Promise<void> {
    const io = new IoThread(this.info, this.session, this.checks.notBefore ?? 0, this.flags, (m) => {
      if (m.type === "dropped") this.reportDropped(m.reason);
      else this.onIo(m);
    });
    this.io = io;
    await Promise.all([
      this.sockets.shell.bind(address(this.info, "shell")),
      this.sockets.iopub.bind(address(this.info, "iopub")),
      io.ready,
    ]);
  }

  /** Receive authenticated shell requests until the socket closes. @example ch.listen("shell", handle) */
  listen(channel: "shell", handle: (msg: Message) => void): void {
    const sock = this.sockets[channel];
    void (async () => {
      try {
        for await (const frames of sock) {
          const res = decode(this.key, frames, this.seen, this.checks);
          if ("rejected" in res) {
            this.reportDropped(res.rejected);
            continue;
          }
          handle(res.message);
        }
      } catch (err) {
        if (!sock.closed) logKernel(`${channel} receive failed: ${(err as Error).message}`);
      }
    })();
  }

  /** Reply to a request on the channel it came in on. @example ch.reply("shell", req, "kernel_info_reply", {...}) */
  reply(channel: InChannel, parent: Message, msgType: string, content: object, metadata: object = {}): void {
    const frames = this.frames(parent, msgType, content, metadata);
    if (channel === "shell") this.queues.shell.push(frames);
    else this.io?.send(channel, frames);
  }

  /**
   * Ask the user of the frontend that sent `parent` (an execute_request) for a line of text and
   * block until it comes (stdin channel); KeyboardInterrupt when interrupted instead.
   * @example const line = ch.input(req, "Your name: ", false, () => kernel.interrupt());
   */
  input(parent: Message, prompt: string, password: boolean, onInterrupt: () => void): string {
    if (!this.io) throw new Error("input: the kernel's sockets are not bound yet");
    return this.io.awaitInput(this.frames(parent, "input_request", { prompt, password }), onInterrupt);
  }

  private frames(parent: Message, msgType: string, content: object, metadata: object = {}): Buffer[] {
    return encode(this.key, {
      identities: parent.identities,
      header: newHeader(msgType, this.session),
      parent_header: parent.header,
      metadata: metadata as Record<string, unknown>,
      content: content as Record<string, unknown>,
    });
  }

  /** Publish on IOPub; `parent` is the request this output belongs to. @example ch.publish("status", {...}, req.header) */
  publish(
    msgType: string,
    content: object,
    parent: Header | Record<string, never> = {},
    metadata: object = {},
  ): void {
    this.flushStream();
    this.queues.iopub.push(
      encode(this.key, {
        identities: [Buffer.from(`kernel.${this.session}.${msgType}`)],
        header: newHeader(msgType, this.session),
        parent_header: parent,
        metadata: metadata as Record<string, unknown>,
        content: content as Record<string, unknown>,
      }),
    );
  }

  /**
   * Publish stream text (stdout/stderr of a cell). Consecutive writes to the same stream of the
   * same request are sent as one message, as ipykernel batches them: a loop of 100,000
   * `console.log`s is a few hundred messages, not 100,000. The first text of a request (or after
   * {@link STREAM_FLUSH_MS} without any) leaves at once; text after it waits at most that long
   * (checked at every write, so a synchronous loop's output still leaves while it runs) and
   * never waits behind any other message of the kernel.
   * @example ch.stream("stdout", "hello\n", req.header)
   */
  stream(name: "stdout" | "stderr", text: string, parent: Header): void {
    const p = this.pendingStream;
    if (p && (p.parent !== parent || p.name !== name)) this.flushStream();
    const last = this.lastStream;
    if (
      !this.pendingStream &&
      (!last ||
        last.parent !== parent ||
        last.name !== name ||
        performance.now() - last.at >= STREAM_FLUSH_MS)
    ) {
      // The first text after a quiet spell leaves at once: the timer below cannot fire while a
      // synchronous loop that follows it runs (`console.log("training…"); while (…) {…}`).
      this.lastStream = { parent, name, at: performance.now() };
      this.publish("stream", { name, text }, parent);
      return;
    }
    if (this.pendingStream) this.pendingStream.text += text;
    else {
      this.pendingStream = { parent, name, text, since: performance.now() };
      this.streamTimer = setTimeout(() => this.flushStream(), STREAM_FLUSH_MS);
      this.streamTimer.unref();
      this.onStreamWaiting(true);
    }
    const q = this.pendingStream as PendingStream;
    if (q.text.length >= STREAM_FLUSH_CHARS || performance.now() - q.since >= STREAM_FLUSH_MS)
      this.flushStream();
  }

  /** Send waiting stream text if it has waited its time (a running loop's tick calls this). */
  flushStreamIfDue(): void {
    const p = this.pendingStream;
    if (p && performance.now() - p.since >= STREAM_FLUSH_MS) this.flushStream();
  }

  private flushStream(): void {
    const p = this.pendingStream;
    if (!p) return;
    this.pendingStream = undefined;
    this.onStreamWaiting(false);
    clearTimeout(this.streamTimer);
    this.lastStream = { parent: p.parent, name: p.name, at: performance.now() };
    this.publish("stream", { name: p.name, text: p.text }, p.parent);
  }

  /** Wait until every queued message is handed to zeromq. @example await ch.drain() */
  async drain(): Promise<void> {
    this.flushStream();
    await Promise.all(Object.values(this.queues).map((q) => q.drain()));
  }

  /** Close every socket, the io thread's too. @example await ch.close() */
  async close(): Promise<void> {
    for (const s of Object.values(this.sockets)) s.close();
    await this.io?.close();
  }

  /** Count drops; say so in the kernel log without any part of the message (no signature leaks). */
  private reportDropped(reason: string): void {
    this.dropped++;
    // Bounded, so a flood of bad messages cannot flood the server log.
    if (this.dropped <= 20 || this.dropped % 1000 === 0) {
      logKernel(`dropped a message (${reason}); ${this.dropped} dropped so far`);
    }
  }
}
