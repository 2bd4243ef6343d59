/**
 * Replay protection. Within one kernel process: a bounded memory of accepted signatures, so that
 * a replayed message (the exact same signed frames sent again) is dropped; as in jupyter_client's
 * Session, the oldest half is forgotten when the set is full. Across a restart with the same key
 * (the memory is gone): signed messages dated before this process started, less an allowance for
 * clock skew, are dropped. A recording made within that allowance before a restart can still be
 * replayed once after it; the protocol has nothing stronger (no nonce from the kernel, and the
 * date is the client's clock).
 */
import { performance } from "node:perf_hooks";

/** Default allowance for clients whose clock runs behind the kernel's (Kerberos uses the same 5 min). */
export const DEFAULT_CLOCK_SKEW_S = 300;

/**
 * The earliest header date a signed message may carry: this process's start less the allowed
 * skew, `DLAB_KERNEL_CLOCK_SKEW_S` seconds (kernelspec `env`) or {@link DEFAULT_CLOCK_SKEW_S}.
 * @example decode(key, frames, seen, { notBefore: replayFloor() })
 */
export function replayFloor(
  env: NodeJS.ProcessEnv = process.env,
  startedAt = performance.timeOrigin,
): number {
  return startedAt - clockSkewSeconds(env) * 1000;
}

/**
 * The allowed clock skew in seconds; a bad value throws, naming the variable.
 * @example clockSkewSeconds({ DLAB_KERNEL_CLOCK_SKEW_S: "60" }) // → 60
 */
export function clockSkewSeconds(env: NodeJS.ProcessEnv = process.env): number {
  const text = env.DLAB_KERNEL_CLOCK_SKEW_S;
  if (text === undefined || text === "") return DEFAULT_CLOCK_SKEW_S;
  const s = Number(text);
  if (!Number.isFinite(s) || s < 0) {
    throw new RangeError(
      `DLAB_KERNEL_CLOCK_SKEW_S must be a number of seconds ≥ 0, got ${JSON.stringify(text)}`,
    );
  }
  return s;
}

/** A set of signatures that never grows past `capacity`. */
export class SignatureHistory {
  private readonly seen = new Set<string>();

  /** @example new SignatureHistory(65536) */
  constructor(private readonly capacity = 1 << 16) {
    if (!Number.isInteger(capacity) || capacity < 2) {
      throw new RangeError(`SignatureHistory: capacity must be an integer ≥ 2, got ${capacity}`);
    }
  }

  /** Whether this signature was accepted before. @example history.has(sig) // → false */
  has(sig: string): boolean {
    return this.seen.has(sig);
  }

  /** Remember a signature; forgets the oldest half when full. @example history.add(sig) */
  add(sig: string): void {
    if (this.seen.size >= this.capacity) {
      let drop = this.capacity >> 1;
      // A Set iterates in insertion order, so the first entries are the oldest.
      for (const old of this.seen) {
        if (drop-- <= 0) break;
        this.seen.delete(old);
      }
    }
    this.seen.add(sig);
  }

  /** How many signatures are remembered. @example history.size // → 0 */
  get size(): number {
    return this.seen.size;
  }
}
