// A bounded cache of what a read of a secret's current version returns: its metadata and its ciphertext (never
// plaintext: every read still opens the ciphertext under the keyring). A hit answers a read with no database round
// trip; the read is still audited (ADR 0027).
//
// It serves only while it is coherent: while every change to a secret reaches it. Changes made through this Nexus
// invalidate their path after their commit; changes made through another Nexus on the same database arrive as
// notifications (change-feed.ts, on the connection that also carries ADR 0020's notifications). While that feed is down the cache is off and empty.
import type { MetadataRow, VersionRow } from "./secrets-repository.js";

export interface CachedRead {
  readonly meta: MetadataRow;
  readonly row: VersionRow | undefined;
}

export class SecretReadCache {
  private readonly entries = new Map<string, CachedRead>();
  private coherent = false;
  /** Moves on every invalidation: a read that started before one must not fill the cache with what it read. */
  private generation = 0;

  constructor(private readonly capacity: number) {}

  get size(): number {
    return this.entries.size;
  }

  /** Starts or stops serving. Both directions drop every entry: whatever happened while it was off is unknown. */
  setCoherent(coherent: boolean): void {
    this.clear();
    this.coherent = coherent && this.capacity > 0;
  }

  get(path: string): CachedRead | undefined {
    if (!this.coherent) return undefined;
    const hit = this.entries.get(path);
    if (hit !== undefined) {
      // Most recently used last: Map keeps insertion order, so the first key is the eviction candidate.
      this.entries.delete(path);
      this.entries.set(path, hit);
    }
    return hit;
  }

  /** The token a read takes before it goes to the database, for `fill` afterwards. */
  ticket(): number {
    return this.generation;
  }

  /** Keeps what a read found, unless anything was invalidated since it took `ticket` (it may have read the old). */
  fill(path: string, ticket: number, value: CachedRead): void {
    if (!this.coherent || ticket !== this.generation) return;
    this.entries.delete(path);
    this.entries.set(path, value);
    if (this.entries.size > this.capacity) {
      const oldest = this.entries.keys().next();
      if (oldest.done !== true) this.entries.delete(oldest.value);
    }
  }

  invalidate(path: string): void {
    this.generation++;
    this.entries.delete(path);
  }

  clear(): void {
    this.generation++;
    this.entries.clear();
  }
}
