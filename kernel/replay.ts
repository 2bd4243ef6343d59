/**
 * Bounded memory of accepted signatures, so that a replayed message (the exact same signed
 * frames sent again) is dropped. As in jupyter_client's Session, the oldest half is forgotten
 * when the set is full: a message old enough to be forgotten carries a stale header anyway.
 */

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
