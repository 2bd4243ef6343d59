/**
 * One ordered send queue per socket. zeromq 6 rejects a `send` while another one waits
 * ("Socket is busy writing"), and after ~500 sends in one event-loop turn it starts deferring
 * them, which is how a burst of display updates lost messages under tslab. The sockets here use
 * `sendTimeout: 0`, so zeromq hands each message to its I/O thread at once (never "busy"): output
 * leaves even while a synchronous cell blocks the event loop. A send that cannot be queued
 * (EAGAIN) keeps its place, and it and everything after it are retried in order.
 */

/** Anything with zeromq's `send` (and `writable`: whether a send would be queued at once). */
export interface Sendable {
  send(frames: Buffer[]): Promise<void>;
  readonly writable?: boolean;
}

/** How long to wait before retrying a send zeromq could not queue. */
const RETRY_MS = 2;
/** Give up on one message after this many retries (about 10 s); the error is reported. */
const MAX_RETRIES = 5000;

/** Sends frames in order. */
export class SendQueue {
  private readonly pending: Buffer[][] = [];
  private pumping: Promise<void> | null = null;
  private inFlight = 0;

  /** @example const q = new SendQueue(iopubSocket, (e) => log(e)); q.push(frames); */
  constructor(
    private readonly socket: Sendable,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Queue a message; returns at once. @example q.push([DELIM, sig, h, p, m, c]) */
  push(frames: Buffer[]): void {
    if (this.pending.length > 0 || this.pumping || this.socket.writable === false) {
      this.pending.push(frames);
      this.startPump();
      return;
    }
    // Fast path: nothing waits and zeromq can take it, so hand the message over now. Its
    // promise settles later, but the message is already queued in zeromq, in order.
    this.inFlight++;
    this.socket.send(frames).then(
      () => this.inFlight--,
      (err) => {
        this.inFlight--;
        if (!isWouldBlock(err)) return this.onError(err);
        this.pending.unshift(frames);
        this.startPump();
      },
    );
  }

  /** Resolves when everything queued so far has been handed to zeromq. @example await q.drain() */
  async drain(): Promise<void> {
    await new Promise((r) => setImmediate(r)); // let fast-path sends settle
    while (this.pumping || this.pending.length > 0) {
      this.startPump();
      await this.pumping;
    }
  }

  /** Messages waiting. @example q.length // → 0 */
  get length(): number {
    return this.pending.length;
  }

  private startPump(): void {
    if (!this.pumping) this.pumping = this.pump().finally(() => (this.pumping = null));
  }

  private async pump(): Promise<void> {
    while (this.pending.length > 0) {
      const frames = this.pending[0];
      for (let attempt = 0; ; attempt++) {
        try {
          await this.socket.send(frames);
          break;
        } catch (err) {
          if (!isWouldBlock(err) || attempt >= MAX_RETRIES) {
            this.onError(err);
            break;
          }
          await new Promise((r) => setTimeout(r, RETRY_MS));
        }
      }
      this.pending.shift();
    }
  }
}

function isWouldBlock(err: unknown): boolean {
  const code = (err as { code?: string; errno?: number })?.code;
  return code === "EAGAIN" || code === "EBUSY";
}
