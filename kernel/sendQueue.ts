/**
 * One ordered send queue per socket. zeromq 6 rejects a second `send` while one is pending
 * ("Socket is busy writing"), so every message waits for the previous one: nothing is lost and
 * order is kept, however fast a cell produces output.
 */

/** Anything with zeromq's `send`. */
export interface Sendable {
  send(frames: Buffer[]): Promise<void>;
}

/** Sends frames in order, one at a time. */
export class SendQueue {
  private readonly pending: Buffer[][] = [];
  private pumping: Promise<void> | null = null;

  /** @example const q = new SendQueue(iopubSocket, (e) => log(e)); q.push(frames); */
  constructor(
    private readonly socket: Sendable,
    private readonly onError: (err: unknown) => void = () => {},
  ) {}

  /** Queue a message; returns at once. @example q.push([DELIM, sig, h, p, m, c]) */
  push(frames: Buffer[]): void {
    this.pending.push(frames);
    if (!this.pumping) this.pumping = this.pump();
  }

  /** Resolves when everything queued so far has been handed to zeromq. @example await q.drain() */
  async drain(): Promise<void> {
    while (this.pumping) await this.pumping;
  }

  /** Messages waiting. @example q.length // → 0 */
  get length(): number {
    return this.pending.length;
  }

  private async pump(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const frames = this.pending.shift() as Buffer[];
        try {
          await this.socket.send(frames);
        } catch (err) {
          this.onError(err);
        }
      }
    } finally {
      this.pumping = null;
    }
  }
}
