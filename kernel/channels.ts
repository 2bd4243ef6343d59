/**
 * The kernel's five zeromq sockets: shell and control (ROUTER), iopub (PUB), stdin (ROUTER) and
 * heartbeat (REP). Incoming messages are authenticated by `wire.decode`; everything sent goes
 * through one {@link SendQueue} per socket.
 */
import * as zmq from "zeromq";
import { address, ConnectionInfo } from "./connection";
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

/** Channels a message can arrive on. */
export type InChannel = "shell" | "control" | "stdin";

/** Bound sockets plus helpers to reply and publish. */
export class Channels {
  readonly key: Buffer;
  readonly session: string;
  private readonly sockets: {
    shell: zmq.Router;
    control: zmq.Router;
    stdin: zmq.Router;
    iopub: zmq.Publisher;
    hb: zmq.Reply;
  };
  private readonly queues: Record<"shell" | "control" | "stdin" | "iopub", SendQueue>;
  private readonly seen = new SignatureHistory();
  private readonly checks: DecodeOptions;
  private dropped = 0;

  /** @example const ch = new Channels(info, randomUUID()); await ch.bind(); */
  constructor(
    private readonly info: ConnectionInfo,
    session: string,
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
      control: new zmq.Router({ linger: 1000, sendTimeout: 0 }),
      stdin: new zmq.Router({ linger: 0, sendTimeout: 0 }),
      iopub,
      hb: new zmq.Reply({ linger: 0 }),
    };
    const onError = (err: unknown) => logKernel(`send failed: ${(err as Error).message ?? err}`);
    this.queues = {
      shell: new SendQueue(this.sockets.shell, onError),
      control: new SendQueue(this.sockets.control, onError),
      stdin: new SendQueue(this.sockets.stdin, onError),
      iopub: new SendQueue(this.sockets.iopub, onError),
    };
  }

  /** Bind every socket to the addresses of the connection file. @example await ch.bind() */
  async bind(): Promise<void> {
    const names = ["shell", "control", "stdin", "iopub", "hb"] as const;
    await Promise.all(names.map((n) => this.sockets[n].bind(address(this.info, n))));
    void this.heartbeat();
  }

  /** Receive authenticated messages of a channel until the socket closes. @example ch.listen("shell", handle) */
  listen(channel: InChannel, handle: (msg: Message) => void): void {
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
    this.queues[channel].push(
      encode(this.key, {
        identities: parent.identities,
        header: newHeader(msgType, this.session),
        parent_header: parent.header,
        metadata: metadata as Record<string, unknown>,
        content: content as Record<string, unknown>,
      }),
    );
  }

  /** Publish on IOPub; `parent` is the request this output belongs to. @example ch.publish("status", {...}, req.header) */
  publish(
    msgType: string,
    content: object,
    parent: Header | Record<string, never> = {},
    metadata: object = {},
  ): void {
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

  /** Wait until every queued message is handed to zeromq. @example await ch.drain() */
  async drain(): Promise<void> {
    await Promise.all(Object.values(this.queues).map((q) => q.drain()));
  }

  /** Close every socket. @example ch.close() */
  close(): void {
    for (const s of Object.values(this.sockets)) s.close();
  }

  private async heartbeat(): Promise<void> {
    try {
      for await (const frames of this.sockets.hb) await this.sockets.hb.send(frames);
    } catch {
      // The socket was closed at shutdown.
    }
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
